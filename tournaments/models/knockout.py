"""Rounds and ties: the rules that decide a tie and name its round."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.db.models import F, Prefetch, Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from ..display import NUMBERED_KINDS, ROUND_NAMES, leg_label, round_name, versus
from ..vocabulary import DECISIVE_TIEBREAKS, HIGHER_SEED, LOWER_SEED, RoundKind, Tiebreak
from .competition import Team
from .live import REGULAR_TIME_PERIODS
from .needs import Needs, SideNeed, level_bands, to_go
from .querysets import TieQuerySet
from .tournament import Tournament

if TYPE_CHECKING:
    from .legs import Leg

# --------------------------------------------------------------------------------------
# Rounds, ties, legs and what happened in them
# --------------------------------------------------------------------------------------


class Round(models.Model):
    tournament = models.ForeignKey(
        Tournament, on_delete=models.CASCADE, related_name="rounds", verbose_name=_("tournament")
    )
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=[
            (kind.value, _("Round (numbered)") if kind == RoundKind.ROUND else label)
            for kind, label in ROUND_NAMES.items()
        ],
        help_text=_("The round's name is derived from it, in the reader's language."),
    )
    legs = models.PositiveSmallIntegerField(
        _("legs"),
        default=2,
        choices=[(1, _("one match")), (2, _("two legs"))],
        help_text=_("Two legs (home and away) or a single match at the higher seed's ground."),
    )
    tiebreak = models.JSONField(
        _("tiebreak"),
        default=list,
        help_text=_(
            "How ties are decided, in order: aggregate, then any of away_goals, extra_time, "
            "penalties, table_position."
        ),
    )

    class Meta:
        ordering = ["tournament", "number"]
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        constraints = [
            models.UniqueConstraint(fields=["tournament", "number"], name="round_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="round_number_positive"),
            models.CheckConstraint(condition=Q(legs__in=[1, 2]), name="round_one_or_two_legs"),
        ]

    def __str__(self):
        # "Apertura 2011 Final" in English, "Final del Apertura 2011" in Spanish.
        return _("%(tournament)s %(round)s") % {
            "tournament": self.tournament.display_name,
            "round": self.name,
        }

    @property
    def name(self) -> str:
        """The round's name in the active language ("Cuartos de final")."""
        if self.kind not in NUMBERED_KINDS:
            return round_name(self.kind, 1)  # named by its kind alone: no tournament to read
        return round_name(self.kind, *self.tournament.round_ordinal(self.number, self.kind))

    def english_name(self) -> str:
        """The name in English whatever the reader's language, as documents exchanged
        with other tools write it (the season JSON's round names)."""
        with translation.override("en"):
            return self.name

    def clean(self):
        """A round's tiebreak list starts with the aggregate, names each rule once, plays
        extra time before penalties, and ends with a rule that cannot leave a tie level."""
        rules = self.tiebreak
        valid = {rule.value for rule in Tiebreak}
        if not isinstance(rules, list) or not rules:
            raise ValidationError({"tiebreak": _("List how ties are decided.")})
        unknown = [str(r) for r in rules if not isinstance(r, str) or r not in valid]
        if unknown:
            raise ValidationError(
                {"tiebreak": _("Unknown tiebreak: %(rules)s.") % {"rules": ", ".join(unknown)}}
            )
        if rules[0] != Tiebreak.AGGREGATE:
            raise ValidationError({"tiebreak": _("The aggregate score always decides first.")})
        if len(set(rules)) != len(rules):
            raise ValidationError({"tiebreak": _("Each tiebreak may appear once.")})
        if rules[-1] not in DECISIVE_TIEBREAKS:
            raise ValidationError(
                {"tiebreak": _("The last tiebreak must be penalties or table position.")}
            )
        if (
            Tiebreak.EXTRA_TIME in rules
            and Tiebreak.PENALTIES in rules
            and rules.index(Tiebreak.PENALTIES) < rules.index(Tiebreak.EXTRA_TIME)
        ):
            raise ValidationError({"tiebreak": _("Extra time comes before penalties.")})
        self.check_tiebreak_change()

    def has_results(self) -> bool:
        return any(leg.is_played for tie in self.ties.all() for leg in tie.legs.all())

    def is_finished(self) -> bool:
        ties = list(self.ties.all())
        return bool(ties) and all(tie.is_decided for tie in ties)

    def undecided_ties(self) -> list[Tie]:
        return [tie for tie in self.ties.all() if not tie.is_decided]

    def unfinished_message(self) -> str:
        undecided = self.undecided_ties()
        if not undecided:
            return str(_("The %(round)s has no ties yet.") % {"round": self.name})
        details = "; ".join(f"{tie.pairing_label()}: {tie.missing}" for tie in undecided)
        return str(
            _("The %(round)s is not finished. Undecided: %(details)s.")
            % {"round": self.name, "details": details}
        )

    def create_ties(self, pairings) -> list[Tie]:
        """Create one tie per (higher seed, lower seed) pair with its legs: over two legs
        the lower seed hosts the first, the higher seed the second (home-and-away rule); a
        single match is played at the higher seed's ground."""
        return [
            self._create_tie(position, higher, lower)
            for position, (higher, lower) in enumerate(pairings, start=1)
        ]

    create_ties.alters_data = True

    def _create_tie(self, position, higher, lower) -> Tie:
        from .legs import Leg

        tie = Tie.objects.create(
            round=self, position=position, higher_seed=higher, lower_seed=lower
        )
        if self.legs == 1:
            Leg.objects.create(tie=tie, number=1, home=higher, away=lower)
        else:
            Leg.objects.create(tie=tie, number=1, home=lower, away=higher)
            Leg.objects.create(tie=tie, number=2, home=higher, away=lower)
        return tie

    def drawn_position(self, higher, lower) -> int:
        """Re-seeding rule for a tie entered by hand: it must be one of the pairings the
        draw gives this round (Tournament.expected_pairings), the right way round, and not
        drawn yet. Returns its position in the round; ValidationError keyed by field."""
        tournament = Tournament.objects.with_bracket().get(pk=self.tournament_id)
        expected = tournament.expected_pairings(self.number)
        if expected is None:
            raise ValidationError(
                {
                    "round": _(
                        "The round before this one is not finished, so its pairings are not "
                        "known yet."
                    )
                }
            )
        pairs = [(h.pk, lo.pk) for h, lo in expected]
        wanted = (higher.pk, lower.pk)
        if wanted not in pairs:
            if (lower.pk, higher.pk) in pairs:
                message = _("%(team)s is the higher seed of this pairing.") % {"team": lower}
                raise ValidationError({"higher_seed": message})
            raise ValidationError(
                {
                    "lower_seed": _(
                        "%(higher)s v %(lower)s is not a pairing of this round. The draw "
                        "gives: %(pairings)s."
                    )
                    % {
                        "higher": higher,
                        "lower": lower,
                        "pairings": "; ".join(versus(h, lo) for h, lo in expected),
                    }
                }
            )
        position = pairs.index(wanted) + 1
        if self.ties.filter(Q(position=position) | Q(higher_seed=higher)).exists():
            raise ValidationError({"higher_seed": _("This tie has already been drawn.")})
        return position

    def draw_tie(self, higher, lower) -> Tie:
        """Create one tie of the draw by hand (checked by drawn_position), with both legs."""
        with transaction.atomic():
            Tournament.objects.select_for_update().get(pk=self.tournament_id)
            return self._create_tie(self.drawn_position(higher, lower), higher, lower)

    draw_tie.alters_data = True

    def check_tiebreak_change(self):
        """Correction rule for a round's tiebreak list, asked before saving a changed list:
        every result already entered in the round must still be possible under the new
        list (no extra time or shoot-out it does not allow or need), and a change of who
        advanced from a tie is refused once a later round has results (as for a score)."""
        if self.pk is None:
            return
        stored = Round.objects.prefetch_related(
            Prefetch("ties", queryset=Tie.objects.select_related("higher_seed", "lower_seed")),
            "ties__legs",
        ).get(pk=self.pk)
        if stored.tiebreak == self.tiebreak:
            return
        changed = []
        for tie in stored.ties.all():
            before = tie.decision()
            tie.round = self
            legs = list(tie.legs.all())
            for leg in legs:
                leg.tie = tie
                errors = leg._clean_extra_time([other for other in legs if other is not leg])
                if errors:
                    raise ValidationError(
                        {
                            "tiebreak": _("%(leg)s: %(error)s")
                            % {"leg": leg_label(tie, leg), "error": next(iter(errors.values()))}
                        }
                    )
            after = tie.decision()
            tie.round = stored
            if before.winner != after.winner:
                changed.append(tie)
        if not changed:
            return
        later = Round.objects.filter(
            tournament_id=self.tournament_id, number__gt=self.number
        ).prefetch_related("ties__legs")
        for round_ in later:
            if round_.has_results():
                raise ValidationError(
                    {
                        "tiebreak": _(
                            "This change alters who advances from %(tie)s, but the %(round)s "
                            "already has results. Clear those results first."
                        )
                        % {"tie": changed[0].pairing_label(), "round": round_.name}
                    }
                )

    def bye_teams(self) -> list[Team]:
        return self.tournament.bye_teams() if self.number == 1 else []

    def schedule_legs(self, fixtures) -> int:
        """Fixture rule for a whole round at once (one form per round): each of the
        round's legs as (leg, kick-off or None, date, venue, version the edit began at),
        saved by Leg.schedule, all or nothing. Returns how many legs changed."""
        with transaction.atomic():
            changed = 0
            for leg, kickoff, date, venue, version in fixtures:
                if leg.tie.round_id != self.pk:
                    raise ValidationError(_("That match is not of this round."))
                changed += leg.schedule(kickoff, venue, date=date, expected_version=version)
        return changed

    schedule_legs.alters_data = True

    def leg_days(self) -> list[tuple[int, list[Leg]]]:
        """The round's matches as a fixture list: every first leg, then every second
        leg, each in the order they are played (day, then kick-off; tie order where the
        source gives neither): [(1, [legs]), (2, [legs])]."""
        by_number: dict[int, list[Leg]] = {}
        for tie in self.ties.all():
            for leg in tie.leg_list():
                by_number.setdefault(leg.number, []).append(leg)
        for legs in by_number.values():
            legs.sort(key=_played_order)  # stable: tie order within a day
        return sorted(by_number.items())


