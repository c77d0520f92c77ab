"""Load football.txt records: the regular season's matches (the general table is then
computed by the domain), and the knockout drawn round by round by the catalogue's format
(tournaments/formats.py) and cross-checked against the file.

The cross-check is the proof that the rules are right: before a round is drawn, the
clubs the rules send into it must be the clubs the file shows in it. Where they differ the
import names the tie, both clubs and the rule that decided it. A leg whose facts break a
rule of the domain (a level shoot-out, a shoot-out after a match already won) is named
too; with --accept-mismatch it becomes a warning and the file's facts are kept.
"""

from __future__ import annotations

from datetime import date

from django.db.models import F
from django.utils.text import slugify

from .. import formats
from ..models import (
    Competition,
    Round,
    Season,
    Team,
    TeamAlias,
    Tournament,
    normalize_name,
)
from ..models.history import history_reason
from ..vocabulary import Tiebreak, score_text
from .footballtxt import ClubIndex, name_key
from .loader import _RecordLoader, today_in
from .records import Fixtures, ImportFailed, TournamentRecord

PART_ORDER = {"regular": 0, "knockout": 1, "champions_final": 2}


def load_order(record: TournamentRecord):
    """Regular season before its Liguilla, Apertura before Clausura, the season's
    champions' final after both."""
    return (
        normalize_name(record.competition),
        record.season_start_year,
        PART_ORDER.get(record.part, 1) == 2,
        record.order,
        PART_ORDER.get(record.part, 1),
    )


class TeamDirectory:
    """Every spelling → one Team, shared by all files of one import: a spelling already
    known (team name or alias) is that team; otherwise clubs.txt's club name decides, and
    the spelling is kept as an alias (one club, one page, whatever the spelling)."""

    def __init__(self, clubs: ClubIndex):
        self.clubs = clubs
        self.by_key: dict[tuple, Team] = {}
        self.spellings: dict[str, Team] = {}
        self.slugs = set(Team.objects.values_list("slug", flat=True))
        for team in Team.objects.all():
            self.by_key.setdefault(name_key(team.name), team)
            self.spellings[normalize_name(team.name)] = team
        for alias in TeamAlias.objects.select_related("team"):
            self.spellings[normalize_name(alias.name)] = alias.team

    def team(self, spelling: str, loader: _RecordLoader, line: int) -> Team:
        folded = normalize_name(spelling)
        team = self.spellings.get(folded)
        if team is not None:
            return team
        club = self.clubs.resolve(spelling)
        team = self.spellings.get(normalize_name(club)) or self.by_key.get(name_key(club))
        if team is None:
            base = slugify(club) or "team"
            slug, n = base, 1
            while slug in self.slugs:
                n += 1
                slug = f"{base}-{n}"
            team = Team(name=club, slug=slug)
            loader._save_new(team, line, f"team {club}")
            self.slugs.add(slug)
            self.by_key[name_key(club)] = team
            self.spellings[normalize_name(club)] = team
        if folded != normalize_name(team.name):
            loader._save_new(TeamAlias(team=team, name=spelling), line, f"alias {spelling}")
        self.spellings[folded] = team
        return team


