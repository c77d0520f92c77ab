"""Page wording: how the site puts the rules' results into words, in the reader's language.

The models decide (who advanced, by which rule, what kind of round); this module names
those things: round names, tiebreak names, score and minute text, a tie's lines, reason and
outcome. No queries of its own and no model imports: it reads the objects it is given.
The public templates reach it through the filters and globals of liguilla/jinja2.py
(the goal line is `EventLines.goal`), the admin's through templatetags/liguilla.py; the
admin and the models' __str__ call it directly.

The busiest pages (results, bracket, match page) get *rows*: each tie and leg put into
words once, in Python, so a template only places ready strings (see "page rows" below).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.template.defaultfilters import date as date_filter
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from markupsafe import Markup

from .display_needs import TIEBREAK_WORDS, NeedsText, needs_text
from .safe_html import format_html
from .vocabulary import RoundKind, Tiebreak, minute_text, score_text

# -- rounds and tiebreaks --------------------------------------------------------------

ROUND_NAMES = {
    RoundKind.ROUND: _("Round %(number)s"),
    RoundKind.PLAY_IN: _("Play-in"),
    RoundKind.RECLASSIFICATION: _("Reclassification"),
    RoundKind.ROUND_OF_64: _("Round of 64"),
    RoundKind.ROUND_OF_32: _("Round of 32"),
    RoundKind.ROUND_OF_16: _("Round of 16"),
    RoundKind.QUARTER_FINAL: _("Quarter-finals"),
    RoundKind.SEMI_FINAL: _("Semi-finals"),
    RoundKind.FINAL: _("Final"),
    RoundKind.PROMOTIONAL_FINAL: _("Promotional final"),
}
# A kind played over several consecutive rounds is numbered within its kind.
NUMBERED_ROUND_NAMES = {
    RoundKind.PLAY_IN: _("Play-in round %(number)s"),
}
# The kinds whose names carry a number; every other kind is named by its kind alone.
NUMBERED_KINDS = {RoundKind.ROUND, *NUMBERED_ROUND_NAMES}


def round_name(kind: str, ordinal: int, count: int = 1) -> str:
    """Round-naming rule, the only one: a round is named by its kind ("Quarter-finals");
    a numbered round by its place among the rounds of its kind ("Round 2", whatever came
    before it), as is a kind played over several rounds ("Play-in round 1" of 2); in the
    language active when it is shown. `ordinal` and `count` come from
    Tournament.round_ordinal."""
    kind = RoundKind(kind)
    if count > 1 and kind in NUMBERED_ROUND_NAMES:
        return str(NUMBERED_ROUND_NAMES[kind] % {"number": ordinal})
    return str(ROUND_NAMES[kind] % {"number": ordinal})


TIEBREAK_LABELS = {
    Tiebreak.AGGREGATE: _("aggregate"),
    Tiebreak.AWAY_GOALS: _("away goals"),
    Tiebreak.EXTRA_TIME: _("extra time"),
    Tiebreak.PENALTIES: _("penalties"),
    Tiebreak.TABLE_POSITION: _("table position"),
}


# The catalogue's formats (formats.FORMATS) and eras (formats.ERAS) as fans and staff
# name them.
FORMAT_NAMES = {
    "play-in-10": _("Play-In of 10"),
    "reclassification-12": _("Reclassification of 12"),
    "reclassification-12-away-goals": _("Reclassification of 12 with away goals"),
    "reclassification-12-away-win-bonus": _(
        "Reclassification of 12, four points for an away win (Liga de Expansión 2021–22)"
    ),
    "liguilla-8": _("Liguilla of 8"),
    "liguilla-8-away-goals": _("Liguilla of 8 with away goals"),
    "expansion-2020": _("Liga de Expansión 2020–21: 12 clubs, a first round of single matches"),
    "liguilla-7-bye": _("Liguilla of 7, the leader waiting for the semi-finals (as in 2011)"),
    "liguilla-6-byes": _("Liguilla of 6, the first two waiting for the semi-finals"),
    "liguilla-4": _("Liguilla of 4: semi-finals and final"),
    "liguilla-16": _("Liguilla of 16: round of 16"),
}
ERA_NAMES = {
    "liga-mx": _(
        "Liga MX: Liguilla of 8 (2010), with away goals (2012), reclassification of 12 "
        "(2020), Play-In of 10 (2023)"
    ),
    "liga-de-expansion-mx": _(
        "Liga de Expansión MX: 12 clubs (2020), reclassification of 12 (2021), Play-In of 10 (2023)"
    ),
    "liga-de-ascenso": _(
        "Liga de Ascenso: Liguilla of 7, the leader waiting for the semi-finals (2011)"
    ),
}
LEGS_WORDS = {1: _("single match at the better-placed club's ground"), 2: _("two legs")}


def format_name(key: str) -> str:
    """A catalogue format's name as staff and fans know it ("Play-In de 10")."""
    return str(FORMAT_NAMES.get(key, key))


