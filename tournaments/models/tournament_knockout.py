"""How a tournament's knockout is played: its format, byes, the rounds and their names,
the pairings each round must have (re-seeding, best against worst), drawing the next round
(`advance`) and keeping later rounds in line after a correction (`refresh_pairings`).
A mixin of Tournament (tournament.py); re-exported through models/__init__.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .. import bracket, formats
from ..display import round_name, versus
from ..vocabulary import RoundKind
from .errors import AdvanceError, CorrectionRefused

if TYPE_CHECKING:
    from .competition import Team
    from .knockout import Round, Tie


class TournamentKnockout:
    """Knockout format, pairing and drawing rules of Tournament."""

    # -- format and bracket -------------------------------------------------------------

    def bye_teams(self) -> list[Team]:
        """Bye rule: the bracket is the next power of two and the top seeds fill the gap
        (7 qualifiers: seed 1 goes straight to the semi-finals; 12: seeds 1-4). A format of
        the catalogue says itself who joins which round."""
        if self.knockout_format():
            return []
        byes, _playing = bracket.split_byes(self.seeded_teams())
        return byes

    def round_count(self) -> int:
        fmt = self.knockout_format()
        return len(fmt.rounds) if fmt else bracket.round_count(self.qualifiers)

    def knockout_format(self) -> formats.Format | None:
        """The catalogue's format this tournament is played in (tournaments/formats.py)."""
        return formats.FORMATS.get(self.format)

    def round_ordinal(self, number: int, kind: str) -> tuple[int, int]:
        """Round-numbering rule: round `number` of kind `kind` is numbered within its kind
        (formats.kind_ordinal: a Liga de Expansión "Round 1" after a play-in is Round 1,
        the play-in's two rounds are 1 and 2 of 2), read from the catalogue format without a
        query. Without a format, numbered rounds can only open the bracket (the rounds
        larger than the named ones), so their position is their number."""
        fmt = self.knockout_format()
        if fmt and number <= len(fmt.rounds) and fmt.rounds[number - 1].kind == kind:
            return formats.kind_ordinal([spec.kind for spec in fmt.rounds], number)
        return number, 1

    def knockout_plan(self, number: int, qualified=None) -> formats.Plan:
        """Pairing rule of a catalogue format (formats.plan): round `number`'s pairings
        from the general table and the winners of the rounds before it. `qualified`: the
        qualified clubs in seed order (seeded_teams), when the caller has read them."""
        rounds = {r.number: r for r in self.rounds.all()}

        def winners(n):
            ties = list(rounds[n].ties.all()) if n in rounds else []
            return [(t.higher_seed, t.lower_seed, t.winner) for t in ties] or None

        fmt = self.knockout_format()
        if qualified is not None:
            return formats.plan(fmt, qualified, winners, number)
        table = [entry.team for entry in self.full_table()]
        barred = self.barred_team()
        if barred in table and len(table) > fmt.qualifiers:
            # The barred club gives its place to the next club in the table (none: no bar).
            table.remove(barred)
        return formats.plan(fmt, table, winners, number)

    def round_seed_numbers(self, number: int, table_seeds=None) -> dict[int, int]:
        """Team id → seed as round `number` is played. The general table's seeds
        (`table_seeds` when the caller has them), except after a play-in (formats.plan):
        the winner of 7 v 8 is seed 7, the winner of the second play-in match seed 8,
        whatever their table positions. Read once per round and instance."""
        fmt = self.knockout_format()
        if not fmt or all(spec.pairing == formats.BEST_V_WORST for spec in fmt.rounds):
            return self.seed_numbers() if table_seeds is None else table_seeds
        memo = self.__dict__.setdefault("_round_seeds", {})
        if number not in memo:
            seeds = self.knockout_plan(number, qualified=self.seeded_teams()).seeds
            memo[number] = {team.pk: seed for team, seed in seeds.items()}
        return memo[number]

    def bracket_columns(self) -> list[BracketColumn]:
        """The bracket as columns, one per round of the knockout: the ties drawn so far,
        the teams with a bye in the first round (in a catalogue format, the clubs joining
        the second: formats.first_round_byes), and empty slots for ties not yet drawn
        (a round has half as many ties as the one before; byes fill the first)."""
        rounds = {r.number: r for r in self.rounds.all()}
        fmt = self.knockout_format()
        if fmt:
            waiting = formats.first_round_byes(fmt, self.seeded_teams())
            return [
                BracketColumn(
                    number=number,
                    name=(
                        rounds[number].name
                        if number in rounds
                        else round_name(spec.kind, *self.round_ordinal(number, spec.kind))
                    ),
                    round=rounds.get(number),
                    ties=list(rounds[number].ties.all()) if number in rounds else [],
                    byes=waiting if number == 1 else [],
                    pending=max(
                        count - (rounds[number].ties.count() if number in rounds else 0), 0
                    ),
                    legs=spec.legs,
                )
                for number, (spec, count) in enumerate(
                    zip(fmt.rounds, formats.tie_counts(fmt), strict=True), start=1
                )
            ]
        size = bracket.bracket_size(self.qualifiers)
        byes = self.bye_teams()
        columns = []
        for number in range(1, self.round_count() + 1):
            round_ = self.round(number)
            ties = list(round_.ties.all()) if round_ else []
            expected = size // 2**number - (len(byes) if number == 1 else 0)
            columns.append(
                BracketColumn(
                    number=number,
                    name=round_.name if round_ else self.planned_round_name(number),
                    round=round_,
                    ties=ties,
                    byes=byes if number == 1 else [],
                    pending=max(expected - len(ties), 0),
                    legs=round_.legs if round_ else 2,
                )
            )
        return columns

    def round(self, number: int) -> Round | None:
        """Round `number` of this tournament, read from the (prefetchable) rounds."""
        return next((r for r in self.rounds.all() if r.number == number), None)

    def rounds_in_order(self) -> list[Round]:
        return sorted(self.rounds.all(), key=lambda r: r.number)

    def teams_for_round(self, number: int) -> list[Team] | None:
        """The teams that play round `number`, best seed first, or None while the round
        before it is undecided. Round 1 is the qualifiers without byes; every later round
        is the previous round's winners plus, in round 2, the teams that had byes."""
        seeds = self.seed_numbers()
        entries = self.seeds()
        if number == 1:
            _byes, playing = bracket.split_byes([e.team for e in entries])
            return playing
        previous = self.round(number - 1)
        ties = list(previous.ties.all()) if previous else []
        if not ties or any(not tie.is_decided for tie in ties):
            return None
        teams = [tie.winner for tie in ties]
        if number == 2:
            teams += self.bye_teams()
        return sorted(teams, key=lambda team: seeds[team.pk])

    def expected_pairings(self, number: int) -> list[tuple[Team, Team]] | None:
        """Re-seeding rule: each round pairs the best remaining seed with the worst, the
        second-best with the second-worst, and so on; (higher seed, lower seed) pairs. A
        catalogue format pairs as it declares (the play-in, for one)."""
        if self.knockout_format():
            return self.knockout_plan(number).pairings
        teams = self.teams_for_round(number)
        return None if teams is None else bracket.pair_best_with_worst(teams)

    def next_round_number(self) -> int | None:
        """The first round that has no ties yet, or None when every round is drawn."""
        for number in range(1, self.round_count() + 1):
            round_ = self.round(number)
            if round_ is None or not round_.ties.exists():
                return number
        return None

    def advance(self, number: int | None = None) -> list[Tie]:
        """Advancing rule: once every tie of a round is decided, create the next round's
        ties from its winners (plus the teams that had byes), re-seeded, best against
        worst, the lower seed at home in the first leg and the higher seed in the second.

        `number` is the round to create (default: the first round without ties). Creating a
        round that already has its ties returns [] and changes nothing, so a repeated or
        concurrent request is harmless; the tournament row is locked while it runs and
        unique constraints on (round, team) back this up. Raises AdvanceError, with the
        undecided ties and what they miss, while the previous round is unfinished.
        """
        from .tournament import Tournament

        with transaction.atomic():
            locked = Tournament.objects.select_for_update().get(pk=self.pk)
            # Fresh reads inside the lock; nothing cached from before it.
            locked = Tournament.objects.with_bracket().get(pk=locked.pk)
            if number is None:
                number = locked.next_round_number()
                if number is None:
                    raise AdvanceError(_("Every round of this tournament has been drawn."))
            if not 1 <= number <= locked.round_count():
                raise AdvanceError(
                    _("This tournament has %(count)s rounds; there is no round %(number)s."),
                    params={"count": locked.round_count(), "number": number},
                )
            round_ = locked.round(number)
            if round_ is not None and round_.ties.exists():
                return []
            pairings = locked.expected_pairings(number)
            if pairings is None:
                previous = locked.round(number - 1)
                raise AdvanceError(previous.unfinished_message())
            if round_ is None:
                round_ = locked._create_round(number)
            created = round_.create_ties(pairings)
        self.forget_seeds()
        return created

    advance.alters_data = True

    def planned_round_kind(self, number: int) -> RoundKind:
        """A round not planned in advance is named by the bracket slots it has (8 slots:
        the quarter-finals), round 1 being the whole bracket."""
        return RoundKind.for_teams(bracket.bracket_size(self.qualifiers) // 2 ** (number - 1))

    def planned_round_name(self, number: int) -> str:
        kind = self.planned_round_kind(number)
        return round_name(kind, *self.round_ordinal(number, kind))

    def _create_round(self, number):
        """A round not planned in advance takes its kind, legs and tiebreak from the
        tournament's format (default_tiebreak), or, without one, its kind from the
        bracket and its tiebreak from the competition's rules."""
        from .knockout import Round

        fmt = self.knockout_format()
        if fmt:
            spec = fmt.rounds[number - 1]
            return Round.objects.create(
                tournament=self,
                number=number,
                kind=spec.kind,
                legs=spec.legs,
                tiebreak=self.default_tiebreak(number),
            )
        return Round.objects.create(
            tournament=self,
            number=number,
            kind=self.planned_round_kind(number),
            tiebreak=self.default_tiebreak(number),
        )

    def default_tiebreak(self, number: int) -> list[str]:
        """Tiebreak rule of a new round: its format's (formats.py: a Liga MX final goes to
        extra time, then penalties; a play-in or reclassification match straight to
        penalties; the other Liguilla rounds to the better-placed club), or, for a
        tournament without a format, the competition's (its final's for the last round).
        Never the round before it's. Staff may still change a round's list, as a
        correction with its history."""
        fmt = self.knockout_format()
        if fmt and number <= len(fmt.rounds):
            return list(fmt.rounds[number - 1].tiebreak)
        competition = self.season.competition
        return competition.tiebreak_for(final=number == self.round_count())

    def refresh_pairings(self, *, first_round: int = 2) -> list[str]:
        """Correction rule, as lines for a page or an import report: a line per round
        redrawn or cleared (redraw_later_rounds)."""
        return [str(redraw) for redraw in self.redraw_later_rounds(first_round=first_round)]

    refresh_pairings.alters_data = True

    def redraw_later_rounds(self, *, first_round: int = 2) -> list[Redraw]:
        """Correction rule: after a result changes, every later round's pairings must still
        follow from the rounds before it. A round whose pairings no longer follow is
        redrawn: the ties of the pairings that still follow are kept as they are (same
        ties, same legs, their fixtures and facts; only their place in the round may
        move), the others are replaced by the new pairings (or the round is cleared, if
        the round before is now undecided). A tie that would go but already has results is
        never touched: CorrectionRefused is raised and the surrounding transaction rolls
        back, so nothing is silently lost. The first round follows from the general
        table: `first_round=1` after a table edit.

        Returns a Redraw per round changed; its str() is the line staff read.
        """
        from .tournament import Tournament

        redraws = []
        with transaction.atomic():
            Tournament.objects.select_for_update().get(pk=self.pk)
            fresh = Tournament.objects.with_bracket().get(pk=self.pk)
            for round_ in fresh.rounds_in_order():
                if round_.number < first_round:
                    continue
                ties = list(round_.ties.all())
                if not ties:
                    continue
                expected = fresh.expected_pairings(round_.number)
                if expected == [(tie.higher_seed, tie.lower_seed) for tie in ties]:
                    continue
                redraw = Redraw.plan(round_, ties, expected)
                if any(leg.is_played for tie in redraw.removed for leg in tie.leg_list()):
                    raise CorrectionRefused(
                        _(
                            "This correction changes who plays in the %(round)s, which "
                            "already has results. Clear those results first."
                        ),
                        params={"round": round_.name},
                    )
                redraw.apply()
                redraws.append(redraw)
                # Later rounds follow from this one: re-read before checking them.
                fresh = Tournament.objects.with_bracket().get(pk=self.pk)
        self.forget_seeds()
        return redraws

    redraw_later_rounds.alters_data = True


@dataclass
class Redraw:
    """One round brought in line after a correction (Tournament.redraw_later_rounds): the
    pairings it had and the ones it must have now (None: cleared until the round before
    is decided), the ties kept (pairing unchanged: same ties and legs) and the ties that
    go, with their legs, and the new pairings that replace them."""

    round: Round
    before: list[tuple[Team, Team]]
    after: list[tuple[Team, Team]] | None
    kept: dict[int, Tie]  # new position -> tie kept as it is
    removed: list[Tie]
    added: dict[int, tuple[Team, Team]]  # position -> new pairing

    @classmethod
    def plan(cls, round_, ties, expected) -> Redraw:
        """Which ties a round keeps, which go and which pairings are new."""
        by_pairing = {(tie.higher_seed_id, tie.lower_seed_id): tie for tie in ties}
        kept, added = {}, {}
        for position, (higher, lower) in enumerate(expected or [], start=1):
            tie = by_pairing.pop((higher.pk, lower.pk), None)
            if tie is None:
                added[position] = (higher, lower)
            else:
                kept[position] = tie
        return cls(
            round=round_,
            before=[(tie.higher_seed, tie.lower_seed) for tie in ties],
            after=expected,
            kept=kept,
            removed=list(by_pairing.values()),
            added=added,
        )

    def apply(self):
        """Delete the ties that go (their legs, goals and bookings with them), move the
        kept ones to their new places, and draw the new pairings with their legs."""
        from .knockout import Tie

        Tie.objects.filter(pk__in=[tie.pk for tie in self.removed]).delete()
        moved = {pos: tie for pos, tie in self.kept.items() if tie.position != pos}
        if moved:
            # Positions are unique in a round: park the moving ties out of the way first.
            for tie in moved.values():
                Tie.objects.filter(pk=tie.pk).update(position=1000 + tie.position)
            for position, tie in moved.items():
                tie.position = position
                tie.save(update_fields=["position"])
        for position, (higher, lower) in sorted(self.added.items()):
            self.round._create_tie(position, higher, lower)

    apply.alters_data = True

    def removed_legs(self) -> list:
        return [leg for tie in self.removed for leg in tie.leg_list()]

    def __str__(self):
        if self.after is None:
            return str(
                _("%(round)s: pairings cleared until the round before is decided.")
                % {"round": self.round.name}
            )
        return str(
            _("%(round)s: redrawn as %(pairings)s.")
            % {
                "round": self.round.name,
                "pairings": "; ".join(versus(h, lo) for h, lo in self.after),
            }
        )


@dataclass
class BracketColumn:
    number: int
    name: str
    round: Round | None
    ties: list
    byes: list
    pending: int
    legs: int = 2  # 1: a round of single matches, whose ties need one score column

    @property
    def pending_slots(self):
        return range(self.pending)
