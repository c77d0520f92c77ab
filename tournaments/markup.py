"""The tie box and the match report as markup built in Python, from the page rows of
display.py (TieRow, MatchRow).

Why not template macros: a 64-team bracket has 63 tie boxes and its results page 126
match reports; a Jinja2 macro per box, with its loops and conditionals, cost about a
quarter of those pages' cold render. One string per box, as display.EventLines does for
goal lines, writes the same HTML (whitespace included) several times faster. The Jinja2
partials (_tie.html, _match.html) keep their macros as the one way pages call these.

Words come through `_` (the page's translation memo in liguilla/jinja2.py, Django's
gettext elsewhere; named `_` so that makemessages finds them): a translation is trusted
markup, as in the templates, while names, URLs and notes are escaped.
"""

from __future__ import annotations

from collections.abc import Callable

from django.template import defaultfilters
from django.utils.translation import gettext
from markupsafe import Markup, escape

from .display import MatchRow, TieRow


def _words(message: str) -> Markup:
    return Markup(gettext(message))


def person_link(person) -> Markup:
    """A person linked, with the nationality (the `_person.html` macro)."""
    html = f'<a href="{escape(person.url)}">{escape(person.name)}</a>'
    if person.nationality:
        nationality = escape(person.nationality)
        html += f' <abbr class="nat" title="{nationality}">{nationality}</abbr>'
    return Markup(html)


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
        row_class = ' class="champion-row"'
    elif barred and team == barred:
        row_class = ""
    elif qualifiers and entry.position <= qualifiers:
        row_class = ' class="qualified"'
    else:
        row_class = ""
    manager, captain = (entry.manager, entry.captain) if staff else (None, None)
    name = f'<a href="{escape(team.url)}">{escape(team.name)}</a>'
    if manager or captain:
        manager_word, captain_word = _("Manager"), _("Captain")
        narrow = f"{manager_word}: {escape(manager.name)}" if manager else ""
        if manager and captain:
            narrow += "<br>"
        if captain:
            narrow += f"{captain_word}: {escape(captain.name)}"
            if captain.nationality:
                narrow += f" ({escape(captain.nationality)})"
        name += f'<span class="narrow-only staff">{narrow}</span>'
    if barred and team == barred:
        barred_note = _("last in the relegation table: may not play the Liguilla")
        name += f' <span class="muted">({barred_note})</span>'
    staff_cells = ""
    if staff:
        manager_cell = person_link(manager) if manager else "—"
        captain_cell = person_link(captain) if captain else "—"
        staff_cells = (
            f'\n      <td class="wide">{manager_cell}</td>\n'
            f'      <td class="wide">{captain_cell}</td>\n      '
        )
    difference = entry.goal_difference
    bonus_cell = f'<td class="num">{entry.bonus_points}</td>\n      ' if bonus else ""
    return Markup(
        f"\n    <tr{row_class}>\n"
        f'      <td class="num">{entry.position}</td>\n'
        f'      <th scope="row">{name}</th>\n'
        f"      {staff_cells}\n"
        f'      <td class="num">{entry.played}</td>\n'
        f'      <td class="num">{entry.won}</td>\n'
        f'      <td class="num">{entry.drawn}</td>\n'
        f'      <td class="num">{entry.lost}</td>\n'
        f'      <td class="num opt">{entry.goals_for}</td>\n'
        f'      <td class="num opt">{entry.goals_against}</td>\n'
        f'      <td class="num">{"+" if difference > 0 else ""}{difference}</td>\n'
        f'      {bonus_cell}<td class="num strong">{entry.points}</td>\n'
        "    </tr>\n  "
    )


