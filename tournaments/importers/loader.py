"""Load parsed records into the database: match existing rows, validate every row with
`full_clean`, draw each round with `Tournament.advance`, and check what the source states
against what the domain rules derive. All files of one call share one transaction; a
dry run rolls it back.

A contradiction (the source says one thing, the rules derive another) raises ImportFailed
naming FILE:LINE and both values, unless `accept_mismatch` is set: then it is a warning and
the derived value is kept.
"""

from __future__ import annotations

import datetime
import time
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import connection, transaction

from .. import formats
from ..models import (
    LIGUILLA_TIEBREAK,
    Competition,
    Leg,
    Person,
    Round,
    Season,
    SquadMember,
    Team,
    TeamAlias,
    Tie,
    Tournament,
    normalize_name,
)
from ..models.history import history_reason
from ..vocabulary import RoundKind, slugify
from .checks import SourceChecks
from .records import ImportFailed, TournamentRecord
from .rows import RowLoading

# Stop checking a source after this many contradictions.
MAX_ERRORS = 100
# The advisory lock key of import_season ("LIGUILLA" in ASCII, as an integer).
IMPORT_WAIT_SECONDS = 600
IMPORT_LOCK = int.from_bytes(b"LIGUILLA", "big") & 0x7FFFFFFFFFFFFFFF


def today_in(zone: str) -> datetime.date:
    """Today's date where a tournament is played: what its fixtures are judged against
    (dated before it and without a result: missing from the source)."""
    return datetime.datetime.now(zoneinfo.ZoneInfo(zone)).date()


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


@dataclass
class LoadReport:
    """What loading one record did (or, in a dry run, would do)."""

    source: str
    tournament: Tournament | None = None
    created: bool = False
    changes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    summary: str = ""
    read: list[str] = field(default_factory=list)  # what was understood, for --dry-run


class _DryRunRollback(Exception):
    pass


class SeasonLoader:
    def __init__(self, *, accept_mismatch=False, dry_run=False):
        self.accept_mismatch = accept_mismatch
        self.dry_run = dry_run

    def load_all(self, records: list[TournamentRecord], clubs=None, progress=None):
        """Load every record in one transaction: one error and nothing is written.
        football.txt records go in season order (footballtxt_loader.load_order)."""
        from .footballtxt import ClubIndex
        from .footballtxt_loader import load_footballtxt

        reports = []
        others = [r for r in records if r.layout != "footballtxt"]
        footballtxt = [r for r in records if r.layout == "footballtxt"]
        try:
            with transaction.atomic():
                lock_imports()
                for record in others:
                    with history_reason(f"import_season {record.source}"):
                        reports.append(loader_for(record)(record, self.accept_mismatch).load())
                if footballtxt:
                    # Each record's history rows name its own file (load_footballtxt).
                    reports += load_footballtxt(
                        footballtxt, self.accept_mismatch, clubs or ClubIndex(), progress
                    )
                if self.dry_run:
                    raise _DryRunRollback
        except _DryRunRollback:
            pass
        return reports

    load_all.alters_data = True


def loader_for(record):
    """A promotional final is loaded against its season (promotional.py)."""
    if record.kind == Tournament.Kind.PROMOTIONAL_FINAL:
        from .promotional import PromotionalFinalLoader

        return PromotionalFinalLoader
    return _RecordLoader


def lock_imports():
    """One import at a time: on PostgreSQL a transaction-level advisory lock, so a second
    import of the same file waits for the first to commit and then finds everything in
    place (instead of failing on a unique constraint halfway). SQLite locks the whole
    database for a writing transaction anyway.

    The wait polls pg_try_advisory_xact_lock rather than blocking in one statement, so the
    site's statement_timeout (meant for web requests) does not cut it short; after
    IMPORT_WAIT_SECONDS it gives up with one line."""
    if connection.vendor != "postgresql":
        return
    deadline = time.monotonic() + IMPORT_WAIT_SECONDS
    with connection.cursor() as cursor:
        while True:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [IMPORT_LOCK])
            if cursor.fetchone()[0]:
                return
            if time.monotonic() > deadline:
                raise ImportFailed(
                    "import_season",
                    None,
                    f"another import is still running after {IMPORT_WAIT_SECONDS} s; "
                    "nothing written, try again when it has finished",
                )
            time.sleep(0.2)


