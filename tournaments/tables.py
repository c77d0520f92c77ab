"""django-tables2 tables for the public site."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

NUMBER = {"td": {"class": "num"}, "th": {"class": "num"}}


class ScorerTable(tables.Table):
    """Goalscorers (rows are models.ScorerRow): rank shared by equal tallies, sortable by
    any header; the order of equal rows stays goals first, then name. The rows are
    written out by the Jinja2 partial tournaments/partials/_scorers.html, for speed;
    keep the two in step."""

    rows_written_out = "scorers"

    rank = tables.Column(verbose_name=_("Rank"), attrs=NUMBER)
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
        attrs={"th": {"class": "num"}, "td": {"class": "num goals"}},
        order_by=("goals", "rank"),
    )
    penalties = tables.Column(
        verbose_name=_("Of which penalties"),
        initial_sort_descending=True,
        attrs=NUMBER,
    )

    class Meta:
        template_name = "tournaments/partials/table.html"
        attrs = {"class": "data scorers"}
        per_page = 25
        empty_text = _("No goals yet.")
        order_by = "rank"


class OpponentTable(tables.Table):
    """A club's record against each opponent (rows are models.Record), most ties first;
    sortable by any header; each opponent links to every tie between the two clubs. The
    rows are written out by the Jinja2 partial tournaments/partials/_opponents.html, for
    speed; keep the two in step (tests/test_cache_clubs.py compares them)."""

    rows_written_out = "opponents"

    opponent = tables.Column(
        verbose_name=_("Opponent"),
        accessor="opponent__name",
        linkify=lambda table, record: reverse(
            "tournaments:head_to_head", args=[table.team.slug, record.opponent.slug]
        ),
    )
    ties = tables.Column(verbose_name=_("Ties"), initial_sort_descending=True, attrs=NUMBER)
    ties_won = tables.Column(verbose_name=_("Won"), initial_sort_descending=True, attrs=NUMBER)
    ties_lost = tables.Column(verbose_name=_("Lost"), initial_sort_descending=True, attrs=NUMBER)
    # Cell by cell (render_legs, render_goals) as the partial writes them.
    legs = tables.Column(
        verbose_name=_("Legs W–D–L"),
        order_by=("legs__won", "legs__drawn"),
        initial_sort_descending=True,
        attrs={"td": {"class": "num nowrap opt"}, "th": {"class": "num opt"}},
    )
    goals = tables.Column(
        accessor="legs",
        verbose_name=_("Goals"),
        order_by=("legs__goal_difference", "legs__goals_for"),
        initial_sort_descending=True,
        attrs={"td": {"class": "num nowrap"}, "th": {"class": "num"}},
    )

    def __init__(self, *args, team, **kwargs):
        self.team = team
        super().__init__(*args, **kwargs)

    def render_legs(self, value):
        return f"{value.won}–{value.drawn}–{value.lost}"

    def render_goals(self, value):
        return f"{value.goals_for}–{value.goals_against}"

    class Meta:
        template_name = "tournaments/partials/table.html"
        attrs = {"class": "data opponents"}
        empty_text = _("No ties yet.")
        order_by = "-ties"