def tiebreak_label(rule: str) -> str:
    """The reader's-language name of a tiebreak rule ("away_goals" → "away goals")."""
    return TIEBREAK_LABELS[Tiebreak(rule)]


# A single match has no aggregate and no second leg.
SINGLE_MATCH_TIEBREAK_WORDS = {
    Tiebreak.AGGREGATE: _("the score of the match"),
    Tiebreak.EXTRA_TIME: _("30 minutes of extra time"),
}


def tiebreak_words(rules, legs: int = 2) -> str:
    """A round's tiebreak list in plain words: "the aggregate score…, then …" (of a round
    of single matches: "the score of the match, then …")."""
    table = TIEBREAK_WORDS | (SINGLE_MATCH_TIEBREAK_WORDS if legs == 1 else {})
    words = [str(table[rule]) for rule in rules if rule in table]
    return gettext(", then ").join(words)


# -- a leg: its score, its name, its goals --------------------------------------------


def leg_name(number: int, legs: int = 2) -> str:
    """ "1st leg", "2nd leg"; the one match of a single-match round is "Match"."""
    if legs == 1:
        return gettext("Match")
    return gettext("1st leg") if number == 1 else gettext("2nd leg")


def leg_label(tie, leg) -> str:
    """ "León v Irapuato, 2nd leg": a leg named in a message."""
    return f"{tie.pairing_label()}, {leg_name(leg.number, tie.round.legs)}"


def score(leg) -> str:
    """The score of a leg in regular time ("2–0"), or "v" before it is played."""
    return score_text(leg.home_score, leg.away_score) if leg.is_played else gettext("v")


def after_regular_time(leg) -> str:
    """What followed regular time: "a.e.t. 2–1, 4–3 pens."; "" if nothing did."""
    extras = []
    if leg.has_extra_time:
        after = score_text(
            leg.home_score + leg.extra_time_home_score, leg.away_score + leg.extra_time_away_score
        )
        extras.append(gettext("a.e.t. %(score)s") % {"score": after})
    if leg.has_penalties:
        shootout = score_text(leg.penalties_home, leg.penalties_away)
        extras.append(gettext("%(score)s pens.") % {"score": shootout})
    return ", ".join(extras)


def full_score(leg) -> str:
    """The score with what followed it: "1–1 (a.e.t. 2–1, 4–3 pens.)"; "–" before kickoff."""
    if not leg.is_played:
        return "–"
    extras = after_regular_time(leg)
    return f"{score(leg)} ({extras})" if extras else score(leg)


def match_line(leg) -> str:
    """A leg in one line, for a calendar or a feed: "América 2–1 Pumas", "León v
    Irapuato" before it is played, "Pumas 1–1 América (a.e.t. 2–1, 4–3 pens.)"."""
    line = f"{leg.home} {score(leg)} {leg.away}"
    extras = after_regular_time(leg) if leg.is_played else ""
    return f"{line} ({extras})" if extras else line


