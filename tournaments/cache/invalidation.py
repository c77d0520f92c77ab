"""Invalidation: what a write changed, as scopes, raised after its transaction commits.

Writes. Why signals here, when the house style keeps domain logic out of them: this is
cache invalidation, infrastructure that must follow *every* write path: the admin (forms,
inlines, actions, deletes), `import_season`, history reverts, next-round creation, the
shell. A receiver on post_save / post_delete / m2m_changed of every tournaments model
notes what the row belongs to (its "anchors": the leg of a goal, the tournament of a
round, …, read from the row's own foreign keys, no query); the few bulk
`QuerySet.update()` calls, which send no signal, call `data_changed(row)` themselves. The
notes are turned into scopes and the versions raised once per transaction, *after* it
commits (`transaction.on_commit`), in a short transaction of their own, so an import's
long transaction and the staff's saves never queue on a version row, and a rolled-back
write raises nothing.
"""

import hashlib
import threading
from collections import defaultdict

from django.apps import apps
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from ..models import ScopeVersion
from ..models.version import EPOCH
from .scopes import (
    ALL,
    FIXTURES,
    LATEST,
    SITE,
    TEAMS,
    TITLES,
    competition_scope,
    listing_scope,
    names_of,
    pair_schedule_scope,
    person_scope,
    schedules_of,
    season_scope,
    team_scope,
    titles_scope,
    tournament_scope,
)
from .store import page_store

# model name → (anchors read from the row's own fields, site-wide scopes it changes).
# An anchor is (kind, id): resolved after the commit into scopes (resolve()).
ANCHORS = {
    "competition": (("competition", "id"), ("listing", "id")),
    "season": (("season", "id"), ("season_listing", "id")),
    "tournament": (("tournament", "id"), ("season", "season_id"), ("season_listing", "season_id")),
    "round": (("tournament", "tournament_id"),),
    "tie": (("tie", "id"),),
    "leg": (("leg", "id"), ("tie", "tie_id")),
    "goal": (("leg", "leg_id"),),
    "booking": (("leg", "leg_id"),),
    "tournamententry": (("tournament", "tournament_id"),),
    "squadmember": (("tournament", "tournament_id"),),
    "leaguematch": (("tournament", "tournament_id"),),
    "leaguetitle": (("tournament", "tournament_id"), ("competition_pages", "competition_id")),
    "team": (("team_wide", "id"),),
    "teamalias": (),
    "person": (("person_wide", "id"),),
}
# What a row added or removed also changes: a tie added to a round or taken from it changes
# the round's size, so which tie is the final, on the pages of every club in the round.
ANCHORS_ADDED_OR_REMOVED = {
    "tie": (("round", "round_id"),),
}
# Rows whose write changes the pages of their own clubs only (the leg's two, the tie's
# two), not of every club on the tournament: their previous clubs are read before an
# update (_before_save), as the page of a club taken off a tie showed it.
CLUB_ROWS = frozenset({"tie", "leg", "goal", "booking"})
# The fields of a row that say only when and where it is played: an update that changes
# nothing else raises the schedules of its scopes (scopes.schedule_scope), not the scopes.
SCHEDULE_FIELDS = {"leg": frozenset({"date", "kickoff", "venue", "version"})}
SITE_WIDE = {
    "competition": {SITE},
    "season": {SITE},
    "tournament": {SITE},
    "team": {TEAMS},
    "teamalias": {TEAMS},
    "tournamententry": {TEAMS},
    # What a box of a tie on now shows: its legs, goals (a live score), the tie, the
    # round's rules (what each side needs); FIXTURES is raised only when it changed.
    "leg": {FIXTURES},
    "goal": {FIXTURES},
    "booking": {FIXTURES},
    "tie": {FIXTURES},
    "round": {FIXTURES},
    "leaguematch": {FIXTURES},  # a last result of a competition (LATEST)
}


