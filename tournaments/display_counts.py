"""Counted words of the public pages (Jinja2 templates cannot hand a plural to
makemessages, so each counted phrase is a function here, with Django's ngettext), and
shares as percentages."""

from django.utils.translation import ngettext


def goals_label(count) -> str:
    return ngettext("%(count)s goal", "%(count)s goals", count) % {"count": count}


def penalties_label(count) -> str:
    return ngettext("%(counter)s penalty", "%(counter)s penalties", count) % {"counter": count}


def percent(share) -> str:
    """0.25 → "25%" (whole percent, the reader's number format)."""
    return f"{round(share * 100)}%"


def ties_decided(decided, beyond) -> str:
    return ngettext(
        "%(counter)s tie decided; %(beyond)s of them needed more than the aggregate score.",
        "%(counter)s ties decided; %(beyond)s of them needed more than the aggregate score.",
        decided,
    ) % {"counter": decided, "beyond": beyond}


def ties_open(count) -> str:
    return ngettext("%(counter)s tie is still open.", "%(counter)s ties are still open.", count) % {
        "counter": count
    }


def knockout_ties_between(count) -> str:
    return ngettext(
        "%(counter)s knockout tie between the two clubs",
        "%(counter)s knockout ties between the two clubs",
        count,
    ) % {"counter": count}


def qualify_for_knockout(count) -> str:
    return ngettext(
        "The top %(counter)s qualify for the knockout.",
        "The top %(counter)s qualify for the knockout.",
        count,
    ) % {"counter": count}