def half_time_line(leg) -> str:
    """The score at the break, where the source gives it: "Half time: 1–0"; "" if not."""
    if not getattr(leg, "has_half_time", False):
        return ""
    return gettext("Half time: %(h)s–%(a)s") % {
        "h": leg.half_time_home_score,
        "a": leg.half_time_away_score,
    }


def extra_line(leg) -> str:
    """What followed a leg's regular time: "Extra time: 1–0 · Penalties: León 4–3"; ""
    if nothing did."""
    parts = []
    if leg.has_extra_time:
        parts.append(
            gettext("Extra time: %(h)s–%(a)s")
            % {"h": leg.extra_time_home_score, "a": leg.extra_time_away_score}
        )
    if leg.has_penalties:
        # Winner first, named, as the tie's outcome writes the shoot-out ("won 3–2 on
        # penalties"): never "2–3" beside "3–2".
        home_won = leg.penalties_home > leg.penalties_away
        winner = leg.home if home_won else leg.away
        kicks = sorted((leg.penalties_home, leg.penalties_away), reverse=True)
        parts.append(
            gettext("Penalties: %(team)s %(score)s")
            % {"team": winner.name, "score": score_text(*kicks)}
        )
    return " · ".join(parts)


def minute(event) -> str:
    """When a goal or booking came: "45+2'" (added time after the plus); "" if unknown."""
    if event.minute is None:
        return ""
    return minute_text(event.minute, getattr(event, "added_time", None))


def goal_label(goal) -> str:
    """A goal's minute with its kind, as plain text: "64' (pen.)", "12' (o.g.)"."""
    label = minute(goal)
    if goal.penalty:
        label += f" ({gettext('pen.')})"
    if goal.own_goal:
        label += f" ({gettext('o.g.')})"
    return label


class EventLines:
    """Goal and booking lines of match reports as markup, built in Python: a 64-team
    results page has ~300 goal lines, and a template macro per line cost a tenth of the
    page. The words are translated once per instance (make one per page); translations
    are trusted markup, as in the templates, names and URLs are escaped."""

    def __init__(self):
        tag = ' <abbr class="tag" title="{}">{}</abbr>'
        self.penalty = format_html(tag, gettext("penalty"), gettext("pen."))
        self.own_goal = format_html(tag, gettext("own goal"), gettext("o.g."))
        self.colours: dict[str, str] = {}

    def goal(self, goal, minute_only=False) -> Markup:
        """A goal: scorer linked, minute, kind (pen., o.g.); the minute and kind only
        for a list of one player's goals."""
        # Digits, "+" and the minute mark only: shown as written ("62'", not "62&#x27;").
        when = format_html('<span class="minute">{}</span>', Markup(minute(goal)))
        kind = (self.penalty if goal.penalty else "", self.own_goal if goal.own_goal else "")
        if minute_only:
            return format_html("{}{}{}", when, *kind)
        player = goal.player
        return format_html(
            '<span class="ball-icon" aria-hidden="true"></span>&nbsp;<a href="{}">{}</a> {}{}{}',
            player.url,
            player.name,
            when,
            *kind,
        )

    def booking(self, booking) -> Markup:
        """A booking: the card (its colour named for screen readers), player, minute."""
        colour = self.colours.get(booking.colour)
        if colour is None:
            colour = self.colours[booking.colour] = capfirst(booking.colour_label)
        player = booking.player
        return format_html(
            '<span class="booking-card booking-{}" title="{}">'
            '<span class="visually-hidden">{}:</span></span> <a href="{}">{}</a>{}',
            booking.colour,
            colour,
            colour,
            player.url,
            player.name,
            Markup(f" {int(booking.minute)}'") if booking.minute else "",
        )


def goal_line(goal, minute_only=False) -> Markup:
    """One goal's line outside a page of match reports (player page, admin)."""
    return EventLines().goal(goal, minute_only)


# -- the tally rule's refusal -----------------------------------------------------------

# Where staff read a tally refusal: on the leg's page, beside its goals (new rows among
# them, or only saved ones, each with its "Delete?" box), or elsewhere (the tie's page).
SAVED_GOALS, NEW_GOALS, ELSEWHERE = "saved", "new", "elsewhere"


