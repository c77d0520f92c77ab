"""django-tables2 tables for the public site."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ScorerTable(tables.Table):
    """Goalscorers (rows are models.ScorerRow): rank shared by equal tallies, sortable by
    any header; the order of equal rows stays goals first, then name."""

    rank = tables.Column(verbose_name=_("Rank"), attrs={"td": {"class": "num"}})
    player_name = tables.Column(
        verbose_name=_("Player"),
        linkify=lambda record: reverse("tournaments:player", args=[record.player_slug]),
        order_by=("player_name", "team_name"),
    )
    nationality = tables.Column(
        verbose_name=_("Nationality"), attrs={"td": {"class": "nationality"}}, default="—"
    )
    team_name = tables.Column(
        verbose_name=_("Team"),
        linkify=lambda record: reverse("tournaments:team", args=[record.team_slug]),
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


class OpponentTable(tables.Table):
    """A club's record against each opponent (rows are models.Record), most ties first;
    sortable by any header, each row linking to the head-to-head page."""

    opponent = tables.Column(
        verbose_name=_("Opponent"),
        accessor="opponent__name",
        linkify=lambda record: record.opponent.get_absolute_url(),
    )
    ties = tables.Column(
        verbose_name=_("Ties"), initial_sort_descending=True, attrs={"td": {"class": "num"}}
    )
    ties_won = tables.Column(
        verbose_name=_("Won"), initial_sort_descending=True, attrs={"td": {"class": "num"}}
    )
    ties_lost = tables.Column(
        verbose_name=_("Lost"), initial_sort_descending=True, attrs={"td": {"class": "num"}}
    )
    legs = tables.TemplateColumn(
        "{{ record.legs_won }}–{{ record.legs_drawn }}–{{ record.legs_lost }}",
        verbose_name=_("Legs W–D–L"),
        order_by=("legs_won", "legs_drawn"),
        initial_sort_descending=True,
        attrs={"td": {"class": "num nowrap"}, "th": {"class": "opt"}},
    )
    goals = tables.TemplateColumn(
        "{{ record.goals_for }}–{{ record.goals_against }}",
        verbose_name=_("Goals"),
        order_by=("goal_difference", "goals_for"),
        initial_sort_descending=True,
        attrs={"td": {"class": "num nowrap"}},
    )
    head_to_head = tables.Column(
        verbose_name=_("Head-to-head"),
        accessor="opponent__slug",
        orderable=False,
        linkify=lambda table, record: reverse(
            "tournaments:head_to_head", args=[table.team.slug, record.opponent.slug]
        ),
        attrs={"td": {"class": "nowrap"}},
    )

    def __init__(self, *args, team, **kwargs):
        self.team = team
        super().__init__(*args, **kwargs)

    def render_head_to_head(self):
        return _("All ties")

    class Meta:
        template_name = "tournaments/partials/table.html"
        attrs = {"class": "data opponents"}
        empty_text = _("No ties yet.")
        order_by = "-ties"
