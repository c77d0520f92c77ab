"""The tie box, the match report and the other rows a page repeats hundreds of times, as
markup built in Python, from the page rows of display.py (TieRow, MatchRow) and the
models.

Why not template macros: a 64-team bracket has 63 tie boxes and its results page 126
match reports; a Jinja2 macro per box, with its loops and conditionals, cost about a
quarter of those pages' cold render. One string per box, as display.EventLines does for
goal lines, writes the same HTML (whitespace included) several times faster. The Jinja2
partials (_tie.html, _match.html) keep their macros as the one way pages call these.

Words come through `_` (the page's translation memo in liguilla/jinja2.py, Django's
gettext elsewhere; named `_` so that makemessages finds them): a translation is trusted
markup, as in the templates, while names, URLs and notes are escaped. Every piece is
built with format_html / format_html_join (no f-strings around values, no hand-placed
escape()): what is markup stays markup when pieces are joined, and a plain string is
always escaped.
"""

from __future__ import annotations

from collections.abc import Callable

from django.template import defaultfilters
from django.utils.translation import gettext
from markupsafe import Markup

from .display import MatchRow, TieRow, shootout_score, winner_score
from .reversing import cached_reverse
from .safe_html import format_html, format_html_join

EMPTY = Markup("")


def _words(message: str) -> Markup:
    return Markup(gettext(message))  # a translation is trusted markup (see above)


def _dash(value):
    return "–" if value is None else value


def person_link(person) -> Markup:
    """A person linked, with the nationality (the `_person.html` macro)."""
    if person.nationality:
        return format_html(
            '<a href="{}">{}</a> <abbr class="nat" title="{}">{}</abbr>',
            person.url,
            person.name,
            person.nationality,
            person.nationality,
        )
    return format_html('<a href="{}">{}</a>', person.url, person.name)


def standings_row(
    entry,
    staff=False,
    qualifiers=None,
    champion=None,
    barred=None,
    bonus=False,
    _: Callable = _words,
) -> Markup:
    """One row of a general table (the `_standings.html` macro): position, club (with
    its manager and captain under `staff`), the record (with the bonus points column
    where the competition awards them); the champion's row and the qualified rows
    marked, the club the relegation table bars named."""
    team = entry.team
    if champion and team == champion:
        row_class = Markup(' class="champion-row"')
    elif barred and team == barred:
        row_class = EMPTY
    elif qualifiers and entry.position <= qualifiers:
        row_class = Markup(' class="qualified"')
    else:
        row_class = EMPTY
    manager, captain = (entry.manager, entry.captain) if staff else (None, None)
    name = format_html('<a href="{}">{}</a>', team.url, team.name)
    if manager or captain:
        narrow = []
        if manager:
            narrow.append(format_html("{}: {}", _("Manager"), manager.name))
        if captain:
            nationality = format_html(" ({})", captain.nationality) if captain.nationality else ""
            narrow.append(format_html("{}: {}{}", _("Captain"), captain.name, nationality))
        name += format_html(
            '<span class="narrow-only staff">{}</span>',
            format_html_join(Markup("<br>"), "{}", ((part,) for part in narrow)),
        )
    if barred and team == barred:
        barred_note = _("last in the relegation table: may not play the Liguilla")
        name += format_html(' <span class="muted">({})</span>', barred_note)
    staff_cells = EMPTY
    if staff:
        staff_cells = format_html(
            '\n      <td class="wide">{}</td>\n      <td class="wide">{}</td>\n      ',
            person_link(manager) if manager else "—",
            person_link(captain) if captain else "—",
        )
    difference = entry.goal_difference
    bonus_cell = (
        format_html('<td class="num">{}</td>\n      ', entry.bonus_points) if bonus else EMPTY
    )
    return format_html(
        "\n    <tr{}>\n"
        '      <td class="num">{}</td>\n'
        '      <th scope="row">{}</th>\n'
        "      {}\n"
        '      <td class="num">{}</td>\n'
        '      <td class="num">{}</td>\n'
        '      <td class="num">{}</td>\n'
        '      <td class="num">{}</td>\n'
        '      <td class="num opt">{}</td>\n'
        '      <td class="num opt">{}</td>\n'
        '      <td class="num">{}{}</td>\n'
        '      {}<td class="num strong">{}</td>\n'
        "    </tr>\n  ",
        row_class,
        entry.position,
        name,
        staff_cells,
        entry.played,
        entry.won,
        entry.drawn,
        entry.lost,
        entry.goals_for,
        entry.goals_against,
        "+" if difference > 0 else "",
        difference,
        bonus_cell,
        entry.points,
    )