def _played_order(leg):
    """A leg's place in a fixture list: its day, then its kick-off; unknown last."""
    return (leg.date is None, leg.date, leg.kickoff is None, leg.kickoff)


@dataclass(frozen=True)
class Decision:
    """How a tie stands: its winner and the rule that decided it, or what is missing,
    in the language of whoever reads it (a lazy text: a tie decided once, kept in the
    cache, is shown in each language; models/records.py)."""

    winner: Team | None = None
    loser: Team | None = None
    decided_by: str | None = None
    missing: str = ""


class Tie(models.Model):
    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="ties", verbose_name=_("round")
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=1, help_text=_("Order within the round, 1 is the best seed's tie.")
    )
    higher_seed = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="+", verbose_name=_("higher seed")
    )
    lower_seed = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="+", verbose_name=_("lower seed")
    )

    objects = TieQuerySet.as_manager()

    class Meta:
        ordering = ["round", "position"]
        verbose_name = _("tie")
        verbose_name_plural = _("ties")
        constraints = [
            models.CheckConstraint(
                condition=~Q(higher_seed=F("lower_seed")), name="tie_team_cannot_play_itself"
            ),
            models.UniqueConstraint(fields=["round", "higher_seed"], name="tie_unique_higher"),
            models.UniqueConstraint(fields=["round", "lower_seed"], name="tie_unique_lower"),
            models.UniqueConstraint(fields=["round", "position"], name="tie_unique_position"),
        ]

    def __str__(self):
        return f"{self.pairing_label()} ({self.round.name})"

    def pairing_label(self):
        return versus(self.higher_seed, self.lower_seed)

    def clean(self):
        if self.higher_seed_id and self.higher_seed_id == self.lower_seed_id:
            raise ValidationError({"lower_seed": _("A team cannot play itself.")})

    # Legs are read through the (prefetchable) related manager so a bracket page costs
    # the same number of queries for 7 teams as for 64.
    def legs_by_number(self, legs=None) -> dict[int, Leg]:
        return {leg.number: leg for leg in (self.leg_list() if legs is None else legs)}

    def leg_list(self) -> list[Leg]:
        """The legs, from the prefetch when there is one. Read as they are: `legs.all()`
        clones the prefetched query on every call, and the rules above ask for the legs
        several times per tie (a tenth of a cold 64-team results page)."""
        prefetched = getattr(self, "_prefetched_objects_cache", {}).get("legs")
        return list(prefetched) if prefetched is not None else list(self.legs.all())

    @property
    def first_leg(self) -> Leg | None:
        return self.legs_by_number().get(1)

    @property
    def second_leg(self) -> Leg | None:
        return self.legs_by_number().get(2)

    @property
    def last_leg(self) -> Leg | None:
        """The leg after which extra time and penalties are played (the only one of a
        single match)."""
        return self.legs_by_number().get(self.round.legs)

    def goals_for(self, team_id, legs=None, *, extra_time=True) -> int:
        total = 0
        for leg in self.legs_by_number(legs).values():
            if leg.is_played:
                total += leg.goals_of(team_id, extra_time=extra_time)
        return total

    def away_goals_for(self, team_id, legs=None) -> int:
        """Goals a team scored as the visitor, in regular time."""
        return sum(
            leg.goals_of(team_id, extra_time=False)
            for leg in self.legs_by_number(legs).values()
            if leg.is_played and leg.away_id == team_id
        )

    def aggregate(self, legs=None) -> tuple[int, int] | None:
        """(higher seed's goals, lower seed's goals) over the legs played, extra time
        included; None before any leg has a result."""
        if not any(leg.is_played for leg in self.legs_by_number(legs).values()):
            return None
        return (
            self.goals_for(self.higher_seed_id, legs),
            self.goals_for(self.lower_seed_id, legs),
        )

    def decision(self, legs=None) -> Decision:
        """Deciding rule: the aggregate score over both legs (or the score of a single
        match); when it is level, the round's ordered tiebreak list decides: away goals,
        extra time after the last leg, a penalty shoot-out, or the higher seed's better
        table position.

        `legs` lets a form ask what a not-yet-saved result would mean.
        """
        by_number = self.legs_by_number(legs)
        first, second = by_number.get(1), by_number.get(self.round.legs)
        if first is None or not first.is_played:
            if self.round.legs == 1:
                return Decision(missing=_("the match has no result yet"))
            return Decision(missing=_("the first leg has no result yet"))
        if second is None or not second.is_played:
            return Decision(missing=_("the second leg has no result yet"))
        higher, lower = self.higher_seed, self.lower_seed
        for rule in self.round.tiebreak:
            if rule == Tiebreak.EXTRA_TIME and not second.has_extra_time:
                return Decision(missing=_("level on aggregate: extra time not entered"))
            if rule == Tiebreak.PENALTIES and not second.has_penalties:
                return Decision(missing=_("level: penalty shoot-out not entered"))
            counts = self.tiebreak_counts(rule, by_number.values())
            if counts is None or counts[0] != counts[1]:
                winner = higher if counts is None or counts[0] > counts[1] else lower
                loser = lower if winner == higher else higher
                return Decision(winner=winner, loser=loser, decided_by=rule)
        return Decision(missing=_("still level after every tiebreak of the round"))

    def tiebreak_counts(self, rule, legs=None) -> tuple[int, int] | None:
        """What a tiebreak rule compares, as (higher seed's, lower seed's): goals in regular
        time for the aggregate, goals as the visitor for away goals, goals with extra time
        for extra time, kicks scored for the shoot-out; None for table position, which
        compares nothing (the higher seed goes through). The one comparator of the
        decision and of the checks on extra time and shoot-outs (`level_before`)."""
        by_number = self.legs_by_number(legs)
        legs = by_number.values()
        high, low = self.higher_seed_id, self.lower_seed_id
        if rule == Tiebreak.AGGREGATE:
            return (
                self.goals_for(high, legs, extra_time=False),
                self.goals_for(low, legs, extra_time=False),
            )
        if rule == Tiebreak.AWAY_GOALS:
            return self.away_goals_for(high, legs), self.away_goals_for(low, legs)
        if rule == Tiebreak.EXTRA_TIME:
            return self.goals_for(high, legs), self.goals_for(low, legs)
        if rule == Tiebreak.PENALTIES:
            second = by_number[self.round.legs]
            return second.penalties_of(high), second.penalties_of(low)
        return None

    def level_before(self, rule, legs=None) -> bool:
        """Is the tie still level when the round's tiebreak list reaches `rule`? (Extra
        time and a shoot-out are only played then.)"""
        rules = self.round.tiebreak
        for step in rules[: rules.index(rule)]:
            counts = self.tiebreak_counts(step, legs)
            if counts is None or counts[0] != counts[1]:
                return False
        return True

    def needs(self, score: tuple[int, int] | None = None) -> Needs | None:
        """Scenario rule: what each side needs from the deciding match (the second leg, or
        a single match) before it is played, or, given its `score` so far (home, away),
        while it is being played. Read from the round's tiebreak list as Tie.decision
        applies it to the 90 minutes: the host (the higher seed) goes through with a goal
        difference above the one that levels the aggregate, the visitor below it; level,
        the first rule after the aggregate decides: away goals (regular time: the host's
        from the first leg against the visitor's in this match), then the next rule; table
        position sends the host through; extra time or penalties are what the tie goes to.
        None when there is nothing to say: a first leg still to play, or a played match."""
        by_number = self.legs_by_number()
        deciding = by_number.get(self.round.legs)
        if deciding is None or (deciding.is_played and score is None):
            return None
        higher, lower = self.higher_seed, self.lower_seed
        if self.round.legs == 1:
            host_away_goals = lead = 0
        else:
            first = by_number.get(1)
            if first is None or not first.is_played:
                return None
            host_away_goals = first.goals_of(higher.pk, extra_time=False)
            lead = first.goals_of(lower.pk, extra_time=False) - host_away_goals
        rules = list(self.round.tiebreak)
        if not rules or rules[0] != Tiebreak.AGGREGATE or rules[-1] not in DECISIVE_TIEBREAKS:
            return None  # a list Round.clean refuses: nothing sure to say
        level = level_bands(rules, lead, host_away_goals)
        outcomes = {band.outcome for band in level}
        higher_band = next((b for b in level if b.outcome == HIGHER_SEED), None)
        lower_band = next((b for b in level if b.outcome == LOWER_SEED), None)
        needs = Needs(
            higher=SideNeed(
                higher,
                True,
                lead if outcomes == {HIGHER_SEED} else lead + 1,
                None if outcomes == {HIGHER_SEED} else higher_band,
            ),
            lower=SideNeed(
                lower,
                False,
                -lead if outcomes == {LOWER_SEED} else 1 - lead,
                None if outcomes == {LOWER_SEED} else lower_band,
            ),
            single=self.round.legs == 1,
            level_difference=lead,
            level=level,
            after_extra_time=tuple(rules[rules.index(Tiebreak.EXTRA_TIME) + 1 :])
            if Tiebreak.EXTRA_TIME in rules
            else (),
        )
        if score is None:
            return needs
        return replace(needs, score=tuple(score), to_go=to_go(needs, score))

    def needs_now(self) -> Needs | None:
        """Scenario rule as the tie stands now: before the deciding match, what each side
        needs from it; while its 90 minutes are played, the same from the score so far
        (what it would mean, what each side still needs). Nothing once extra time or a
        shoot-out has begun (the 90 minutes' scenarios are over), nor for a decided tie."""
        deciding = self.legs_by_number().get(self.round.legs)
        if deciding is None or deciding.is_played:
            return None
        if not deciding.is_live:
            return self.needs()
        if deciding.live_period not in REGULAR_TIME_PERIODS:
            return None
        return self.needs((deciding.live_home_score, deciding.live_away_score))

    @cached_property
    def _decision(self) -> Decision:
        # Cached per instance: a page asks for winner, reason and loser of the same tie.
        return self.decision()

    @property
    def winner(self) -> Team | None:
        return self._decision.winner

    @property
    def loser(self) -> Team | None:
        return self._decision.loser

    @property
    def decided_by(self) -> str | None:
        return self._decision.decided_by

    @property
    def is_decided(self) -> bool:
        return self._decision.winner is not None

    @property
    def missing(self) -> str:
        return self._decision.missing

    @property
    def is_final(self) -> bool:
        """Final rule: the final is the only tie of its tournament's last round. Reads the
        `ties_in_round` annotation (TieQuerySet.with_round_size) when present."""
        if self.round.number != self.round.tournament.round_count():
            return False
        size = getattr(self, "ties_in_round", None)
        if size is None:
            size = self.round.ties.count()
        return size == 1

    # -- how a fan reads the tie --------------------------------------------------------

    @property
    def higher_seed_number(self) -> int | None:
        return self.round.tournament.round_seed_numbers(self.round.number).get(self.higher_seed_id)

    @property
    def lower_seed_number(self) -> int | None:
        return self.round.tournament.round_seed_numbers(self.round.number).get(self.lower_seed_id)

    def upcoming_legs(self) -> list[Leg]:
        """The legs still to be played, for an undecided tie ("2nd leg: 27 Nov")."""
        return [leg for leg in self.legs.all() if not leg.is_played]