class FootballTxtRecordLoader(_RecordLoader):
    def __init__(self, record, accept_mismatch, teams: TeamDirectory):
        super().__init__(record, accept_mismatch)
        self.directory = teams

    def clean(self, obj, line, label, *, check=None) -> bool:
        """As _RecordLoader.clean (the model's rules as a form applies them), without one
        query per foreign key and per check constraint: the keys were just resolved and the
        database enforces the constraints anyway (a whole bundle is 40,000 queries less)."""
        if check is None:
            fks = [f.name for f in obj._meta.concrete_fields if f.is_relation]

            def check():
                obj.full_clean(exclude=fks, validate_unique=False, validate_constraints=False)

        return super().clean(obj, line, label, check=check)

    def club(self, spelling, line) -> Team:
        return self.directory.team(spelling, self, line)

    # -- driver -------------------------------------------------------------------------

    def load(self):
        record = self.record
        self.tournament = self._footballtxt_tournament()
        self.fixtures = self._fixtures()
        if record.part == "regular":
            self._league_matches()
            if self.tournament.refresh_table() and not self.report.created:
                self.change(f"{record.name}: general table recomputed")
        elif record.part == "knockout":
            if not self.tournament.entries.exists():
                self.fail(
                    record.line,
                    f"{record.name}: no regular season to seed the Liguilla from; import the "
                    "file with its regular season first (or the whole folder)",
                )
            self._knockout()
        else:
            self._champions_final()
        if self.contradictions:
            self._raise_contradictions()
        tournament = Tournament.objects.with_bracket().get(pk=self.tournament.pk)
        self.report.tournament = tournament
        self.report.summary = self._footballtxt_summary(tournament)
        return self.report

    def _fixtures(self) -> Fixtures:
        """The file's matches without a result: scheduled, or (dated before today in the
        tournament's time zone) results missing from the source, named in one warning.
        Both are imported as fixtures: a season in progress arrives this way."""
        record = self.record
        matches = record.matches or [leg for r in record.rounds for leg in r.legs]
        today = today_in(record.timezone)
        fixtures = Fixtures.of(matches, today)
        what = "matches" if record.matches else "legs"
        if warning := fixtures.missing_warning(f"{record.name} {what}", today):
            self.warn(*warning)
        return fixtures

    def _footballtxt_tournament(self) -> Tournament:
        record = self.record
        wanted = normalize_name(record.competition)
        competition = next(
            (c for c in Competition.objects.all() if normalize_name(c.name) == wanted), None
        )
        if competition is None:
            competition = Competition(
                name=record.competition, slug=slugify(record.competition), country=record.country
            )
            self._save_new(competition, record.line, f"competition {record.competition}")
        season_slug = slugify(record.season_name.replace("–", "-"))
        season, _created = Season.objects.get_or_create(
            competition=competition,
            slug=season_slug,
            defaults={"name": record.season_name, "start_year": record.season_start_year},
        )
        self.season = season
        if record.part == "champions_final":
            return None
        fmt = formats.format_for(record.competition, record.season_start_year)
        if fmt is None:
            self.fail(
                record.line,
                f"no knockout format for {record.competition} {record.season_name} in the "
                "catalogue (tournaments/formats.py)",
            )
        tournament = Tournament.objects.filter(season=season, slug=record.slug).first()
        self.report.created = tournament is None
        if tournament is None:
            tournament = Tournament(season=season, slug=record.slug)
        values = {
            "name": record.name,
            "order": record.order,
            "kind": Tournament.Kind.LIGUILLA,
            "qualifiers": fmt.qualifiers,
            "timezone": record.timezone,
            "format": fmt.key,
        }
        if self.sync(tournament, values, record.name) or tournament.pk is None:
            self.clean(tournament, record.line, record.name)
            tournament.save()
        return tournament

    # -- knockout -----------------------------------------------------------------------

    def _knockout(self):
        tournament = self.tournament
        fmt = tournament.knockout_format()
        records = self.record.rounds
        if len(records) > len(fmt.rounds):
            extra = records[len(fmt.rounds)]
            self.fail(
                extra.line,
                f"{extra.name}: the {fmt.key} format has {len(fmt.rounds)} rounds, the file more",
            )
        for number, (spec, record) in enumerate(zip(fmt.rounds, records, strict=False), 1):
            if record.kind not in {spec.kind, "round"} and not (
                spec.kind == "round" and record.kind == "reclassification"
            ):
                self.fail(
                    record.line,
                    f"{record.name}: the {fmt.key} format's round {number} is a {spec.kind}",
                )
        stored = {r.number: r for r in tournament.rounds.all()}
        self.report.created = not stored  # the regular season made the tournament itself
        for number, round_ in stored.items():
            if number > len(records):
                self.change(f"{round_.name}: removed")
                round_.delete()
        for number, (spec, record) in enumerate(zip(fmt.rounds, records, strict=False), 1):
            round_ = stored.get(number) or Round(tournament=tournament, number=number)
            values = {"kind": spec.kind, "legs": spec.legs, "tiebreak": list(spec.tiebreak)}
            if self.sync(round_, values, record.name) or round_.pk is None:
                if round_.pk:
                    round_.ties.all().delete()
                round_.full_clean(exclude=["tournament"], validate_constraints=False)
                round_.save()
            if not self._draw_round(tournament, number, record):
                return
            self._round_legs(number, record)

    def _draw_round(self, tournament, number, record) -> bool:
        """Draw round `number` by the rules, after checking that the file pairs the clubs
        the rules send there as the rules pair them. On a difference the import names it;
        with --accept-mismatch the file's pairings are kept. False: cannot be drawn."""
        fresh = Tournament.objects.with_bracket().get(pk=tournament.pk)
        round_ = next(r for r in fresh.rounds.all() if r.number == number)
        plan = fresh.knockout_plan(number)
        stated = self._file_pairings(record)
        pairings = plan.pairings
        if pairings is None:
            # The first round still open is what stops the draw (not always the last one).
            earlier = [r for r in fresh.rounds_in_order() if r.number < number]
            stuck = next((r for r in earlier if not r.is_finished()), earlier[-1])
            self.mismatch(
                record.line, f"{record.name} cannot be drawn: {stuck.unfinished_message()}"
            )
        else:
            ruled = {team for pair in pairings for team in pair}
            in_file = {}
            for leg in record.legs:
                for spelling in (leg.home, leg.away):
                    in_file.setdefault(self.club(spelling, leg.line), leg.line)
            if set(in_file) != ruled and self._barred_as_the_file_says(
                fresh, number, record, ruled, set(in_file)
            ):
                fresh = Tournament.objects.with_bracket().get(pk=tournament.pk)
                round_ = next(r for r in fresh.rounds.all() if r.number == number)
                pairings = fresh.knockout_plan(number).pairings
                ruled = {team for pair in pairings for team in pair}
            if set(in_file) != ruled:
                self._explain_difference(fresh, number, record, ruled, in_file)
                pairings = None
            elif not self._same_pairings(pairings, stated):
                self.mismatch(
                    record.line,
                    f"cross-check: the rules pair the {record.name} as "
                    f"{'; '.join(f'{h} v {lo}' for h, lo in pairings)} (by table position), "
                    f"the file as {'; '.join(f'{h} v {lo}' for h, lo, _k in stated)}",
                )
                pairings = None
        if pairings is None:
            if not self.accept_mismatch:
                return False
            pairings = [(h, lo) for h, lo, _k in stated]  # the file's facts, as warned
        stored = [(t.higher_seed, t.lower_seed) for t in round_.ties.all()]
        if stored and stored != pairings:
            round_.ties.all().delete()
            self.change(f"{record.name}: pairings redrawn")
            stored = []
        if not stored:
            round_.create_ties(pairings)
        return True

    def _barred_as_the_file_says(self, tournament, number, record, ruled, in_file) -> bool:
        """Relegation-table rule where the site cannot name the last club: a season the
        table spans is not on the site, or clubs share the last place. If the first round
        leaves out one club the rules send in (one that could be last) and has one they
        do not, and barring that club (the next club in the table taking its place) gives
        exactly the file's clubs, the club is taken as last in the relegation table,
        stored as stated and named in a warning. True if so."""
        from ..models.league import relegation_last, relegation_span, relegation_table

        missing, unexpected = ruled - in_file, in_file - ruled
        if number != 1 or len(missing) != 1 or len(unexpected) != 1:
            return False
        span = relegation_span(tournament)
        if span is None or tournament.barred_team():
            return False
        (club,), (replacement,) = missing, unexpected
        if span.complete:
            table = relegation_table(tournament, span)
            last = relegation_last(table)
            if len(last) < 2 or club not in last:
                return False
            _team, points, matches = table[0]
            why = (
                f"the relegation table ends in a tie: {' and '.join(map(str, last))} on "
                f"{points} points in {matches} matches"
            )
        else:
            seasons = ", ".join(f"{year}–{str(year + 1)[-2:]}" for year in span.missing)
            why = f"the relegation table cannot be computed: the site lacks the {seasons} season"
        table = [entry.team for entry in tournament.full_table() if entry.team != club]
        plan = formats.plan(tournament.knockout_format(), table, lambda n: None, number)
        if {team for pair in plan.pairings or [] for team in pair} != in_file:
            return False
        position = {e.team: e.position for e in tournament.full_table()}
        self.warn(
            record.line,
            f"{why}; the file's {record.name} leaves out {club} ({position[club]}.) and has "
            f"{replacement} ({position[replacement]}.), so {club} is taken as last in the "
            "relegation table (relegation-table rule)",
        )
        stored = Tournament.objects.get(pk=tournament.pk)
        stored.relegation_barred = club
        stored.save(update_fields=["relegation_barred"])
        return True

    def _file_pairings(self, record):
        """The file's ties as (higher seed, lower seed): the host of a single match, or
        of the later of two legs, is the higher seed. Where both legs carry one date the
        file does not say which came first: such a pair is (team, team, None)."""
        legs: dict[frozenset, list] = {}
        for leg in record.legs:
            home, away = self.club(leg.home, leg.line), self.club(leg.away, leg.line)
            legs.setdefault(frozenset((home, away)), []).append((leg.date, home, away))
        pairs = []
        for matches in legs.values():
            matches.sort(key=lambda m: m[0] or date.min)
            _date, home, away = matches[-1]
            known = len(matches) == 1 or matches[0][0] != matches[-1][0]
            pairs.append((home, away, known))
        return pairs

    @staticmethod
    def _same_pairings(ruled, stated) -> bool:
        unordered = {frozenset(p) for p in ruled} == {frozenset((h, a)) for h, a, _k in stated}
        return unordered and all((h, a) in set(ruled) for h, a, known in stated if known)

    def _explain_difference(self, tournament, number, record, ruled, in_file):
        """Name each tie whose winner by the rules is not the club the file shows."""
        missing, unexpected = ruled - set(in_file), set(in_file) - ruled
        named = False
        if number > 1:
            previous = next(r for r in tournament.rounds.all() if r.number == number - 1)
            for tie in previous.ties.all():
                if tie.winner in missing and tie.loser in unexpected:
                    rule = tie.decided_by.replace("_", " ")
                    self.mismatch(
                        in_file[tie.loser],
                        f"cross-check: {previous.name} {tie.pairing_label()}: the rules send "
                        f"{tie.winner} through ({rule}: {self._score_line(tie)}), but the "
                        f"file's {record.name} has {tie.loser}",
                    )
                    named = True
        if not named:
            table = {e.team: e.position for e in tournament.seeds()}

            def show(teams):
                return ", ".join(
                    f"{t} ({table[t]}.)" if t in table else str(t)
                    for t in sorted(teams, key=lambda t: table.get(t, 99))
                )

            self.mismatch(
                record.line,
                f"cross-check: the rules send {show(missing)} into the {record.name}, the "
                f"file has {show(unexpected)} instead",
            )

    def _score_line(self, tie) -> str:
        legs = [leg for leg in tie.legs.all() if leg.is_played]
        text = ", ".join(
            f"{leg.home} {score_text(leg.home_score, leg.away_score)} {leg.away}" for leg in legs
        )
        last = tie.last_leg
        if last and last.has_extra_time:
            text += (
                f", {last.home_score + last.extra_time_home_score}–"
                f"{last.away_score + last.extra_time_away_score} a.e.t."
            )
        if tie.decided_by == Tiebreak.PENALTIES:
            text += f", {tie.shootout_score()} on penalties"
        return text

    def _round_legs(self, number, record):
        # The legs with their clubs and scorers, read once: each leg's rules read its tie,
        # its round and the tie's other leg from here, not from one query each.
        tournament = Tournament.objects.with_results().get(pk=self.tournament.pk)
        round_ = next(r for r in tournament.rounds.all() if r.number == number)
        ties = {frozenset((t.higher_seed.pk, t.lower_seed.pk)): t for t in round_.ties.all()}
        stated = set()
        lower = {t.lower_seed.name for t in ties.values()}
        # First legs first: a second leg's result is only valid after the first's.
        ordered = sorted(
            record.legs,
            key=lambda leg: 0 if self.club(leg.home, leg.line).name in lower else 1,
        )
        for leg_record in ordered:
            home = self.club(leg_record.home, leg_record.line)
            away = self.club(leg_record.away, leg_record.line)
            tie = ties.get(frozenset((home.pk, away.pk)))
            if tie is None:
                self.mismatch(
                    leg_record.line,
                    f"{leg_record.label()} is not a pairing of the {record.name}: the rules "
                    f"pair {'; '.join(t.pairing_label() for t in ties.values())}",
                )
                continue
            if tie.round.legs == 2:
                leg_record.number = self._leg_number(leg_record, tie, home, record)
            if (tie.pk, leg_record.number) in stated:
                self.mismatch(
                    leg_record.line,
                    f"{leg_record.label()}: {home} hosts both matches of "
                    f"{tie.pairing_label()} (the lower seed hosts the first leg, the higher "
                    "seed the second)",
                )
                continue
            stated.add((tie.pk, leg_record.number))
            self._footballtxt_leg(tie, leg_record, home, record)
        for tie in ties.values():
            for leg in tie.legs.all():
                if (tie.pk, leg.number) not in stated:
                    self._clear_leg(leg)

    def _leg_number(self, leg_record, tie, home, record) -> int:
        """Which leg a match is: the earlier date is the first leg. Where the file gives
        both matches one date (Apertura 2015 lists Toluca v Puebla's second leg first,
        both under 29 November) the host decides: the lower seed hosts the first leg."""
        pair = {tie.higher_seed.pk, tie.lower_seed.pk}
        dates = [
            leg.date
            for leg in record.legs
            if {self.club(leg.home, leg.line).pk, self.club(leg.away, leg.line).pk} == pair
        ]
        if len(dates) == 2 and None not in dates and dates[0] != dates[1]:
            return 1 if leg_record.date == min(dates) else 2
        return 1 if home == tie.lower_seed else 2

    def _footballtxt_leg(self, tie, stated, home, round_record):
        leg = tie.legs_by_number()[stated.number]
        if leg.home_id != home.pk:
            host = "the higher seed" if tie.round.legs == 1 else "home and away in turn"
            self.mismatch(
                stated.line,
                f"{stated.label()}: the rules have {leg.home} at home in leg {leg.number} of "
                f"{tie.pairing_label()} ({host}; {tie.higher_seed} is the higher seed)",
            )
            return
        extra = stated.extra_time
        if (
            stated.penalties
            and extra is None
            and Tiebreak.EXTRA_TIME in tie.round.tiebreak
            and leg.number == tie.round.legs
        ):
            # Notation: a shoot-out written without "a.e.t." in a round that plays extra
            # time followed a goalless extra time (the score after 120 minutes is the
            # score after 90).
            extra = (0, 0)
        values = stated.leg_fields(extra_time=extra)
        label = f"{leg.home} v {leg.away} ({round_record.name}, leg {leg.number})"
        # A leg first given its result is news only in a dry run's summary, not a change.
        was_played = leg.is_played
        if self.sync(leg, values, label if was_played else ""):
            valid = self.clean(leg, stated.line, stated.label())
            if not valid and not self.accept_mismatch:
                return
            if leg.pk:
                leg.version = F("version") + 1
            leg.save()

    # -- the season's champions' final ---------------------------------------------------

    def _champions_final(self):
        record = self.record
        season = self.season
        final_format = formats.season_final_for(record.competition)
        if final_format is None:
            self.fail(record.line, f"{record.competition} has no season final in the catalogue")
        liguillas = list(season.liguillas())
        champions = [t.champion() for t in liguillas]
        if len(champions) != 2 or None in champions:
            self.fail(
                record.line,
                f"{record.competition} {season.name}: the season final needs both "
                "tournaments' champions; import the whole season first",
            )
        tournament = season.promotional_final()
        self.report.created = tournament is None
        if tournament is None:
            tournament = season.create_promotional_final(
                tiebreak=list(final_format.tiebreak),
                kind=Tournament.Kind.CHAMPIONS_FINAL,
                name=final_format.name,
            )
        self.tournament = tournament
        if len(record.rounds) != 1:
            self.fail(record.line, "the season final is one round (Final)")
        round_record = record.rounds[0]
        round_ = tournament.rounds.get(number=1)
        tie = round_.ties.first()
        in_file = {
            self.club(s, leg.line) for leg in round_record.legs for s in (leg.home, leg.away)
        }
        if tie is None or in_file != {tie.higher_seed, tie.lower_seed}:
            self.mismatch(
                round_record.line,
                f"cross-check: the season final is {' v '.join(map(str, champions))} (the "
                f"champions), the file has {', '.join(map(str, in_file))}",
            )
            return
        self._round_legs(1, round_record)

    # -- summary --------------------------------------------------------------------------

    def _footballtxt_summary(self, tournament):
        part = {"regular": "regular season", "knockout": "knockout"}.get(
            self.record.part, "season final"
        )
        where = f"{tournament.season.competition.slug}/{tournament.season.slug}/{tournament.slug}"
        if self.record.part == "regular":
            played = tournament.league_matches.played().count()
            total = len(self.record.matches)
            leader = None
            if played:
                leader = tournament.entries.order_by("position").select_related("team").first()
            return (
                f"{where} {part}: {tournament.entries.count()} teams, {played} of {total} "
                f"matches played{self.fixtures.words('matches')}, leader "
                f"{leader.team if leader else 'none yet'}"
            )
        champion = tournament.champion()
        return (
            f"{where} {part}: {tournament.rounds.count()} rounds"
            f"{self.fixtures.words('legs')}, champion {champion if champion else 'none yet'}"
        )


def load_footballtxt(records, accept_mismatch, clubs: ClubIndex, progress=None):
    """Load football.txt records in order, inside the caller's transaction; every history
    row written says which file made it (`import_season data/…/2023-24/1-ligamx.txt`),
    as the article import's do."""
    directory = TeamDirectory(clubs)
    reports, failures = [], []
    for index, record in enumerate(sorted(records, key=load_order), start=1):
        loader = FootballTxtRecordLoader(record, accept_mismatch, directory)
        try:
            with history_reason(f"import_season {record.source}"):
                reports.append(loader.load())
        except ImportFailed as exc:
            # Go on with the other tournaments, so one run names every contradiction of
            # the bundle; nothing is written (the caller's transaction rolls back).
            failures.append(exc)
        if progress:
            progress(index, len(records), record)
    if failures:
        first, *others = failures
        more = [*first.more]
        for exc in others:
            more += [str(ImportFailed(exc.source, exc.line, exc.message)), *exc.more]
        raise ImportFailed(first.source, first.line, first.message, more=more)
    return reports