def tally_excess(excess, *, where: str) -> str:
    """A score below the goals entered for a team (Leg.goal_tally_excess): what is wrong,
    counted once and right, the goals by name, and what to do about it."""
    count, extra = len(excess.goals), excess.extra
    fact = ngettext(
        "%(team)s scored %(allowed)s in %(period)s, but %(count)s goal is entered for it: "
        "%(scorers)s.",
        "%(team)s scored %(allowed)s in %(period)s, but %(count)s goals are entered for it: "
        "%(scorers)s.",
        count,
    ) % {
        "team": excess.team,
        "allowed": excess.allowed,
        "period": gettext("extra time") if excess.period == "extra" else gettext("regular time"),
        "count": count,
        "scorers": ", ".join(f"{goal.player.name} {goal_label(goal)}" for goal in excess.goals),
    }
    if where == ELSEWHERE:
        action = ngettext(
            "Remove %(extra)s scorer on the leg's page first, or correct the score.",
            "Remove %(extra)s scorers on the leg's page first, or correct the score.",
            extra,
        )
    elif where == NEW_GOALS:
        action = ngettext(
            "Remove one of them, or correct the score.",
            "Remove %(extra)s of them, or correct the score.",
            extra,
        )
    elif extra == count:
        action = ngettext(
            "Tick “Delete?” on it, or correct the score.",
            "Tick “Delete?” on all %(extra)s, or correct the score.",
            extra,
        )
    else:
        action = ngettext(
            "Tick “Delete?” on one of them, or correct the score.",
            "Tick “Delete?” on %(extra)s of them, or correct the score.",
            extra,
        )
    return f"{fact} {action % {'extra': extra}}"


# -- a tie: its two lines, why the winner went through, the outcome line ---------------


@dataclass
class TieLine:
    team: Any
    seed: int | None
    legs: list
    aggregate: int | None
    advanced: bool


def tie_lines(tie, seeds=None) -> list[TieLine]:
    """The tie as two lines, higher seed first: each team's seed, its goals in each leg
    (None for a leg not yet played; extra time counts in the last leg; a single match has
    no leg columns: its score is the aggregate), its aggregate and whether it went
    through. `seeds` (team id → seed) saves reading the table once per tie."""
    by_number = tie.legs_by_number()
    legs = [by_number.get(1), by_number.get(2)] if tie.round.legs == 2 else []
    aggregate = tie.aggregate()
    if seeds is None:
        high, low = tie.higher_seed_number, tie.lower_seed_number
    else:
        high, low = seeds.get(tie.higher_seed_id), seeds.get(tie.lower_seed_id)
    lines = []
    for index, (team, seed) in enumerate(((tie.higher_seed, high), (tie.lower_seed, low))):
        lines.append(
            TieLine(
                team=team,
                seed=seed,
                legs=[leg.goals_of(team.pk) if leg and leg.is_played else None for leg in legs],
                aggregate=aggregate[index] if aggregate else None,
                advanced=tie.winner is not None and tie.winner.pk == team.pk,
            )
        )
    return lines


def winner_score(tie) -> str:
    """The aggregate from the winner's side ("3–0"), extra time included."""
    high, low = tie.aggregate() or (0, 0)
    if tie.winner is not None and tie.winner.pk == tie.lower_seed_id:
        high, low = low, high
    return score_text(high, low)


def aggregate_line(tie) -> str:
    """León 3–1 Irapuato: the higher seed first, extra time included; "–" before a result."""
    aggregate = tie.aggregate()
    if aggregate is None:
        return "–"
    return f"{tie.higher_seed} {score_text(*aggregate)} {tie.lower_seed}"


def shootout_score(tie, side=None) -> str:
    """The penalty shoot-out from the winner's side ("4–3"), or from `side`'s (a club
    page reads its own shoot-outs: "2–4" for one it lost), or ""."""
    second = tie.last_leg
    if tie.winner is None or second is None or not second.has_penalties:
        return ""
    mine, theirs = tie.winner, tie.loser
    if side is not None and side.pk == theirs.pk:
        mine, theirs = theirs, mine
    return score_text(second.penalties_of(mine.pk), second.penalties_of(theirs.pk))


