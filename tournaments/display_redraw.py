"""Page wording of a redraw (Tournament.redraw_later_rounds): what a correction would
redraw, for staff to confirm before it is saved, and what happened to a leg a redraw
removed, for whoever still had it open. Reads the objects it is given; no queries."""

from __future__ import annotations

import zoneinfo

from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext

from .display import leg_name, versus


def _pairings(pairs) -> str:
    return "; ".join(versus(higher, lower) for higher, lower in pairs)


def _local(moment, zone: str) -> str:
    return formats.date_format(
        timezone.localtime(moment, zoneinfo.ZoneInfo(zone)), "DATETIME_FORMAT"
    )


def leg_facts(leg, *, goals: int, bookings: int, zone: str) -> list[str]:
    """What a leg to be removed already holds: its fixture, its live state, the goals and
    cards entered while it was played."""
    facts = []
    if leg.kickoff is not None:
        facts.append(gettext("kick-off %(time)s") % {"time": _local(leg.kickoff, zone)})
    if leg.venue:
        facts.append(leg.venue)
    if leg.is_live:
        home, away = leg.live_score()
        facts.append(gettext("being played, %(home)s–%(away)s") % {"home": home, "away": away})
    if goals:
        facts.append(
            ngettext("%(count)s goal entered", "%(count)s goals entered", goals) % {"count": goals}
        )
    if bookings:
        facts.append(
            ngettext("%(count)s card entered", "%(count)s cards entered", bookings)
            % {"count": bookings}
        )
    return facts


def redraw_warning(redraws, facts_of) -> str:
    """The correction's consequences, before anything is saved: each round redrawn (the
    pairings that go, the new ones, the ones kept) or cleared, the legs that go with
    what they hold (`facts_of(leg)`), and how to confirm."""
    parts = [gettext("This correction changes who goes through, and later rounds with it.")]
    legs = []
    for redraw in redraws:
        gone = [(tie.higher_seed, tie.lower_seed) for tie in redraw.removed]
        if redraw.after is None:
            parts.append(
                gettext("%(round)s: %(gone)s cleared until the round before is decided.")
                % {"round": redraw.round.name, "gone": _pairings(gone)}
            )
        else:
            line = gettext("%(round)s: %(gone)s replaced by %(new)s.") % {
                "round": redraw.round.name,
                "gone": _pairings(gone),
                "new": _pairings(redraw.added[p] for p in sorted(redraw.added)),
            }
            if redraw.kept:
                kept = [(tie.higher_seed, tie.lower_seed) for tie in redraw.kept.values()]
                line += " " + gettext("%(kept)s stays as it is.") % {"kept": _pairings(kept)}
            parts.append(line)
        for tie in redraw.removed:
            for leg in tie.leg_list():
                label = f"{tie.pairing_label()}, {leg_name(leg.number, tie.round.legs)}"
                facts = facts_of(leg)
                legs.append(f"{label} ({', '.join(facts)})" if facts else label)
    if legs:
        parts.append(gettext("Legs removed with them: %(legs)s.") % {"legs": "; ".join(legs)})
    parts.append(
        gettext("Nothing has been saved: tick “Confirm” below and save again to correct it.")
    )
    return " ".join(parts)


def removed_leg_message(removed, *, posted: bool) -> str:
    """For whoever opens (or saves) a leg a redraw removed: what happened, when, and
    where its pairing is now."""
    words = {
        "pairing": removed.pairing_label(),
        "leg": leg_name(removed.number, removed.round.legs),
        "round": removed.round.name,
        "date": _local(removed.removed_at, removed.round.tournament.timezone),
    }
    if removed.leg is None:
        message = (
            gettext(
                "%(leg)s of %(pairing)s (%(round)s): this match no longer exists. The "
                "%(round)s was cleared on %(date)s after a result was corrected, until the "
                "round before is decided again. This is the tournament's page."
            )
            % words
        )
    else:
        words["new"] = removed.leg.tie.pairing_label()
        message = (
            gettext(
                "%(leg)s of %(pairing)s (%(round)s): this match no longer exists. The "
                "%(round)s was redrawn on %(date)s after a result was corrected, and "
                "%(pairing)s is no longer one of its pairings. This is the same match of "
                "the pairing in its place, %(new)s."
            )
            % words
        )
    if posted:
        message += " " + gettext("What you typed was not saved; enter it here if it still applies.")
    return message


def removed_tie_message(removed, *, posted: bool) -> str:
    """For whoever opens (or saves) a tie a redraw removed: what happened, when, and the
    pairing in its place."""
    words = {
        "pairing": removed.pairing_label(),
        "round": removed.round.name,
        "date": _local(removed.removed_at, removed.round.tournament.timezone),
    }
    if removed.tie is None:
        message = (
            gettext(
                "%(pairing)s (%(round)s): this pairing no longer exists. The %(round)s was "
                "cleared on %(date)s after a result was corrected, until the round before is "
                "decided again. This is the tournament's page."
            )
            % words
        )
    else:
        words["new"] = removed.tie.pairing_label()
        message = (
            gettext(
                "%(pairing)s (%(round)s): this pairing no longer exists. The %(round)s was "
                "redrawn on %(date)s after a result was corrected. This is the pairing in "
                "its place, %(new)s."
            )
            % words
        )
    if posted:
        message += " " + gettext("What you typed was not saved; enter it here if it still applies.")
    return message
