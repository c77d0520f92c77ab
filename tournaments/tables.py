"""django-tables2 tables for the public site."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _


class ScorerTable(tables.Table):
    """Goalscorers (rows are models.ScorerRow): rank shared by equal tallies, sortable by
    any header; the order of equal rows stays goals first, then name. The page template
    (partials/table.html) writes the rows out itself, for speed; keep the two in step."""

    rank = tables.Column(verbose_name=_("Rank"), attrs={"td": {"class": "num"}})
    player_name = tables.Column(
        verbose_name=_("Player"),
        linkify=lambda record: record.player_url,
        order_by=("player_name", "team_name"),
    )
    nationality = tables.Column(
        verbose_name=_("Nationality"), attrs={"td": {"class": "nationality"}}, default="—"
    )
    team_name = tables.Column(
        verbose_name=_("Team"),
        linkify=lambda record: record.team_url,
        order_by=("team_name", "player_name"),
    )
    goals = tables.Column(
        verbose_name=_("Goals"),
        initial_sort_descending=True,
        attrs={"td": {"class": "num goals"}},
        order_by=("goals", "rank"),
    )
    penalties = tables.Column(
        verbose_name=_("of which penalties"),
        initial_sort_descending=True,
        attrs={"td": {"class": "num"}},
    )

    class Meta:
        template_name = "tournaments/partials/table.html"
        attrs = {"class": "data scorers"}
        per_page = 25
        empty_text = _("No goals yet.")
        order_by = "rank"
