"""Page wording of the scenario rule: what each side of a tie needs from its deciding
match (Tie.needs), and during the match what the score so far would mean.

"A Cruz Azul le basta el empate. Pumas necesita ganar por dos goles, o por uno marcando
tres o más." The models decide (models/needs.py); this module only names what they
decided, in the reader's language. Kept beside display.py (whose size it would double
past the house limit); display.tie_row places its lines in a tie box.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .vocabulary import HIGHER_SEED, LOWER_SEED, Tiebreak, score_text

if TYPE_CHECKING:
    from .models.needs import LevelBand, Needs, SideNeed, ToGo

# Each tiebreak in words (display.tiebreak_words lists a round's; here, not in display.py,
# which imports this module for the tie boxes).
TIEBREAK_WORDS = {
    Tiebreak.AGGREGATE: _("the aggregate score over both legs"),
    Tiebreak.AWAY_GOALS: _("away goals"),
    Tiebreak.EXTRA_TIME: _("30 minutes of extra time after the second leg"),
    Tiebreak.PENALTIES: _("a penalty shoot-out"),
    Tiebreak.TABLE_POSITION: _(
        "the better position in the standings (the higher seed goes through)"
    ),
}

NUMBER_WORDS = {
    0: _("zero"),
    1: _("one"),
    2: _("two"),
    3: _("three"),
    4: _("four"),
    5: _("five"),
    6: _("six"),
    7: _("seven"),
    8: _("eight"),
    9: _("nine"),
    10: _("ten"),
}


def number_words(number: int) -> str:
    """A count of goals as a fan says it: "two"; digits from 11 on."""
    return str(NUMBER_WORDS.get(number, number))


@dataclass(slots=True)
class NeedsText:
    """A tie's scenarios in words: `lines` before the deciding match (each side, the one
    that needs less first, then what a level aggregate leads to); while it is played,
    `now` says what the score so far would mean and `lines` what each side still needs."""

    lines: list[str] = field(default_factory=list)
    now: str = ""


def needs_text(needs: Needs | None, *, final: bool = False) -> NeedsText | None:
    """The words for Tie.needs; `final`: the tie is a final, whose winner is champion."""
    if needs is None:
        return None
    if needs.score is not None:
        return NeedsText(
            lines=[_to_go_line(to_go, final) for to_go in needs.to_go],
            now=_now_line(needs, final),
        )
    lines = [_side_line(side, needs) for side in needs.sides()]
    lines += [_level_line(needs, band) for band in needs.level if band.outcome in LEVEL_ENDS]
    return NeedsText(lines=lines)


LEVEL_ENDS = (Tiebreak.EXTRA_TIME, Tiebreak.PENALTIES)

# -- before the match: each side ------------------------------------------------------


def _side_line(side: SideNeed, needs: Needs) -> str:
    """ "Pumas need to win by two goals, or by one scoring three or more." """
    team = side.team.name
    margin = side.margin
    if margin >= 2:
        main = gettext("%(team)s need to win by %(goals)s goals") % {
            "team": team,
            "goals": number_words(margin),
        }
    elif margin == 1:
        main = gettext("%(team)s need a win") % {"team": team}
    elif margin == 0:
        main = gettext("A draw is enough for %(team)s") % {"team": team}
    else:
        main = ngettext(
            "%(team)s can afford to lose by one goal",
            "%(team)s can afford to lose by %(goals)s goals",
            -margin,
        ) % {"team": team, "goals": number_words(-margin)}
    if side.level_goals is None:
        return main + "."
    other = needs.lower if side.home else needs.higher
    return f"{main}, {_level_alternative(side, other)}."


def _level_alternative(side: SideNeed, other: SideNeed) -> str:
    """The result one goal short of `side.margin` that still sends it through on away
    goals: the visitor scoring enough, or the host's visitor scoring few enough."""
    level = side.margin - 1
    band = side.level_goals
    if not side.home:
        params = {"scored": number_words(band.goals_from)}
        if level == 0:
            return gettext("or a draw scoring %(scored)s or more") % params
        if level == -1:
            return gettext("or even a one-goal defeat scoring %(scored)s or more") % params
        return ngettext(
            "or by one scoring %(scored)s or more",
            "or by %(goals)s scoring %(scored)s or more",
            abs(level),
        ) % {**params, "goals": number_words(abs(level))}
    params = {"other": other.team.name, "conceded": number_words(band.goals_to)}
    if band.goals_to == 0:
        if level == 0:
            return gettext("or a draw if %(other)s do not score") % params
        if level == -1:
            return gettext("or even a one-goal defeat if %(other)s do not score") % params
        return ngettext(
            "or by one if %(other)s do not score",
            "or by %(goals)s if %(other)s do not score",
            abs(level),
        ) % {**params, "goals": number_words(abs(level))}
    if level == 0:
        return gettext("or a draw if %(other)s score no more than %(conceded)s") % params
    if level == -1:
        return (
            gettext("or even a one-goal defeat if %(other)s score no more than %(conceded)s")
            % params
        )
    return ngettext(
        "or by one if %(other)s score no more than %(conceded)s",
        "or by %(goals)s if %(other)s score no more than %(conceded)s",
        abs(level),
    ) % {**params, "goals": number_words(abs(level))}


