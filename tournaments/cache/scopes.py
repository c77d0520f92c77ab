"""The scopes a page shows and a write changes (the package docstring tells the design)."""

SITE = "site"  # the competitions, seasons and tournaments: menus, lists, links between them
TEAMS = "teams"  # the clubs, their names and nicknames: the teams index, names in lists
TITLES = "titles"  # the title counts (models/titles.py): raised only when they change
ALL = "all"  # every page shows it: raised by a write the cache cannot place
# The ties on now as the home page shows them (tournaments/fixtures.py), and the date of
# each competition's last result (the home and competition pages): each raised only when
# a write changed it (fingerprinted, like the title counts).
FIXTURES = "fixtures"
LATEST = "latest"


def tournament_scope(pk):
    return f"t:{pk}"


def competition_scope(pk):
    return f"c:{pk}"


def season_scope(pk):
    """A season's pages: its tournaments (raised with any of them), its own fields."""
    return f"s:{pk}"


def listing_scope(pk):
    """A competition's list of seasons and tournaments (not their results): the links
    from one Liguilla to the previous and next."""
    return f"cs:{pk}"


def titles_scope(pk):
    """The title counts of one competition (raised only when they change)."""
    return f"titles:{pk}"


def team_scope(pk):
    return f"team:{pk}"


def person_scope(pk):
    return f"person:{pk}"


# -- the schedule: when and where legs are played -------------------------------------------

# Scopes whose pages may show when their legs are played (a tournament's, a season's, a
# competition's, a club's, a player's).
SCHEDULED = ("t:", "s:", "c:", "team:", "person:")


def schedule_scope(scope):
    """The schedule of what `scope` stands for: the dates, kick-offs and venues of its legs.

    A leg write that changes only those (a kick-off moved, a venue named: the staff's
    edits before a match night) raises the schedule scopes of its tournament, season,
    competition, clubs and scorers, and no other: a page that shows no leg's date, time or
    venue (a club's record, the scorers, how ties were decided) keeps its validator. Every
    other write raises the plain scope, which every page showing the schedule shows too
    (CachedPageMixin.shows), so a result is never missed by a page that also shows dates."""
    return f"{scope}:when"


def pair_schedule_scope(a, b):
    """The schedule of the legs between two clubs (their head-to-head page's dates)."""
    low, high = sorted((a, b))
    return f"pair:{low}-{high}:when"


def schedules_of(scopes):
    """The schedule scopes a page showing `scopes` and the dates of their legs shows."""
    return {schedule_scope(scope) for scope in scopes if scope.startswith(SCHEDULED)}


# -- the clubs' names: what a club renamed changes ------------------------------------------

# Scopes whose pages name clubs (a tournament's, a season's, a competition's, a club's).
NAMED = ("t:", "s:", "c:", "team:")


def names_scope(scope):
    """The club names on the pages of `scope`.

    A club's own row written (renamed, its slug changed) raises the names scopes of the
    pages that name it, and no other: what those pages read from the database stays
    valid, their clubs read again as they are now (store.versioned, fresh_clubs), so
    only their HTML is made again. Every page showing a scope shows its names scope too
    (CachedPageMixin.shows), so a page is never left with an old name."""
    return f"{scope}:names"


def names_of(scopes):
    """The names scopes of `scopes` (those whose pages name clubs)."""
    return {
        names_scope(scope)
        for scope in scopes
        if scope.startswith(NAMED) and not scope.endswith((":when", ":names"))
    }


def is_names_scope(scope):
    return scope.endswith(":names")