def anchors_of(instance, added_or_removed=False):
    """What a written row belongs to, from its own fields (no query); a row of a model
    the cache does not know changes everything (ALL). `added_or_removed`: the row was
    created or deleted (ANCHORS_ADDED_OR_REMOVED)."""
    name = instance._meta.model_name
    if name not in ANCHORS:
        return {("scope", ALL)}
    found = {("scope", scope) for scope in SITE_WIDE.get(name, ())}
    extra = ANCHORS_ADDED_OR_REMOVED.get(name, ()) if added_or_removed else ()
    for kind, attname in (*ANCHORS[name], *extra):
        if (pk := getattr(instance, attname, None)) is not None:
            found.add((kind, pk))
    for field in instance._meta.concrete_fields:
        if field.many_to_one and (pk := getattr(instance, field.attname)) is not None:
            related = field.related_model._meta.model_name
            if related == "team":
                found.add(("scope", team_scope(pk)))
            elif related == "person":
                found.add(("scope", person_scope(pk)))
    return found


class Pending(threading.local):
    """The anchors noted in this thread's transaction, raised at its commit."""

    def __init__(self):
        self.anchors = set()


_pending = Pending()


def data_changed(*instances, scopes=(), added_or_removed=False):
    """Note that `instances` were written (and `scopes` changed): their scopes' versions
    are raised once, after the current transaction commits (at once outside one).

    Every call registers a commit hook; the first to run raises all that was noted and
    the rest find nothing left. A hook of a rolled-back savepoint or transaction is
    dropped by Django; what it noted stays noted and is raised with the next commit (a
    page made cold for nothing, never a stale one)."""
    for instance in instances:
        _pending.anchors |= anchors_of(instance, added_or_removed)
    _pending.anchors |= {("scope", scope) for scope in scopes}
    after_commit(flush)


def after_commit(callback):
    """The one place writes meet the transaction (tests replace it: tests/conftest.py)."""
    transaction.on_commit(callback, robust=True)


def flush():
    """Raise the versions of what was noted, have the pages they touched rendered under
    them (rerender.prepare, bounded), then publish them to Redis."""
    anchors, _pending.anchors = _pending.anchors, set()
    if not anchors:
        return
    scopes = resolve(anchors)
    fingerprints = {}
    # The counts follow results, never a schedule.
    if ALL in scopes or any(s.startswith(("t:", "c:")) and s[-5:] != ":when" for s in scopes):
        fingerprints = titles_fingerprints()
    if FIXTURES in scopes:  # raised only if the ties on now or a last result changed
        scopes.discard(FIXTURES)
        from ..fixtures import fingerprints as fixtures_fingerprints

        fingerprints |= fixtures_fingerprints(FIXTURES, LATEST)
    raised = ScopeVersion.bump(scopes, fingerprints)
    from .. import rerender  # the pages it touched, rendered again in the background

    prepared = rerender.prepare(raised)  # before visitors see the raise: no cold page
    page_store().publish(raised)
    if not prepared:
        rerender.schedule(raised)


def everything_changed():
    """The whole database was replaced (a restore): a new epoch, so no page or validator
    made before is ever matched again."""
    ScopeVersion.new_epoch()
    page_store().publish_epoch(ScopeVersion.read([EPOCH])[EPOCH])


def titles_fingerprints():
    """{scope: digest} of the title counts, all of them (TITLES) and by competition: a
    write raises only the counts it changed (most change none)."""
    from ..models.titles import TitleCount

    def digest(rows):
        return hashlib.blake2b(repr(rows).encode(), digest_size=16).hexdigest()

    rows = TitleCount().rows
    by_competition = defaultdict(list)
    for row in rows:
        by_competition[row.competition_id].append(row)
    found = {titles_scope(pk): digest(group) for pk, group in by_competition.items()}
    return {TITLES: digest(rows), **found}


