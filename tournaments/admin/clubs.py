"""Competitions, seasons, clubs and people."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..forms import (
    CompetitionForm,
    SlugFromNameForm,
    TeamAliasForm,
    TeamForm,
)
from ..models import (
    Competition,
    Person,
    Season,
    SquadMember,
    Team,
    TeamAlias,
)
from .base import (
    BaseTabularInline,
    HistoryAdmin,
)

# --------------------------------------------------------------------------------------
# Competitions, seasons, clubs and people
# --------------------------------------------------------------------------------------


@admin.register(Competition)
class CompetitionAdmin(HistoryAdmin):
    form = CompetitionForm
    list_display = ["name", "slug", "country", "format_era", "season_final"]
    search_fields = ["name", "country"]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        can_start = request.user.has_perm("tournaments.add_tournament")
        extra_context = {**(extra_context or {}), "can_start": can_start}
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(Season)
class SeasonAdmin(HistoryAdmin):
    list_display = ["name", "competition", "start_year"]
    list_filter = ["competition"]
    list_select_related = ["competition"]
    search_fields = ["name", "slug", "competition__name"]
    autocomplete_fields = ["competition"]
    form = SlugFromNameForm


class TeamAliasInline(BaseTabularInline):
    model = TeamAlias
    form = TeamAliasForm
    extra = 0


@admin.register(Team)
class TeamAdmin(HistoryAdmin):
    form = TeamForm
    list_display = ["name", "slug", "aliases_list"]
    search_fields = ["name", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [TeamAliasInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("aliases")

    @admin.display(description=_("also written as"))
    def aliases_list(self, team):
        return ", ".join(alias.name for alias in team.aliases.all())


@admin.register(TeamAlias)
class TeamAliasAdmin(HistoryAdmin):
    form = TeamAliasForm
    list_display = ["name", "team", "nickname"]
    list_filter = ["nickname"]
    list_select_related = ["team"]
    search_fields = ["name", "team__name"]
    autocomplete_fields = ["team"]


# A squad row is shown with its person, team and tournament (with season and competition).
SQUAD_RELATED = ["person", "team", "tournament__season__competition"]


class SquadMemberInline(BaseTabularInline):
    model = SquadMember
    extra = 0
    autocomplete_fields = ["tournament", "team", "person"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*SQUAD_RELATED)


@admin.register(Person)
class PersonAdmin(HistoryAdmin):
    list_display = ["name", "nationality", "slug"]
    list_filter = ["nationality"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SquadMemberInline]


@admin.register(SquadMember)
class SquadMemberAdmin(HistoryAdmin):
    list_display = ["person", "team", "tournament"]
    list_filter = ["tournament", "team"]
    list_select_related = SQUAD_RELATED
    search_fields = ["person__name", "team__name", "tournament__name"]
    autocomplete_fields = ["tournament", "team", "person"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*SQUAD_RELATED)