REASONS = {
    Tiebreak.TABLE_POSITION: _("on table position"),
    Tiebreak.AWAY_GOALS: _("on away goals"),
    Tiebreak.EXTRA_TIME: _("after extra time"),
}


def reason(tie, side=None) -> str:
    """Why the winner went through when the aggregate alone did not say it ("on table
    position", "on penalties 4–3"); "" for a plain aggregate win or an open tie. The
    shoot-out is read from the winner's side, or from `side`'s (shootout_score)."""
    if tie.decided_by == Tiebreak.PENALTIES:
        return gettext("on penalties %(score)s") % {"score": shootout_score(tie, side)}
    return str(REASONS.get(tie.decided_by, ""))


OUTCOMES = {
    Tiebreak.AGGREGATE: _("%(team)s advanced %(score)s on aggregate"),
    Tiebreak.TABLE_POSITION: _(
        "%(team)s advanced on their better position in the table, %(score)s on aggregate"
    ),
    Tiebreak.AWAY_GOALS: _("%(team)s advanced on away goals, %(score)s on aggregate"),
    Tiebreak.EXTRA_TIME: _("%(team)s advanced %(score)s on aggregate after extra time"),
    Tiebreak.PENALTIES: _("%(team)s advanced %(shootout)s on penalties, %(score)s on aggregate"),
}


# A single match has no aggregate: its score is the match's, extra time included.
SINGLE_MATCH_OUTCOMES = {
    Tiebreak.AGGREGATE: _("%(team)s won %(score)s"),
    Tiebreak.TABLE_POSITION: _(
        "%(team)s advanced on their better position in the table after a %(score)s draw"
    ),
    Tiebreak.EXTRA_TIME: _("%(team)s won %(score)s after extra time"),
    Tiebreak.PENALTIES: _("%(team)s won %(shootout)s on penalties after a %(score)s draw"),
}


# A final's winner does not advance: it is crowned.
FINAL_OUTCOMES = {
    Tiebreak.AGGREGATE: _("%(team)s are champions, %(score)s on aggregate"),
    Tiebreak.TABLE_POSITION: _(
        "%(team)s are champions on their better position in the table, %(score)s on aggregate"
    ),
    Tiebreak.AWAY_GOALS: _("%(team)s are champions on away goals, %(score)s on aggregate"),
    Tiebreak.EXTRA_TIME: _("%(team)s are champions after extra time, %(score)s on aggregate"),
    Tiebreak.PENALTIES: _(
        "%(team)s are champions, %(shootout)s on penalties after %(score)s on aggregate"
    ),
}
SINGLE_MATCH_FINAL_OUTCOMES = {
    Tiebreak.AGGREGATE: _("%(team)s are champions, winning %(score)s"),
    Tiebreak.TABLE_POSITION: _(
        "%(team)s are champions on their better position in the table after a %(score)s draw"
    ),
    Tiebreak.EXTRA_TIME: _("%(team)s are champions, winning %(score)s after extra time"),
    Tiebreak.PENALTIES: _(
        "%(team)s are champions, %(shootout)s on penalties after a %(score)s draw"
    ),
}


def outcome(tie) -> str:
    """The tie's outcome line ("León advanced 3–0 on aggregate"; "Correcaminos advanced on
    their better position in the table, 2–2 on aggregate"; a single match: "Santos won 4–3
    on penalties after a 1–1 draw"; a final: "América are champions, 3–2 on aggregate"),
    "" while it is undecided."""
    if tie.winner is None:
        return ""
    params = {"team": tie.winner.name, "score": winner_score(tie), "shootout": shootout_score(tie)}
    single = tie.round.legs == 1
    if tie.is_final:
        lines = SINGLE_MATCH_FINAL_OUTCOMES if single else FINAL_OUTCOMES
        lines = lines if tie.decided_by in lines else FINAL_OUTCOMES
    else:
        lines = SINGLE_MATCH_OUTCOMES if single else OUTCOMES
        lines = lines if tie.decided_by in lines else OUTCOMES
    return str(lines[tie.decided_by] % params)