# -- before the match: a level aggregate -----------------------------------------------


def _level_line(needs: Needs, band: LevelBand) -> str:
    """ "A one-goal win for Pumas sends the tie to extra time and, if still level, to
    penalties." """
    after = list(needs.after_extra_time)
    return _destination(needs.single, band.outcome, after) % {
        "result": _level_result(needs, band),
        "team": needs.higher.team.name,
        "rules": gettext(", then ").join(str(TIEBREAK_WORDS[rule]) for rule in after),
    }


def _level_result(needs: Needs, band: LevelBand) -> str:
    """The deciding match's result that levels the aggregate: an exact score when away
    goals leave only one ("A 2–1 win for Pumas"), else the margin ("A draw")."""
    difference = needs.level_difference
    team = None
    if difference:
        team = needs.higher.team if difference > 0 else needs.lower.team
    if band.goals_from == band.goals_to:
        away = band.goals_to
        home = away + difference
        params = {"score": score_text(max(home, away), min(home, away))}
        if team is None:
            return gettext("A %(score)s draw") % params
        return gettext("A %(score)s win for %(team)s") % {**params, "team": team.name}
    if team is None:
        return gettext("A draw")
    return ngettext(
        "A one-goal win for %(team)s",
        "A %(goals)s-goal win for %(team)s",
        abs(difference),
    ) % {"team": team.name, "goals": number_words(abs(difference))}


def _destination(single: bool, outcome: str, after: list[str]) -> str:
    """Where a level aggregate sends the tie (or the single match), with what follows
    extra time: penalties, the higher seed (`team`) on table position, or other rules."""
    if outcome == Tiebreak.PENALTIES:
        if single:
            return gettext("%(result)s sends the match to penalties.")
        return gettext("%(result)s sends the tie to penalties.")
    if after == [Tiebreak.PENALTIES]:
        if single:
            return gettext(
                "%(result)s sends the match to extra time and, if still level, to penalties."
            )
        return gettext("%(result)s sends the tie to extra time and, if still level, to penalties.")
    if after == [Tiebreak.TABLE_POSITION]:
        if single:
            return gettext(
                "%(result)s sends the match to extra time; if still level, %(team)s go "
                "through on table position."
            )
        return gettext(
            "%(result)s sends the tie to extra time; if still level, %(team)s go through on "
            "table position."
        )
    if single:
        return gettext("%(result)s sends the match to extra time, then %(rules)s.")
    return gettext("%(result)s sends the tie to extra time, then %(rules)s.")


# -- during the match -----------------------------------------------------------------


def _now_line(needs: Needs, final: bool) -> str:
    """ "If it ends like this, Cruz Azul go through." """
    current = needs.current
    if current in (HIGHER_SEED, LOWER_SEED):
        team = (needs.higher if current == HIGHER_SEED else needs.lower).team.name
        if final:
            return gettext("If it ends like this, %(team)s are champions.") % {"team": team}
        return gettext("If it ends like this, %(team)s go through.") % {"team": team}
    if current == Tiebreak.PENALTIES:
        if needs.single:
            return gettext("If it ends like this, the match goes to penalties.")
        return gettext("If it ends like this, the tie goes to penalties.")
    if needs.single:
        return gettext("If it ends like this, the match goes to extra time.")
    return gettext("If it ends like this, the tie goes to extra time.")


def _more_goals(count: int) -> str:
    return ngettext("one more goal", "%(goals)s more goals", count) % {"goals": number_words(count)}


def _to_go_line(to_go: ToGo, final: bool) -> str:
    """ "Pumas need one more goal to force extra time and two more goals to go through." """
    params = {
        "team": to_go.team.name,
        "goals": _more_goals(to_go.to_win),
        "level": _more_goals(to_go.to_level) if to_go.to_level else "",
    }
    if not to_go.to_level:
        if final:
            return gettext("%(team)s need %(goals)s to win the title.") % params
        return gettext("%(team)s need %(goals)s to go through.") % params
    if to_go.level_outcome == Tiebreak.PENALTIES:
        if final:
            line = gettext(
                "%(team)s need %(level)s to force penalties and %(goals)s to win the title."
            )
        else:
            line = gettext(
                "%(team)s need %(level)s to force penalties and %(goals)s to go through."
            )
    elif final:
        line = gettext(
            "%(team)s need %(level)s to force extra time and %(goals)s to win the title."
        )
    else:
        line = gettext("%(team)s need %(level)s to force extra time and %(goals)s to go through.")
    return line % params