class _RecordLoader(RowLoading, SourceChecks):
    def __init__(self, record: TournamentRecord, accept_mismatch: bool):
        self.record = record
        self.accept_mismatch = accept_mismatch
        self.report = LoadReport(source=record.source)
        self.report.warnings = [self._where(line, msg) for line, msg in record.warnings]
        self.contradictions: list[tuple[int, str]] = []
        self.teams: dict[str, Team] = {}
        self.people: dict[tuple[str, str], Person] = {}
        self._people_index = None

    # -- reporting ----------------------------------------------------------------------

    def _where(self, line, message):
        return str(ImportFailed(self.record.source, line, message))

    def fail(self, line, message):
        """Stop here; contradictions found before this come first, this one after them."""
        if self.contradictions:
            self.contradictions.append((line, message))
            self._raise_contradictions()
        raise ImportFailed(self.record.source, line, message)

    def mismatch(self, line, message):
        """A contradiction between the source and the rules: a warning with
        --accept-mismatch; otherwise collected, and the import fails once the whole source
        has been checked, so one run names every contradiction (up to MAX_ERRORS: a
        hostile or hopeless file stops there)."""
        if not self.accept_mismatch:
            self.contradictions.append((line, message))
            if len(self.contradictions) >= MAX_ERRORS:
                self._raise_contradictions(stopped=True)
            return
        self.report.warnings.append(self._where(line, message))

    def _raise_contradictions(self, stopped=False):
        (line, message), *more = self.contradictions
        raise ImportFailed(
            self.record.source,
            line,
            message,
            more=[self._where(*m) for m in more],
            stopped=stopped,
        )

    def warn(self, line, message):
        self.report.warnings.append(self._where(line, message))

    def change(self, message):
        self.report.changes.append(message)

    def clean(self, obj, line, label, *, check=None) -> bool:
        """full_clean like a form would (or `check`, a write that validates the same way);
        a rule the row breaks is a contradiction."""
        try:
            (check or obj.full_clean)()
        except ValidationError as exc:
            messages = [
                f"{name}: {' '.join(errors)}" if name != "__all__" else " ".join(errors)
                for name, errors in getattr(exc, "message_dict", {"__all__": exc.messages}).items()
            ]
            self.mismatch(line, f"{label}: {'; '.join(messages)}")
            return False
        return True

    def sync(self, obj, values: dict, label: str) -> bool:
        """Set `values` on `obj`, recording each change; True if anything changed."""
        diffs = []
        for name, value in values.items():
            old = getattr(obj, name)
            if old != value:
                field = name.removesuffix("_id")
                diffs.append(f"{field} {_shown(obj, name, old)} → {_shown(obj, name, value)}")
                setattr(obj, name, value)
        if diffs and obj.pk and label:
            self.change(f"{label}: {', '.join(diffs)}")
        return bool(diffs)

    # -- driver -------------------------------------------------------------------------

    def load(self) -> LoadReport:
        record = self.record
        self.tournament = self._tournament()
        for entry in record.entries:
            self.teams[entry.team] = self._team(entry.team, entry.line)
        self._entries()
        self._relegation_barred()
        self._squads()
        self._league_matches()
        self._rounds()
        tournament = Tournament.objects.with_bracket().get(pk=self.tournament.pk)
        self._check_outcomes(tournament)
        self._check_facts(tournament)
        self._check_scorer_list(tournament)
        if self.contradictions:
            self._raise_contradictions()
        self.report.tournament = tournament
        self.report.summary = self._summary(tournament)
        self.report.read = self._described(tournament)
        return self.report

    # -- competition, season, tournament ------------------------------------------------

    def _tournament(self) -> Tournament:
        return self._tournament_of(self._season())

    def _season(self) -> Season:
        """The record's competition (by any of its names) and season, created if new."""
        record = self.record
        # The article may call it by two names (title line and infobox): either finds it.
        names = [record.competition, *record.competition_aliases]
        wanted = {normalize_name(name) for name in names}
        competition = next(
            (c for c in Competition.objects.all() if normalize_name(c.name) in wanted), None
        )
        if competition is None:
            competition = Competition(
                name=record.competition,
                slug=slugify(record.competition),
                country=record.country,
                # A promotional final's own article says the competition promotes.
                promotional_final=Competition.promotes_by_name(record.competition)
                or record.kind == Tournament.Kind.PROMOTIONAL_FINAL,
            )
            self._save_new(competition, record.line, f"competition {record.competition}")
        season_slug = slugify(record.season_name.replace("–", "-"))
        season = Season.objects.filter(competition=competition, slug=season_slug).first()
        if season is None:
            season = Season(
                competition=competition,
                name=record.season_name,
                slug=season_slug,
                start_year=record.season_start_year,
            )
            self._save_new(season, record.line, f"season {record.season_name}")
        return season

    def _tournament_of(self, season) -> Tournament:
        record = self.record
        competition = season.competition
        tournament = Tournament.objects.filter(season=season, slug=record.slug).first()
        self.report.created = tournament is None
        if tournament is None:
            tournament = Tournament(season=season, slug=record.slug)
        qualifiers = record.qualifiers or len(record.entries)
        changed = self.sync(
            tournament,
            {
                "name": record.name,
                "order": record.order,
                "kind": record.kind,
                "qualifiers": qualifiers,
                "timezone": record.timezone,
                "champion_title_override": record.champion_title,
                "format": self._knockout_format(),
            },
            f"{record.name}",
        )
        if changed:
            if not self.clean(tournament, record.line, record.name):
                self.fail(record.line, f"{record.name} cannot be saved")
            tournament.save()
        if self.report.created:
            self.change(f"created {competition.slug}/{season.slug}/{tournament.slug}")
        return tournament

    def _relegation_barred(self):
        """The club stated last in the relegation table: one of the general table's."""
        name = self.record.relegation_barred
        if name is None:
            return
        if name not in self.teams:
            self.fail(self.record.line, f"relegation_barred: {name} is not in the general table")
        values = {"relegation_barred_id": self.teams[name].pk}
        if self.sync(self.tournament, values, self.record.name):
            self.tournament.save(update_fields=["relegation_barred"])

    def _knockout_format(self) -> str:
        """The catalogue format the source names, or "" for the default bracket."""
        key = self.record.knockout_format or ""
        if key and key not in formats.FORMATS:
            known = ", ".join(formats.FORMATS)
            self.fail(self.record.line, f"unknown knockout format {key!r}; known: {known}")
        return key

    def _save_new(self, obj, line, label):
        if not self.clean(obj, line, label):
            self.fail(line, f"{label} cannot be saved")
        obj.save()
        self.change(f"created {label}")

    # -- teams and people ---------------------------------------------------------------

    def _team(self, name, line) -> Team:
        variants = [name] + [v for v, t in self.record.team_variants.items() if t == name]
        team = None
        for variant in variants:
            found = Team.objects.matching(variant)
            if len(found) > 1:
                self.fail(line, f"{variant} matches several teams: {', '.join(map(str, found))}")
            if found:
                team = found[0]
                break
        if team is None:
            team = Team(name=name, slug=Team.unique_slug(name))
            self._save_new(team, line, f"team {name}")
        known = {normalize_name(team.name)} | {normalize_name(a.name) for a in team.aliases.all()}
        for variant in variants:
            if normalize_name(variant) not in known:
                alias = TeamAlias(team=team, name=variant)
                self._save_new(alias, line, f"alias {variant} for {team.name}")
                known.add(normalize_name(variant))
        return team

    def _person(self, ref, team: Team | None, line) -> Person:
        """The person a name means: a player of this club in any tournament the site
        knows; else, for a full name, the one person of that name; else a new person.
        A bare surname ("Rojas") is only reused within its club."""
        if self._people_index is None:
            self._people_index = defaultdict(list)
            for person in Person.objects.all():
                self._people_index[normalize_name(person.name)].append(person)
        candidates = self._people_index[normalize_name(ref.name)]
        if ref.nationality:
            candidates = [p for p in candidates if p.nationality in ("", ref.nationality)]
        person = None
        if candidates and team is not None:
            in_club = set(
                SquadMember.objects.filter(team=team, person__in=candidates).values_list(
                    "person_id", flat=True
                )
            )
            person = next((p for p in candidates if p.pk in in_club), None)
        if person is None and len(candidates) == 1:
            only = candidates[0]
            full_name = len(ref.name.split()) > 1
            free = team is None or not only.squads.exclude(team=team).exists()
            if full_name or free and only.squads.filter(tournament=self.tournament).exists():
                person = only
        if person is None:
            person = Person(
                name=ref.name, nationality=ref.nationality, slug=Person.unique_slug(ref.name)
            )
            self._save_new(person, line, f"person {ref.name}")
            self._people_index[normalize_name(ref.name)].append(person)
        elif ref.nationality and not person.nationality:
            self.sync(person, {"nationality": ref.nationality}, person.name)
            person.save()
        return person

    def _squads(self):
        wanted = set()
        line = self.record.line
        for team_name, refs in self.record.squads.items():
            team = self.teams.get(team_name) or self._unknown_team(team_name)
            for ref in refs:
                person = self._person(ref, team, line)
                self.people[(team_name, ref.name)] = person
                wanted.add((team.pk, person.pk))
        existing = {
            (m.team_id, m.person_id): m
            for m in SquadMember.objects.filter(tournament=self.tournament)
        }
        for key in wanted - set(existing):
            SquadMember.objects.create(tournament=self.tournament, team_id=key[0], person_id=key[1])
        stale = set(existing) - wanted
        if stale and not self.report.created:
            self.change(f"squads: {len(wanted - set(existing))} added, {len(stale)} removed")
        elif wanted - set(existing) and not self.report.created:
            self.change(f"squads: {len(wanted - set(existing))} added")
        for key in stale:
            existing[key].delete()

    def _unknown_team(self, name):
        self.fail(self.record.line, f"{name} is not a team of the general table")

    def club(self, name, line) -> Team:
        """A team named by a regular-season match: one of the general table's."""
        if name not in self.teams:
            self.fail(line, f"{name} is not a team of the general table")
        return self.teams[name]

    def _player(self, team_name, name) -> Person:
        return self.people[(team_name, name)]

    # -- rounds, ties, legs -------------------------------------------------------------

    def _stated_ties(self, round_record):
        """The source's legs grouped by pairing: {teams: {leg number: leg}}."""
        ties = {}
        for leg in round_record.legs:
            legs = ties.setdefault(leg.teams, {})
            if leg.number in legs or len(legs) >= 2:
                other = legs.get(leg.number) or next(iter(legs.values()))
                self.fail(
                    leg.line,
                    f"{leg.label()} would be a further leg {leg.number} of a tie that already "
                    f"has {other.label()} (line {other.line}); a tie has at most two legs",
                )
            legs[leg.number] = leg
        return ties

    def _stated_pairings(self, stated, legs_per_tie):
        """(higher seed, lower seed) of each stated tie: the higher seed hosts the second
        leg, or the single match."""
        pairings = set()
        for legs in stated.values():
            if 2 in legs:
                pairings.add((legs[2].home, legs[2].away))
            elif legs_per_tie == 1:
                pairings.add((legs[1].home, legs[1].away))
            else:
                pairings.add((legs[1].away, legs[1].home))
        return pairings

    def _rounds(self):
        tournament = self.tournament
        records = self.record.rounds
        existing = {r.number: r for r in tournament.rounds.all()}
        for number, round_ in existing.items():
            if number > len(records):
                self.change(f"{round_.name}: removed")
                round_.delete()
        # A corrected result or table can change who meets whom: a round whose stored
        # pairings differ from the source's is cleared, with every round after it.
        for number, record in enumerate(records, start=1):
            round_ = existing.get(number)
            if round_ is None:
                continue
            stored = {(t.higher_seed.name, t.lower_seed.name) for t in round_.ties.all()}
            stated = self._stated_pairings(self._stated_ties(record), self._legs(number, record))
            if stored and stated and stored != stated:
                ties = Tie.objects.filter(round__tournament=tournament, round__number__gte=number)
                ties.delete()
                self.change(f"{record.name} and later rounds: pairings redrawn")
                break
        previous_tiebreak = LIGUILLA_TIEBREAK
        for number, record in enumerate(records, start=1):
            tiebreak = record.tiebreak or previous_tiebreak
            previous_tiebreak = tiebreak
            round_ = existing.get(number)
            if round_ is None or round_.pk is None:
                round_ = Round(tournament=tournament, number=number)
            created = round_.pk is None
            # The kind the article's heading names (article.py), else read from the name.
            kind = RoundKind(record.kind) if record.kind else RoundKind.from_name(record.name)
            if kind is None:
                self.fail(
                    record.line,
                    f"{record.name!r} names no round the site knows (for example "
                    "Quarter-finals, Semi-finals, Final, Round of 16, Round 1, Play-in)",
                )
            values = {"kind": kind.value, "tiebreak": tiebreak, "legs": self._legs(number, record)}
            if self.sync(round_, values, record.name):
                if not self.clean(round_, record.tiebreak_line or record.line, record.name):
                    self.fail(record.line, f"{record.name}: tiebreak {tiebreak} is not valid")
                round_.save()
            if created and not self.report.created:
                self.change(f"{record.name}: created")
            self._round(number, record)

    def _legs(self, number, record) -> int:
        """Legs per tie as the source states them, else as the tournament's catalogue format
        plays round `number`, else two."""
        if record.legs_per_tie:
            return record.legs_per_tie
        fmt = self.tournament.knockout_format()
        return fmt.rounds[number - 1].legs if fmt and number <= len(fmt.rounds) else 2

    def _round(self, number, record):
        tournament = Tournament.objects.with_bracket().get(pk=self.tournament.pk)
        round_ = tournament.round(number)
        stated = self._stated_ties(record)
        if not round_.ties.exists():
            expected = tournament.expected_pairings(number)
            if expected is None:
                if stated:
                    first = min(
                        (leg for legs in stated.values() for leg in legs.values()),
                        key=lambda leg: leg.line,
                    )
                    previous = tournament.round(number - 1)
                    self.mismatch(
                        first.line,
                        f"{first.label()} in the {record.name}, "
                        f"but {previous.unfinished_message()}",
                    )
                return
            tournament.advance(number)
            tournament = Tournament.objects.with_bracket().get(pk=self.tournament.pk)
            round_ = tournament.round(number)
        ties = {frozenset((t.higher_seed.name, t.lower_seed.name)): t for t in round_.ties.all()}
        rules = "; ".join(f"{t.higher_seed} v {t.lower_seed}" for t in ties.values())
        for teams, legs in stated.items():
            tie = ties.get(teams)
            first = min(legs.values(), key=lambda leg: leg.line)
            if tie is None:
                self.mismatch(
                    first.line,
                    f"{first.home} v {first.away} is not a pairing of the {record.name}: "
                    f"the rules pair {rules}",
                )
                continue
            for leg_number in sorted(legs):
                self._leg(tie, legs[leg_number], record)
        for teams, tie in ties.items():
            # Second legs first: a first leg's result is only cleared after the second's.
            for leg in sorted(tie.legs.all(), key=lambda leg: -leg.number):
                if teams not in stated or leg.number not in stated[teams]:
                    self._clear_leg(leg, record)

    def _clear_leg(self, leg, round_record):
        """A result the corrected source no longer states is removed through the models
        (the one write path for a result), so the history records each removal."""
        if leg.is_played:
            self.change(f"{leg}: result removed")
            leg.goals.all().delete()
            leg.bookings.all().delete()
            leg = Leg.objects.select_related("tie__round", "home", "away").get(pk=leg.pk)
            self.clean(
                leg, round_record.line, f"{leg}", check=lambda: leg.record_result(None, None)
            )

    def _leg(self, tie, stated, round_record):
        leg = Leg.objects.select_related("tie__round", "home", "away").get(
            tie=tie, number=stated.number
        )
        if leg.home.name != stated.home:
            self.mismatch(
                stated.line,
                f"{stated.label()}: the rules have {leg.home} at home in leg {leg.number} of "
                f"{tie.pairing_label()} (the higher seed, {tie.higher_seed}, hosts the 2nd leg)",
            )
            return
        values = stated.leg_fields()
        label = f"{leg.home} v {leg.away} ({round_record.name}, leg {leg.number})"
        if self.sync(leg, values, label if not self.report.created else ""):

            def record():
                changes = leg.record_result(
                    stated.home_score,
                    stated.away_score,
                    extra_time=stated.extra_time,
                    penalties=stated.penalties,
                )
                for change in changes:
                    self.change(change)

            if not self.clean(leg, stated.line, stated.label(), check=record):
                return
        self._events(leg, stated, label)

    # -- summary --------------------------------------------------------------------------

    def _summary(self, tournament):
        summary = tournament.summary()
        champion = "none yet"
        if summary.champion:
            title = f", {ordinal(summary.champion_title)} title" if summary.champion_title else ""
            champion = f"{summary.champion}{title}"
        return (
            f"{tournament.season.competition.slug}/{tournament.season.slug}/{tournament.slug}: "
            f"{tournament.entries.count()} teams, {summary.matches} legs, "
            f"{summary.goals} goals, champion {champion}"
        )


def _shown(obj, name, value):
    """A value for a change report: a related row by its name (`manager Pedro Muñoz →
    Luis García`), never its id."""
    if name.endswith("_id") and value is not None:
        related = obj._meta.get_field(name.removesuffix("_id")).related_model
        found = related.objects.filter(pk=value).first()
        return str(found) if found is not None else f"#{value}"
    return repr(value)