# -- a tournament's format ----------------------------------------------------------------


def versus(higher, lower) -> str:
    """A pairing in words: "León v Irapuato" ("León vs. Irapuato" in Spanish)."""
    return gettext("%(higher)s v %(lower)s") % {"higher": higher, "lower": lower}


def bye_note(byes: int) -> str:
    """Why a club with a bye skips the first round: the top seed, or one of the top
    seeds when several have one."""
    return ngettext(
        "Bye: straight into the next round as the top seed",
        "Bye: straight into the next round as one of the top %(count)s seeds",
        byes,
    ) % {"count": byes}


def qualified_caption(qualifiers: int) -> str:
    """The caption of the overview's table of qualified teams."""
    return ngettext(
        "The %(counter)s team that qualified, in seed order",
        "The %(counter)s teams that qualified, in seed order",
        qualifiers,
    ) % {"counter": qualifiers}


def qualifying_rule(qualifiers: int, kind: str = "liguilla") -> str:
    """The overview's first line of the format: who qualifies and how they are seeded;
    for a season final, who meets in it."""
    if kind == "champions_final":
        return gettext(
            "The Apertura and Clausura champions meet in a final for the title of Champion "
            "of Champions; it promotes nobody."
        )
    if kind == "promotional_final":
        return gettext("The Apertura and Clausura champions meet in the promotional final.")
    return ngettext(
        "The top team in the standings qualifies.",
        "The top %(counter)s teams in the standings qualify and are seeded by their "
        "position in it.",
        qualifiers,
    ) % {"counter": qualifiers}


SOURCE_TABLE_CAPTION = _(
    "The table from the results the source gives; the line is under the last qualifying place"
)


def source_stopped_note(counts: dict) -> str:
    """A regular season whose source stops early (Tournament.season_counts): how far its
    results go and how many earlier-dated matches have none in it."""
    params = {"count": counts["missing"]}
    missing = (
        ngettext(
            "%(count)s match dated before today has no result in it",
            "%(count)s matches dated before today have no result in it",
            counts["missing"],
        )
        % params
    )
    if counts["last_result"] is None:
        return gettext(
            "The source gives no result of this regular season: %(missing)s. This site's "
            "data for it goes no further."
        ) % {"missing": missing}
    return gettext(
        "The source's results stop on %(date)s: %(missing)s. The table counts the results "
        "up to then; this site's data for the season goes no further."
    ) % {"date": date_filter(counts["last_result"], "DATE_FORMAT"), "missing": missing}


# -- a leg before and while it is played -------------------------------------------------

LIVE_WORD = _("LIVE")
PERIOD_WORDS = {
    "half_time": _("Half-time"),
    "penalties": _("Penalties"),
}


def live_minute(leg) -> str:
    """The clock of a leg being played: "67'", "45+2'", "Half-time", "Penalties"."""
    if leg.live_period in PERIOD_WORDS:
        return str(PERIOD_WORDS[leg.live_period])
    if leg.live_minute is None:
        return ""
    return minute_text(leg.live_minute, leg.live_added_time)


@dataclass(slots=True)
class LiveRow:
    """Where a leg stands, for any page: `status` (upcoming, live, played); while it is
    played the score so far (extra time included) and the clock; before, its local
    kick-off (None: time to be confirmed) and venue."""

    status: str
    score: str
    minute: str
    period: str
    kickoff: Any
    venue: str
    word: str  # "LIVE" in the reader's language while it is played, else ""


def live_row(leg) -> LiveRow:
    status = str(leg.status)
    live = leg.live_score()
    return LiveRow(
        status=status,
        score=score_text(*live) if live else (score(leg) if leg.is_played else ""),
        minute=live_minute(leg) if live else "",
        period=str(leg.get_live_period_display()) if live else "",
        kickoff=leg.local_kickoff(),
        venue=leg.venue,
        word=str(LIVE_WORD) if live else "",
    )