def tie_box(row: TieRow, show_links: bool = False, _: Callable = _words) -> Markup:
    """A tie box (bracket, match page, season page): the two lines (seed, team, each
    leg's goals and the aggregate, or one score for a single match), the note under them
    and, with `show_links`, the links to its legs."""
    decided = row.tie.is_decided
    label = escape(row.label)
    if row.single:
        score = _("Score")
        columns = f'<th scope="col"><span class="visually-hidden">{score}</span></th>'
    else:
        first, l1, second, l2 = _("1st leg"), _("L1"), _("2nd leg"), _("L2")
        aggregate, agg = _("Aggregate"), _("Agg")
        columns = (
            f'<th scope="col"><abbr title="{first}">{l1}</abbr></th>'
            f'<th scope="col"><abbr title="{second}">{l2}</abbr></th>'
            f'<th scope="col"><abbr title="{aggregate}">{agg}</abbr></th>'
        )
    advanced = _("champions") if row.final else _("advanced")
    advanced = f'<span class="visually-hidden"> ({advanced})</span>'
    seed, team_word = _("Seed"), _("Team")
    lines = []
    for line in row.lines:
        state = "winner" if line.advanced else "loser" if decided else ""
        legs = "".join(
            f'<td class="leg">{"–" if goals is None else goals}</td>' for goals in line.legs
        )
        team = line.team
        lines.append(
            f'\n      <tr class="{state}">\n'
            f'        <td class="seed">{line.seed or ""}</td>\n'
            f'        <th scope="row" class="name"><a href="{escape(team.url)}">'
            f"{escape(team.name)}</a>{advanced if line.advanced else ''}</th>\n"
            f"        {legs}\n"
            f'        <td class="agg">{"–" if line.aggregate is None else line.aggregate}</td>\n'
            "      </tr>\n    "
        )
    if decided:
        note = f'<p class="tie-note reason">{escape(row.note)}</p>' if row.note else ""
        note = f"\n    {note}\n  "
    else:
        upcoming = "".join(
            f"<br>{escape(title)}: {_when(date, kickoff, 'MONTH_DAY_FORMAT', row.zone)}"
            for title, date, kickoff in row.upcoming
        )
        live = f"<br>{live_badge(row.live)}" if row.live else ""
        note = f'\n    <p class="tie-note pending">{escape(row.note)}{live}{upcoming}</p>\n  '
    note += needs_block(row.needs)
    links = ""
    if show_links:
        links = " · ".join(
            f'<a href="{escape(url)}">{escape(title)}</a>' for url, title in row.links
        )
        links = f'<p class="tie-links">{links}</p>'
    kind = (" single" if row.single else "") + (" decided" if decided else " open")
    return Markup(
        f'<article class="tie{kind}" aria-label="{label}">\n'
        '  <table class="tie-score">\n'
        f'    <caption class="visually-hidden">{label}</caption>\n'
        "    <thead>\n"
        f'      <tr><th scope="col"><span class="visually-hidden">{seed}</span></th>'
        f'<th scope="col"><span class="visually-hidden">{team_word}</span></th>'
        f"{columns}</tr>\n"
        "    </thead>\n"
        f"    <tbody>\n    {''.join(lines)}\n    </tbody>\n"
        f"  </table>\n  {note}\n  {links}\n</article>"
    )


def needs_block(needs) -> str:
    """What each side needs (display_needs.NeedsText): during the deciding match what the
    score so far would mean first, then each side's line; "" when there is nothing to say."""
    if needs is None or not (needs.lines or needs.now):
        return ""
    now = f'<p class="needs-now"><strong>{escape(needs.now)}</strong></p>' if needs.now else ""
    lines = "".join(f"<li>{escape(line)}</li>" for line in needs.lines)
    lines = f"<ul>{lines}</ul>" if lines else ""
    return f'\n  <div class="tie-needs">{now}{lines}</div>'


def _when(date, kickoff, date_format, zone="") -> str:
    """A fixture's day and, when known, its local kick-off time, both in <time>."""
    html = (
        f'<time datetime="{escape(defaultfilters.date(date, "Y-m-d"))}">'
        f"{escape(defaultfilters.date(date, date_format))}</time>"
    )
    if kickoff:
        html += " " + kickoff_time(kickoff, zone)
    return html


