"""Load football.txt records: the regular season's matches (the general table is then
computed by the domain), and the knockout drawn round by round by the catalogue's format
(tournaments/formats.py) and cross-checked against the file (footballtxt_draw.py). Plain
functions over a LoadContext (context.py); the clubs of every file of one import are found
through one TeamDirectory.

The cross-check is the proof that the rules are right: before a round is drawn, the
clubs the rules send into it must be the clubs the file shows in it. Where they differ the
import names the tie, both clubs and the rule that decided it. A leg whose facts break a
rule of the domain (a level shoot-out, a shoot-out after a match already won) is named
too; with --accept-mismatch it becomes a warning and the file's facts are kept.
"""

from __future__ import annotations

from django.db.models import F
from django.utils.text import slugify

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
from ..vocabulary import Tiebreak, clean_name
from . import footballtxt_draw, load_rows
from .context import LoadContext, LoadReport, today_in
from .footballtxt import ClubIndex, name_key
from .load_record import clear_leg
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
    the spelling is kept as an alias (one club, one page, whatever the spelling). Names are
    cleaned (vocabulary.clean_name); a new club or spelling that looks like another club's
    is refused (LoadContext.refuse_lookalike)."""

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

    def team(self, spelling: str, ctx: LoadContext, line: int) -> Team:
        spelling = clean_name(spelling)
        folded = normalize_name(spelling)
        team = self.spellings.get(folded)
        if team is not None:
            return team
        club = clean_name(self.clubs.resolve(spelling))
        team = self.spellings.get(normalize_name(club)) or self.by_key.get(name_key(club))
        if team is None:
            ctx.refuse_lookalike(club, line)
            base = slugify(club) or "team"
            slug, n = base, 1
            while slug in self.slugs:
                n += 1
                slug = f"{base}-{n}"
            team = Team(name=club, slug=slug)
            ctx.save_new(team, line, f"team {club}")
            self.slugs.add(slug)
            self.by_key[name_key(club)] = team
            self.spellings[normalize_name(club)] = team
        if folded != normalize_name(team.name):
            ctx.refuse_lookalike(spelling, line, team=team)
            ctx.save_new(TeamAlias(team=team, name=spelling), line, f"alias {spelling}")
        self.spellings[folded] = team
        return team


def load_part(ctx: LoadContext) -> LoadReport:
    record = ctx.record
    ctx.tournament = part_tournament(ctx)
    ctx.fixtures = fixtures(ctx)
    if record.part == "regular":
        load_rows.league_matches(ctx)
        if ctx.tournament.refresh_table() and not ctx.report.created:
            ctx.change(f"{record.name}: general table recomputed")
    elif record.part == "knockout":
        if not ctx.tournament.entries.exists():
            ctx.fail(
                record.line,
                f"{record.name}: no regular season to seed the Liguilla from; import the "
                "file with its regular season first (or the whole folder)",
            )
        knockout(ctx)
    else:
        champions_final(ctx)
    ctx.finish()
    tournament = Tournament.objects.with_bracket().get(pk=ctx.tournament.pk)
    ctx.report.tournament = tournament
    ctx.report.summary = summary(ctx, tournament)
    return ctx.report


def fixtures(ctx: LoadContext) -> Fixtures:
    """The file's matches without a result: scheduled, or (dated before today in the
    tournament's time zone) results missing from the source, named in one warning.
    Both are imported as fixtures: a season in progress arrives this way."""
    record = ctx.record
    matches = record.matches or [leg for r in record.rounds for leg in r.legs]
    today = today_in(record.timezone)
    fixtures = Fixtures.of(matches, today)
    what = "matches" if record.matches else "legs"
    if warning := fixtures.missing_warning(f"{record.name} {what}", today):
        ctx.warn(*warning)
    return fixtures


def part_tournament(ctx: LoadContext) -> Tournament:
    record = ctx.record
    wanted = normalize_name(record.competition)
    competition = next(
        (c for c in Competition.objects.all() if normalize_name(c.name) == wanted), None
    )
    if competition is None:
        competition = Competition.with_known_rules(
            record.competition, slugify(record.competition), record.country
        )
        ctx.save_new(competition, record.line, f"competition {record.competition}")
    season_slug = slugify(record.season_name.replace("–", "-"))
    season, _created = Season.objects.get_or_create(
        competition=competition,
        slug=season_slug,
        defaults={"name": record.season_name, "start_year": record.season_start_year},
    )
    ctx.season = season
    if record.part == "champions_final":
        return None
    fmt = competition.format_for(record.season_start_year)
    if fmt is None:
        ctx.fail(
            record.line,
            f"no knockout format for {record.competition} {record.season_name}: the "
            "competition has no format era covering the season (its 'formats over the "
            "years' setting; the eras are in tournaments/formats.py)",
        )
    tournament = Tournament.objects.filter(season=season, slug=record.slug).first()
    ctx.report.created = tournament is None
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
    if ctx.sync(tournament, values, record.name) or tournament.pk is None:
        ctx.clean(tournament, record.line, record.name)
        tournament.save()
    return tournament


def knockout(ctx: LoadContext):
    tournament = ctx.tournament
    fmt = tournament.knockout_format()
    records = ctx.record.rounds
    if len(records) > len(fmt.rounds):
        extra = records[len(fmt.rounds)]
        ctx.fail(
            extra.line,
            f"{extra.name}: the {fmt.key} format has {len(fmt.rounds)} rounds, the file more",
        )
    for number, (spec, record) in enumerate(zip(fmt.rounds, records, strict=False), 1):
        if record.kind not in {spec.kind, "round"} and not (
            spec.kind == "round" and record.kind == "reclassification"
        ):
            ctx.fail(
                record.line,
                f"{record.name}: the {fmt.key} format's round {number} is a {spec.kind}",
            )
    stored = {r.number: r for r in tournament.rounds.all()}
    ctx.report.created = not stored  # the regular season made the tournament itself
    for number, round_ in stored.items():
        if number > len(records):
            ctx.change(f"{round_.name}: removed")
            round_.delete()
    for number, (spec, record) in enumerate(zip(fmt.rounds, records, strict=False), 1):
        round_ = stored.get(number) or Round(tournament=tournament, number=number)
        values = {"kind": spec.kind, "legs": spec.legs, "tiebreak": list(spec.tiebreak)}
        if ctx.sync(round_, values, record.name) or round_.pk is None:
            if round_.pk:
                round_.ties.all().delete()
            round_.full_clean(exclude=["tournament"], validate_constraints=False)
            round_.save()
        if not footballtxt_draw.draw_round(ctx, tournament, number, record):
            return
        round_legs(ctx, number, record)


def round_legs(ctx: LoadContext, number, record):
    # The legs with their clubs and scorers, read once: each leg's rules read its tie,
    # its round and the tie's other leg from here, not from one query each.
    tournament = Tournament.objects.with_results().get(pk=ctx.tournament.pk)
    round_ = next(r for r in tournament.rounds.all() if r.number == number)
    ties = {frozenset((t.higher_seed.pk, t.lower_seed.pk)): t for t in round_.ties.all()}
    stated = set()
    lower = {t.lower_seed.name for t in ties.values()}
    # First legs first: a second leg's result is only valid after the first's.
    ordered = sorted(
        record.legs,
        key=lambda leg: 0 if ctx.club(leg.home, leg.line).name in lower else 1,
    )
    for leg_record in ordered:
        home = ctx.club(leg_record.home, leg_record.line)
        away = ctx.club(leg_record.away, leg_record.line)
        tie = ties.get(frozenset((home.pk, away.pk)))
        if tie is None:
            ctx.mismatch(
                leg_record.line,
                f"{leg_record.label()} is not a pairing of the {record.name}: the rules "
                f"pair {'; '.join(t.pairing_label() for t in ties.values())}",
            )
            continue
        if tie.round.legs == 2:
            leg_record.number = leg_number(ctx, leg_record, tie, home, record)
        if (tie.pk, leg_record.number) in stated:
            ctx.mismatch(
                leg_record.line,
                f"{leg_record.label()}: {home} hosts both matches of "
                f"{tie.pairing_label()} (the lower seed hosts the first leg, the higher "
                "seed the second)",
            )
            continue
        stated.add((tie.pk, leg_record.number))
        record_leg(ctx, tie, leg_record, home, record)
    for tie in ties.values():
        for leg in tie.legs.all():
            if (tie.pk, leg.number) not in stated:
                clear_leg(ctx, leg, record)


def leg_number(ctx: LoadContext, leg_record, tie, home, record) -> int:
    """Which leg a match is: the earlier date is the first leg. Where the file gives
    both matches one date (Apertura 2015 lists Toluca v Puebla's second leg first,
    both under 29 November) the host decides: the lower seed hosts the first leg."""
    pair = {tie.higher_seed.pk, tie.lower_seed.pk}
    dates = [
        leg.date
        for leg in record.legs
        if {ctx.club(leg.home, leg.line).pk, ctx.club(leg.away, leg.line).pk} == pair
    ]
    if len(dates) == 2 and None not in dates and dates[0] != dates[1]:
        return 1 if leg_record.date == min(dates) else 2
    return 1 if home == tie.lower_seed else 2


def record_leg(ctx: LoadContext, tie, stated, home, round_record):
    leg = tie.legs_by_number()[stated.number]
    if leg.home_id != home.pk:
        host = "the higher seed" if tie.round.legs == 1 else "home and away in turn"
        ctx.mismatch(
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
    if ctx.sync(leg, values, label if was_played else ""):
        valid = ctx.clean(leg, stated.line, stated.label())
        if not valid and not ctx.accept_mismatch:
            return
        if leg.pk:
            leg.version = F("version") + 1
        leg.save()


def champions_final(ctx: LoadContext):
    record = ctx.record
    season = ctx.season
    final_format = season.competition.season_final_rules()
    if final_format is None:
        ctx.fail(
            record.line,
            f"{record.competition} has no final of the season's champions (its 'final of "
            "the season's champions' setting is empty)",
        )
    liguillas = list(season.liguillas())
    champions = [t.champion() for t in liguillas]
    if len(champions) != 2 or None in champions:
        ctx.fail(
            record.line,
            f"{record.competition} {season.name}: the season final needs both "
            "tournaments' champions; import the whole season first",
        )
    tournament = season.promotional_final()
    ctx.report.created = tournament is None
    if tournament is None:
        tournament = season.create_promotional_final(tiebreak=list(final_format.tiebreak))
    ctx.tournament = tournament
    if len(record.rounds) != 1:
        ctx.fail(record.line, "the season final is one round (Final)")
    round_record = record.rounds[0]
    round_ = tournament.rounds.get(number=1)
    tie = round_.ties.first()
    in_file = {ctx.club(s, leg.line) for leg in round_record.legs for s in (leg.home, leg.away)}
    if tie is None or in_file != {tie.higher_seed, tie.lower_seed}:
        ctx.mismatch(
            round_record.line,
            f"cross-check: the season final is {' v '.join(map(str, champions))} (the "
            f"champions), the file has {', '.join(map(str, in_file))}",
        )
        return
    round_legs(ctx, 1, round_record)


def summary(ctx: LoadContext, tournament):
    part = {"regular": "regular season", "knockout": "knockout"}.get(
        ctx.record.part, "season final"
    )
    where = f"{tournament.season.competition.slug}/{tournament.season.slug}/{tournament.slug}"
    if ctx.record.part == "regular":
        played = tournament.league_matches.played().count()
        total = len(ctx.record.matches)
        leader = None
        if played:
            leader = tournament.entries.order_by("position").select_related("team").first()
        return (
            f"{where} {part}: {tournament.entries.count()} teams, {played} of {total} "
            f"matches played{ctx.fixtures.words('matches')}, leader "
            f"{leader.team if leader else 'none yet'}"
        )
    champion = tournament.champion()
    return (
        f"{where} {part}: {tournament.rounds.count()} rounds"
        f"{ctx.fixtures.words('legs')}, champion {champion if champion else 'none yet'}"
    )


def load_footballtxt(records, accept_mismatch, clubs: ClubIndex, progress=None, new_clubs=()):
    """Load football.txt records in order, inside the caller's transaction; every history
    row written says which file made it (`import_season data/…/2023-24/1-ligamx.txt`),
    as the article import's do."""
    directory = TeamDirectory(clubs)
    reports, failures = [], []
    for index, record in enumerate(sorted(records, key=load_order), start=1):
        ctx = LoadContext(record, accept_mismatch, directory=directory, new_clubs=new_clubs)
        try:
            with history_reason(f"import_season {record.source}"):
                reports.append(load_part(ctx))
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