def live_score_line(leg) -> str:
    """ "América 1–0 Cruz Azul (67')": a leg being played, for a message."""
    row = live_row(leg)
    line = f"{leg.home} {row.score or score(leg)} {leg.away}"
    return f"{line} ({row.minute})" if row.minute else line


# -- time zones --------------------------------------------------------------------------

# A tournament's time zone in words, as a fan says it (Mexico's official zones); a zone
# not listed is named by its place.
ZONE_NAMES = {
    "America/Mexico_City": _("central Mexico time"),
    "America/Monterrey": _("central Mexico time"),
    "America/Merida": _("central Mexico time"),
    "America/Chihuahua": _("central Mexico time"),
    "America/Cancun": _("southeast Mexico time"),
    "America/Mazatlan": _("Mexican Pacific time"),
    "America/Hermosillo": _("Mexican Pacific time"),
    "America/Tijuana": _("northwest Mexico time"),
    "UTC": _("UTC"),
}


def zone_name(zone: str) -> str:
    """ "central Mexico time" for America/Mexico_City; "Los Angeles time" for a zone
    not listed."""
    if zone in ZONE_NAMES:
        return str(ZONE_NAMES[zone])
    place = zone.rsplit("/", 1)[-1].replace("_", " ")
    return gettext("%(place)s time") % {"place": place}


def source_host(url: str) -> str:
    """A source named by its site, as a reader recognises it: "rsssf.org"."""
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


def title_list_notes(title_list) -> list[str]:
    """What a competition's list of champions counts, where published tables differ
    (models TitleList.notes), in the reader's language."""
    notes = [
        gettext(
            "Each season links the published list it comes from; this site's Liguillas, "
            "leg by leg, are the detailed record of the seasons it holds."
        )
    ]
    if "professional-era" in title_list.notes:
        notes.append(
            gettext(
                "Titles are counted from the league's first professional season: the "
                "championships of the amateur era before it are not."
            )
        )
    if "special-tournaments" in title_list.notes:
        notes.append(
            gettext(
                "Tournaments played in place of a season (marked *) count, as the league "
                "counts them."
            )
        )
    return notes


# -- page rows ---------------------------------------------------------------------------
# What a tie box or a match report shows, computed once per page from the objects the
# page fetched (tournaments/fetch.py): the templates only place these strings.


@dataclass(slots=True)
class TieRow:
    """A tie box (bracket, match page): the two lines, the note under them (why the
    winner went through, or what is missing, with the dates still to come) and the links
    to its legs. `single`: a single match, shown as one score, not two legs."""

    tie: Any
    label: str
    lines: list[TieLine]
    single: bool
    note: str
    upcoming: list[tuple[str, Any, Any]]  # (leg name, date, local kick-off or None)
    links: list[tuple[str, str]]
    live: LiveRow | None = None  # the leg being played now, if any
    # Before and during the deciding match: what each side needs (Tie.needs_now).
    needs: NeedsText | None = None
    zone: str = ""  # the tournament's time zone in words, for the kick-offs still to come
    final: bool = False  # its winner is crowned, not through to another round


def tie_row(tie, seeds=None) -> TieRow:
    legs_in_round = tie.round.legs
    legs = tie.leg_list()
    decided = tie.is_decided
    playing = next((leg for leg in legs if leg.is_live), None)
    return TieRow(
        tie=tie,
        label=f"{tie.higher_seed.name} – {tie.lower_seed.name}",
        lines=tie_lines(tie, seeds),
        single=legs_in_round == 1,
        # A leg being played says so itself (`live`), not that it has no result yet.
        note=reason(tie) if decided else "" if playing else capfirst(tie.missing),
        upcoming=[]
        if decided
        else [
            (leg_name(leg.number, legs_in_round), leg.date, leg.local_kickoff())
            for leg in legs
            if not leg.is_played and not leg.is_live and leg.date
        ],
        links=[(leg.url, leg_name(leg.number, legs_in_round)) for leg in legs],
        live=live_row(playing) if playing else None,
        needs=None if decided else tie_needs(tie),
        zone=zone_name(tie.round.tournament.timezone),
        final=decided and tie.is_final,
    )