def tie_box(row: TieRow, show_links: bool = False, _: Callable = _words) -> Markup:
    """A tie box (bracket, match page, season page): the two lines (seed, team, each
    leg's goals and the aggregate, or one score for a single match), the note under them
    and, with `show_links`, the links to its legs."""
    decided = row.tie.is_decided
    if row.single:
        columns = format_html(
            '<th scope="col"><span class="visually-hidden">{}</span></th>', _("Score")
        )
    else:
        columns = format_html(
            '<th scope="col"><abbr title="{}">{}</abbr></th>'
            '<th scope="col"><abbr title="{}">{}</abbr></th>'
            '<th scope="col"><abbr title="{}">{}</abbr></th>',
            _("1st leg"),
            _("L1"),
            _("2nd leg"),
            _("L2"),
            _("Aggregate"),
            _("Agg"),
        )
    advanced = format_html(
        '<span class="visually-hidden"> ({})</span>',
        _("champions") if row.final else _("advanced"),
    )
    lines = format_html_join(
        "",
        '\n      <tr class="{}">\n'
        '        <td class="seed">{}</td>\n'
        '        <th scope="row" class="name"><a href="{}">{}</a>{}</th>\n'
        "        {}\n"
        '        <td class="agg">{}</td>\n'
        "      </tr>\n    ",
        (
            (
                "winner" if line.advanced else "loser" if decided else "",
                line.seed or "",
                line.team.url,
                line.team.name,
                advanced if line.advanced else "",
                format_html_join("", '<td class="leg">{}</td>', ((_dash(g),) for g in line.legs)),
                _dash(line.aggregate),
            )
            for line in row.lines
        ),
    )
    if decided:
        note = format_html('<p class="tie-note reason">{}</p>', row.note) if row.note else ""
        note = format_html("\n    {}\n  ", note)
    else:
        upcoming = format_html_join(
            "",
            "<br>{}: {}",
            (
                (title, _when(date, kickoff, "MONTH_DAY_FORMAT", row.zone))
                for title, date, kickoff in row.upcoming
            ),
        )
        live = format_html("<br>{}", live_badge(row.live)) if row.live else ""
        note = format_html(
            '\n    <p class="tie-note pending">{}{}{}</p>\n  ', row.note, live, upcoming
        )
    note += needs_block(row.needs)
    links = EMPTY
    if show_links:
        links = format_html(
            '<p class="tie-links">{}</p>',
            format_html_join(" · ", '<a href="{}">{}</a>', row.links),
        )
    label = row.label
    return format_html(
        '<article class="tie{}{}" aria-label="{}">\n'
        '  <table class="tie-score">\n'
        '    <caption class="visually-hidden">{}</caption>\n'
        "    <thead>\n"
        '      <tr><th scope="col"><span class="visually-hidden">{}</span></th>'
        '<th scope="col"><span class="visually-hidden">{}</span></th>'
        "{}</tr>\n"
        "    </thead>\n"
        "    <tbody>\n    {}\n    </tbody>\n"
        "  </table>\n  {}\n  {}\n</article>",
        " single" if row.single else "",
        " decided" if decided else " open",
        label,
        label,
        _("Seed"),
        _("Team"),
        columns,
        lines,
        note,
        links,
    )


def needs_block(needs) -> Markup:
    """What each side needs (display_needs.NeedsText): during the deciding match what the
    score so far would mean first, then each side's line; "" when there is nothing to say."""
    if needs is None or not (needs.lines or needs.now):
        return EMPTY
    now = ""
    if needs.now:
        now = format_html('<p class="needs-now"><strong>{}</strong></p>', needs.now)
    lines = format_html_join("", "<li>{}</li>", ((line,) for line in needs.lines))
    lines = format_html("<ul>{}</ul>", lines) if lines else ""
    return format_html('\n  <div class="tie-needs">{}{}</div>', now, lines)


def _when(date, kickoff, date_format, zone="") -> Markup:
    """A fixture's day and, when known, its local kick-off time, both in <time>."""
    day = format_html(
        '<time datetime="{}">{}</time>',
        defaultfilters.date(date, "Y-m-d"),
        defaultfilters.date(date, date_format),
    )
    if kickoff:
        return format_html("{} {}", day, kickoff_time(kickoff, zone))
    return day


def kickoff_time(kickoff, zone="") -> Markup:
    """A kick-off in the tournament's time: <time> with its UTC offset (static/js/
    localtime.js adds the visitor's own time beside it), the zone named in words."""
    time = format_html(
        '<time class="kickoff" datetime="{}">{}</time>',
        defaultfilters.date(kickoff, "c"),
        defaultfilters.time(kickoff, "H:i"),
    )
    if zone:
        return format_html('{} <span class="zone">({})</span>', time, zone)
    return time


def live_badge(live, with_score: bool = True) -> Markup:
    """A leg being played: "LIVE 67' · 1–0" (models' live state, display.LiveRow); the
    score left out where the scoreline beside it shows it."""
    score = format_html(' · <span class="live-score">{}</span>', live.score) if with_score else ""
    return format_html(
        '<span class="live"><strong class="live-word">{}</strong> '
        '<span class="live-minute">{}</span>{}</span>',
        live.word,
        live.minute,
        score,
    )


def _event_list(css_class, label, lines) -> Markup:
    if not lines:
        return EMPTY
    return format_html(
        '<ul class="{}" aria-label="{}">{}</ul>',
        css_class,
        label,
        format_html_join("", "<li>{}</li>", ((line,) for line in lines)),
    )