def kickoff_time(kickoff, zone="") -> str:
    """A kick-off in the tournament's time: <time> with its UTC offset (static/js/
    localtime.js adds the visitor's own time beside it), the zone named in words."""
    html = (
        f'<time class="kickoff" datetime="{escape(defaultfilters.date(kickoff, "c"))}">'
        f"{escape(defaultfilters.time(kickoff, 'H:i'))}</time>"
    )
    if zone:
        html += f' <span class="zone">({escape(zone)})</span>'
    return html


def live_badge(live, with_score: bool = True) -> Markup:
    """A leg being played: "LIVE 67' · 1–0" (models' live state, display.LiveRow); the
    score left out where the scoreline beside it shows it."""
    score = f' · <span class="live-score">{escape(live.score)}</span>' if with_score else ""
    return Markup(
        f'<span class="live"><strong class="live-word">{escape(live.word)}</strong> '
        f'<span class="live-minute">{escape(live.minute)}</span>{score}</span>'
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
        when = (
            f'<time datetime="{escape(defaultfilters.date(leg.date, "Y-m-d"))}">'
            f"{escape(defaultfilters.date(leg.date, 'DATE_FORMAT'))}</time>"
        )
    else:
        when = str(_("Date to be confirmed"))  # trusted markup, joined as text below
    if match.kickoff:
        when += " · " + kickoff_time(match.kickoff, match.zone if show_zone else "")
    if match.venue:
        when += f" · {escape(match.venue)}"
    if match.live and show_scoreline:  # the match page's heading says it once
        when += f" · {live_badge(match.live, with_score=False)}"
    home, away = leg.home, leg.away
    score_label = _("Match page: %(home)s v %(away)s") % {
        "home": home.name,
        "away": away.name,
    }
    extra = f'<p class="extra">{escape(match.extra)}</p>' if match.extra else ""
    scoreline = ""
    if show_scoreline:  # not under the match page's own heading, which gives the score
        scoreline = (
            '  <p class="scoreline">\n'
            f'    <span class="home"><a href="{escape(home.url)}">{escape(home.name)}</a></span>\n'
            f'    <a class="score" href="{escape(leg.url)}" aria-label="{score_label}">'
            f"{escape(match.live.score if match.live else match.score)}</a>\n"
            f'    <span class="away"><a href="{escape(away.url)}">{escape(away.name)}</a></span>\n'
            "  </p>\n"
        )
    html = (
        f'<article class="match{"" if played else " live" if match.live else " upcoming"}">\n'
        f'  <p class="match-when">\n    {when}\n  </p>\n'
        f"{scoreline}  {extra}\n  "
    )
    if played or match.live:
        sides = []
        for index, side in enumerate(match.sides):
            name = escape(side.team.name)
            goals = bookings = ""
            if side.goal_lines:
                goals = "".join(f"<li>{line}</li>" for line in side.goal_lines)
                label = _("Goals for %(team)s") % {"team": side.team.name}
                goals = f'<ul class="goals" aria-label="{label}">{goals}</ul>'
            if side.booking_lines:
                bookings = "".join(f"<li>{line}</li>" for line in side.booking_lines)
                label = _("Bookings for %(team)s") % {"team": side.team.name}
                bookings = f'<ul class="bookings" aria-label="{label}">{bookings}</ul>'
            sides.append(
                f'\n    <div class="side side-{"away" if index % 2 else "home"}">\n'
                f'      <p class="side-team visually-hidden">{name}</p>\n'
                f"      {goals}\n      {bookings}\n    </div>\n    "
            )
        note = ""
        if scorer_data is False:
            if show_scorer_note and match.scorers_incomplete:
                note = _("No goalscorer data for this tournament.")
                note = f'<p class="muted small">{note}</p>'
        elif match.scorers_incomplete:
            note = _("Some scorers are not known yet.")
            note = f'<p class="muted small">{note}</p>'
        html += f'\n  <div class="events">\n    {"".join(sides)}\n  </div>\n  {note}\n  '
    return Markup(html + "\n</article>")