def resolve(anchors):
    """The scopes a set of anchors stands for, in a few queries after the commit: a
    tournament's pages, its season's and competition's, and the pages of the clubs and
    people it changed. A leg, goal, booking or tie changes the pages of its own clubs
    (what a club's page shows of a tournament is its own ties, its table line and its
    seed); a write to the tournament, a round, the table, the squads or the league
    matches, those of every club on it. An anchor whose row is gone (deleted with its
    parent) changes everything."""
    from ..models import Goal, Leg, Round, Season, Tie, Tournament

    scopes = {pk for kind, pk in anchors if kind == "scope"}
    ids = defaultdict(set)
    for kind, pk in anchors:
        if kind != "scope":
            ids[kind].add(pk)

    def follow(model, pks, path):
        found = dict(model.objects.filter(pk__in=pks).values_list("pk", path))
        if len(found) < len(pks):
            scopes.add(ALL)
        return {value for value in found.values() if value is not None}

    def clubs_of(model, pks, tournament, *clubs):
        """The tournaments of these legs or ties, with their clubs' scopes."""
        rows = model.objects.filter(pk__in=pks).values_list(tournament, *clubs)
        found = set()
        for tournament_id, *club_ids in rows:
            found.add(tournament_id)
            scopes.update(team_scope(pk) for pk in club_ids if pk is not None)
        if len(rows) < len(pks):
            scopes.add(ALL)
        return found

    for kind in TOURNAMENT_OF:  # deleted (their tournaments were read before: clubs_in)
        ids[kind] -= ids[f"gone_{kind}"]
    ids["leg_schedule"] -= ids["gone_leg"]
    tournaments = set(ids["tournament"])  # every club on them changed
    competitions = set(ids["competition"]) | set(ids["competition_pages"])
    seasons = set(ids["season"])
    people = set()
    clubs_only = set(ids["clubs_in"])  # tournaments where only the rows' clubs changed
    if ids["leg"]:
        clubs_only |= clubs_of(
            Leg,
            ids["leg"],
            "tie__round__tournament_id",
            *("home_id", "away_id", "tie__higher_seed_id", "tie__lower_seed_id"),
        )
        people |= set(Goal.objects.filter(leg__in=ids["leg"]).values_list("player_id", flat=True))
    if ids["leg_schedule"]:
        scopes |= schedules_of_legs(ids["leg_schedule"])
    if ids["tie"]:
        clubs_only |= clubs_of(
            Tie, ids["tie"], "round__tournament_id", "higher_seed_id", "lower_seed_id"
        )
    if ids["round"]:  # a tie added or taken away: the round's clubs (ANCHORS_ADDED_…)
        clubs_only |= follow(Round, ids["round"], "tournament_id")
        seeds = Tie.objects.filter(round__in=ids["round"]).values_list(
            "higher_seed_id", "lower_seed_id"
        )
        scopes.update(team_scope(pk) for pair in seeds for pk in pair if pk is not None)
    if ids["season"]:
        competitions |= follow(Season, ids["season"], "competition_id")
        tournaments |= set(
            Tournament.objects.filter(season__in=ids["season"]).values_list("pk", flat=True)
        )
    listings = set(ids["listing"])
    if ids["season_listing"]:
        listings |= follow(Season, ids["season_listing"], "competition_id")
    scopes |= {listing_scope(pk) for pk in listings}
    if ids["competition"]:
        seasons |= set(
            Season.objects.filter(competition__in=ids["competition"]).values_list("pk", flat=True)
        )
        tournaments |= set(
            Tournament.objects.filter(season__competition__in=ids["competition"]).values_list(
                "pk", flat=True
            )
        )
    if ids["team_wide"]:  # a club's own row: its name (its link) on the pages naming it
        scopes |= names_of(pages_naming(ids["team_wide"]))
    if ids["person_wide"]:
        tournaments |= tournaments_featuring(ids["person_wide"], PERSON_PATHS)
    if tournaments | clubs_only:
        for season, competition in Tournament.objects.filter(
            pk__in=tournaments | clubs_only
        ).values_list("season_id", "season__competition_id"):
            seasons.add(season)
            competitions.add(competition)
    if tournaments:
        scopes |= {team_scope(pk) for pk in teams_on(tournaments)}
    scopes |= {tournament_scope(pk) for pk in tournaments | clubs_only}
    scopes |= {season_scope(pk) for pk in seasons}
    scopes |= {competition_scope(pk) for pk in competitions}
    scopes |= {person_scope(pk) for pk in people | ids["person_wide"] if pk is not None}
    return scopes


def schedules_of_legs(pks):
    """The schedule scopes of legs whose date, kick-off or venue moved: their tournament's,
    season's, competition's, clubs', scorers' and the pair of clubs' (their head-to-head)."""
    from ..models import Goal, Leg

    rows = Leg.objects.filter(pk__in=pks).values_list(
        "tie__round__tournament_id",
        "tie__round__tournament__season_id",
        "tie__round__tournament__season__competition_id",
        "home_id",
        "away_id",
    )
    if len(rows) < len(pks):  # gone meanwhile: deleted with what it belonged to
        return {ALL}
    plain = set()
    pairs = set()
    for tournament, season, competition, home, away in rows:
        plain |= {tournament_scope(tournament), season_scope(season)}
        plain |= {competition_scope(competition), team_scope(home), team_scope(away)}
        pairs.add(pair_schedule_scope(home, away))
    scorers = Goal.objects.filter(leg__in=pks).values_list("player_id", flat=True)
    plain |= {person_scope(pk) for pk in scorers if pk is not None}
    return schedules_of(plain) | pairs


