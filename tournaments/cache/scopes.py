"""The scopes a page shows and a write changes (the package docstring tells the design)."""

SITE = "site"  # the competitions, seasons and tournaments: menus, lists, links between them
TEAMS = "teams"  # the clubs, their names and nicknames: the teams index, names in lists
TITLES = "titles"  # the title counts (models/titles.py): raised only when they change
ALL = "all"  # every page shows it: raised by a write the cache cannot place
# Legs anywhere (dates, kick-offs, live state, results): the home page's ties of the week.
FIXTURES = "fixtures"


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