def tie_needs(tie) -> NeedsText | None:
    """What each side needs now (Tie.needs_now) in words; a final's winner is champion."""
    needs = tie.needs_now()
    return needs_text(needs, final=tie.is_final) if needs is not None else None


@dataclass(slots=True)
class MatchSide:
    """A team's goals and bookings in a match report, as lines (EventLines)."""

    team: Any
    goal_lines: list[Markup]
    booking_lines: list[Markup]


@dataclass(slots=True)
class MatchRow:
    """A match report (results page, match page): the leg, its score and what followed
    it, its local kickoff, each side's goals and bookings (a goal under the team it
    counts for), whether scorers are missing, and the tie's outcome under its last leg."""

    leg: Any
    score: str
    half_time: str
    extra: str
    kickoff: Any
    sides: list[MatchSide]
    scorers_incomplete: bool
    outcome: str
    status: str = "played"  # models.live.LegStatus: upcoming, live or played
    live: LiveRow | None = None  # while the leg is played: the score so far and the minute
    venue: str = ""
    zone: str = ""  # the time zone of `kickoff`, in words


def match_row(leg, goals, bookings, *, last=False, lines=None) -> MatchRow:
    """`lines`: the page's EventLines (one is made when not given)."""
    lines = lines or EventLines()
    return MatchRow(
        leg=leg,
        score=score(leg),
        half_time=half_time_line(leg),
        extra=extra_line(leg),
        kickoff=leg.local_kickoff(),
        sides=[
            MatchSide(
                team=team,
                goal_lines=[lines.goal(g) for g in goals if g.team_id == team.pk],
                booking_lines=[lines.booking(b) for b in bookings if b.team_id == team.pk],
            )
            for team in (leg.home, leg.away)
        ],
        scorers_incomplete=leg.scorers_incomplete(goals),
        outcome=outcome(leg.tie) if last else "",
        status=str(leg.status),
        live=live_row(leg) if leg.is_live else None,
        venue=leg.venue,
        zone=zone_name(leg.tie.round.tournament.timezone) if leg.kickoff else "",
    )


@dataclass(slots=True)
class ResultsRound:
    number: int
    name: str
    single: bool  # a round of single matches: one fixture list, no leg headings
    days: list[tuple[str, list[MatchRow]]]


def results_rounds(rounds, events) -> list[ResultsRound]:
    """The results page: each round as a fixture list (every first leg, then every
    second leg), each match a report, the outcome under the tie's last leg. `events`
    holds the goals and bookings by leg (fetch.Events)."""
    lines = EventLines()
    return [
        ResultsRound(
            number=round_.number,
            name=round_.name,
            single=round_.legs == 1,
            days=[
                (
                    leg_name(number, round_.legs),
                    [
                        match_row(leg, *events.of(leg), last=number == round_.legs, lines=lines)
                        for leg in legs
                    ],
                )
                for number, legs in round_.leg_days()
            ],
        )
        for round_ in rounds
    ]


def any_live(rounds: list[ResultsRound]) -> tuple[bool, bool]:
    """Whether the results page shows a leg being played, and a kick-off time."""
    matches = [match for round_ in rounds for _day, day in round_.days for match in day]
    return any(match.live for match in matches), any(match.kickoff for match in matches)


def any_kickoff(rows) -> bool:
    """Whether tie boxes show a kick-off time (of a leg still to come)."""
    return any(kickoff for row in rows for _name, _date, kickoff in row.upcoming)


def bracket_rows(columns, seeds) -> list[tuple[Any, list[TieRow]]]:
    """The bracket page: each column (models.BracketColumn) with its ties as tie boxes;
    `seeds(round number)` gives the seeds as that round is played
    (Tournament.round_seed_numbers)."""
    return [
        (column, [tie_row(tie, seeds(column.number)) for tie in column.ties]) for column in columns
    ]