# Where a club or a person appears: (model, field naming them, path to the tournament).
TEAM_PATHS = (
    ("TournamentEntry", "team", "tournament_id"),
    ("Leg", "home", "tie__round__tournament_id"),
    ("Leg", "away", "tie__round__tournament_id"),
    ("Tie", "higher_seed", "round__tournament_id"),
    ("Tie", "lower_seed", "round__tournament_id"),
    ("LeagueMatch", "home", "tournament_id"),
    ("LeagueMatch", "away", "tournament_id"),
    ("SquadMember", "team", "tournament_id"),
    ("LeagueTitle", "champion", "tournament_id"),
)
PERSON_PATHS = (
    ("Goal", "player", "leg__tie__round__tournament_id"),
    ("Booking", "player", "leg__tie__round__tournament_id"),
    ("SquadMember", "person", "tournament_id"),
    ("TournamentEntry", "manager", "tournament_id"),
    ("TournamentEntry", "captain", "tournament_id"),
)


def pages_naming(pks):
    """The scopes whose pages name any of the clubs `pks`: every tournament it played
    (all its pages), the competitions of those and of the titles it won (their pages,
    their scorers, how their ties were decided), the clubs it met and its own (a club's
    page names the clubs it met), the seasons where it played a final
    (views.SeasonMixin.names_any_club: the season's other pages name every club, under
    TEAMS)."""
    from ..models import LeagueTitle, Tournament

    named = tournaments_featuring(pks, TEAM_PATHS)
    competitions = {
        *Tournament.objects.filter(pk__in=named).values_list("season__competition_id", flat=True),
        *LeagueTitle.objects.filter(champion__in=pks).values_list("competition_id", flat=True),
    }
    return {
        *(tournament_scope(pk) for pk in named),
        *(competition_scope(pk) for pk in competitions),
        *(team_scope(pk) for pk in opponents_of(pks) | set(pks)),
        *(season_scope(pk) for pk in seasons_of_finals(pks)),
    }


def tournaments_featuring(pks, paths):
    """The tournaments on whose pages any of the clubs (or people) `pks` appear."""
    found = set()
    for model, field, path in paths:
        rows = apps.get_model("tournaments", model).objects.filter(**{f"{field}__in": pks})
        found |= set(rows.values_list(path, flat=True).distinct().order_by())
    return found - {None}


def opponents_of(pks):
    """The clubs that met any of the clubs `pks` in a tie (its seeds, its legs' sides):
    the clubs whose pages (their ties, their record against each opponent, a
    head-to-head, their calendar and feed) name them."""
    from ..models import Leg, Tie

    found = set()
    for model, one, other in ((Tie, "higher_seed", "lower_seed"), (Leg, "home", "away")):
        rows = model.objects.filter(Q(**{f"{one}__in": pks}) | Q(**{f"{other}__in": pks}))
        for pair in rows.values_list(f"{one}_id", f"{other}_id").distinct().order_by():
            found.update(pair)
    return found - set(pks) - {None}


def seasons_of_finals(pks):
    """The seasons whose page names any of the clubs `pks`: those where it played a final
    (a tie alone in its round: a Liguilla's final, whose winner the page names as its
    champion, and the season's own final). The season's other pages name every club
    (views.SeasonMixin.names_any_club)."""
    from ..models import Tie

    finals = (
        Tie.objects.filter(Q(higher_seed__in=pks) | Q(lower_seed__in=pks))
        .with_round_size()
        .filter(ties_in_round=1)
    )
    return set(finals.values_list("round__tournament__season_id", flat=True))


def teams_on(tournaments):
    """The clubs that appear on a tournament's pages: its table, its legs, its league."""
    found = set()
    for model, field, path in TEAM_PATHS:
        rows = apps.get_model("tournaments", model).objects.filter(**{f"{path}__in": tournaments})
        found |= set(rows.values_list(f"{field}_id", flat=True).distinct().order_by())
    return found - {None}