def match_report(
    match: MatchRow,
    scorer_data,
    show_scorer_note: bool = False,
    show_zone: bool = False,
    show_scoreline: bool = True,
    _: Callable = _words,
) -> Markup:
    """A match report (results page, match page): date and local kickoff (with its zone
    in words under `show_zone`: the results page names it once above), the scoreline
    linking the match page, what followed the score, each side's goal and booking lines
    and, when scorers are missing, a note saying so."""
    leg = match.leg
    played = leg.is_played
    if leg.date:
        when = [
            format_html(
                '<time datetime="{}">{}</time>',
                defaultfilters.date(leg.date, "Y-m-d"),
                defaultfilters.date(leg.date, "DATE_FORMAT"),
            )
        ]
    else:
        when = [_("Date to be confirmed")]
    if match.kickoff:
        when.append(kickoff_time(match.kickoff, match.zone if show_zone else ""))
    if match.venue:
        when.append(match.venue)
    if match.live and show_scoreline:  # the match page's heading says it once
        when.append(live_badge(match.live, with_score=False))
    home, away = leg.home, leg.away
    extra = format_html('<p class="extra">{}</p>', match.extra) if match.extra else ""
    scoreline = EMPTY
    if show_scoreline:  # not under the match page's own heading, which gives the score
        scoreline = format_html(
            '  <p class="scoreline">\n'
            '    <span class="home"><a href="{}">{}</a></span>\n'
            '    <a class="score" href="{}" aria-label="{}">{}</a>\n'
            '    <span class="away"><a href="{}">{}</a></span>\n'
            "  </p>\n",
            home.url,
            home.name,
            leg.url,
            _("Match page: %(home)s v %(away)s") % {"home": home.name, "away": away.name},
            match.live.score if match.live else match.score,
            away.url,
            away.name,
        )
    events = EMPTY
    if played or match.live:
        sides = format_html_join(
            "",
            '\n    <div class="side side-{}">\n'
            '      <p class="side-team visually-hidden">{}</p>\n'
            "      {}\n      {}\n    </div>\n    ",
            (
                (
                    "away" if index % 2 else "home",
                    side.team.name,
                    _event_list(
                        "goals",
                        _("Goals for %(team)s") % {"team": side.team.name},
                        side.goal_lines,
                    ),
                    _event_list(
                        "bookings",
                        _("Bookings for %(team)s") % {"team": side.team.name},
                        side.booking_lines,
                    ),
                )
                for index, side in enumerate(match.sides)
            ),
        )
        note = ""
        if scorer_data is False:
            if show_scorer_note and match.scorers_incomplete:
                note = format_html(
                    '<p class="muted small">{}</p>', _("No goalscorer data for this tournament.")
                )
        elif match.scorers_incomplete:
            note = _("Some scorers are not known yet.")
            note = format_html('<p class="muted small">{}</p>', note)
        events = format_html('\n  <div class="events">\n    {}\n  </div>\n  {}\n  ', sides, note)
    return format_html(
        '<article class="match{}">\n'
        '  <p class="match-when">\n    {}\n  </p>\n'
        "{}  {}\n  {}\n</article>",
        "" if played else " live" if match.live else " upcoming",
        format_html_join(" · ", "{}", ((part,) for part in when)),
        scoreline,
        extra,
        events,
    )


def decided_tie_row(tie, penalties: bool, with_competition: bool, _: Callable = _words) -> Markup:
    """One tie in a decided-by page's list of a rule (`decided_by.html`; 325 rows on the
    page of every competition, where a row of template cost a third of the render): its
    tournament's bracket (named with its competition on the page of every competition),
    the round, the winner, the aggregate from the winner's side linking the two clubs'
    head-to-head, the loser, and the shoot-out where penalties decided it."""
    tournament = tie.round.tournament
    season = tournament.season
    competition = season.competition
    bracket = cached_reverse("tournaments:bracket", competition.slug, season.slug, tournament.slug)
    if with_competition:
        label = format_html("{} {}", competition.name, tournament.display_name)
    else:
        label = tournament.display_name
    winner, loser = tie.winner, tie.loser
    shootout = EMPTY
    if penalties:
        on_penalties = _("%(score)s on penalties") % {"score": shootout_score(tie)}
        shootout = format_html(' <span class="muted nowrap">({})</span>', on_penalties)
    return format_html(
        '<tr>\n        <td><a href="{}">{}</a></td>\n        <td class="opt">{}</td>\n'
        '        <th scope="row"><a href="{}">{}</a> <a class="score" href="{}" title="{}">{}</a>'
        ' <a href="{}">{}</a>{}</th>\n      </tr>',
        bracket,
        label,
        tie.round.name,
        winner.url,
        winner.name,
        cached_reverse("tournaments:head_to_head", winner.slug, loser.slug),
        _("%(a)s v %(b)s: every tie") % {"a": winner.name, "b": loser.name},
        winner_score(tie),
        loser.url,
        loser.name,
        shootout,
    )