def _on_write(sender, instance, **kwargs):
    if kwargs.get("raw"):  # loaddata: the fixture's rows are the data as it was
        return
    if getattr(instance, "_schedule_only", False) and not kwargs.get("created", True):
        instance._schedule_only = False  # this save only: the instance may be saved again
        _pending.anchors |= {("leg_schedule", instance.pk), ("scope", FIXTURES)}
        after_commit(flush)
        return
    # post_delete sends no `created`: a deleted row is a row removed.
    data_changed(instance, added_or_removed=kwargs.get("created", True))


def _before_save(sender, instance, **kwargs):
    """A leg, goal, booking or tie about to be updated: what it belonged to before (its
    clubs, its leg, its tie), read from the database, is noted with what it belongs to
    after. The pages of a club taken off a tie showed the tie. Noted only: raised with
    the write's own note, after it (a raise before the write could let a page render the
    old row under the new versions). A leg whose update changes only its schedule is
    marked so (`_on_write` then raises only schedules: SCHEDULE_FIELDS)."""
    instance._schedule_only = False
    if kwargs.get("raw") or instance._state.adding or instance.pk is None:
        return
    name = sender._meta.model_name
    fields = [f.name for f in sender._meta.concrete_fields if f.many_to_one]
    schedule = SCHEDULE_FIELDS.get(name)
    rows = sender._base_manager.filter(pk=instance.pk)
    before = (rows if schedule else rows.only(*fields)).first()
    if before is None:
        return
    if schedule is not None:
        changed = {
            field.attname
            for field in sender._meta.concrete_fields
            if getattr(before, field.attname) != getattr(instance, field.attname)
        }
        if changed <= schedule:  # same clubs, same tie: nothing of before to note
            instance._schedule_only = True
            return
    # A tie moved to another round: taken from one, added to the other.
    moved = any(
        getattr(before, attname) != getattr(instance, attname)
        for _kind, attname in ANCHORS_ADDED_OR_REMOVED.get(name, ())
    )
    _pending.anchors |= anchors_of(before, moved)
    if moved:
        _pending.anchors |= anchors_of(instance, moved)


# A leg or tie deleted (a redraw, staff removing a fixture): the path from the row to its
# tournament, read before the delete, while the row is still there.
TOURNAMENT_OF = {"leg": "tie__round__tournament_id", "tie": "round__tournament_id"}


def _before_delete(sender, instance, **kwargs):
    """A leg or tie about to be deleted: its tournament is read now (after the commit the
    row is gone, and a row that cannot be found changes everything) and noted as one
    where only the row's own clubs changed, as for an update; the row itself is noted as
    gone, so that its anchor, and those of its goals and bookings deleted with it, are
    not looked for. Its clubs and scorers are noted from the rows' own fields as for any
    write (their post_delete)."""
    name = sender._meta.model_name
    rows = sender._base_manager.filter(pk=instance.pk)
    tournament = rows.values_list(TOURNAMENT_OF[name], flat=True).first()
    _pending.anchors.add((f"gone_{name}", instance.pk))
    if tournament is not None:
        _pending.anchors.add(("clubs_in", tournament))


def _on_m2m(sender, instance, action, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"}:
        data_changed(instance)


def connect_receivers():
    """Called from TournamentsConfig.ready(): every model of the app (not the history
    tables, whose rows only accompany a write already seen)."""
    for model in apps.get_app_config("tournaments").get_models():
        if model is ScopeVersion or model._meta.model_name.startswith("historical"):
            continue
        uid = f"liguilla-cache-{model._meta.label_lower}"
        post_save.connect(_on_write, sender=model, dispatch_uid=uid + "-save")
        if model._meta.model_name in CLUB_ROWS:
            pre_save.connect(_before_save, sender=model, dispatch_uid=uid + "-before")
        post_delete.connect(_on_write, sender=model, dispatch_uid=uid + "-delete")
        if model._meta.model_name in TOURNAMENT_OF:
            pre_delete.connect(_before_delete, sender=model, dispatch_uid=uid + "-gone")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                _on_m2m, sender=field.remote_field.through, dispatch_uid=uid + field.name
            )
