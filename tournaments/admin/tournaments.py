"""Tournaments: the general table, the rounds, the match desk and "Create next round"."""

from functools import partial

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..display import live_row, tiebreak_label
from ..forms import (
    EntryForm,
    EntryFormSet,
    RoundForm,
    TableLineForm,
)
from ..models import (
    AdvanceError,
    Goal,
    Leg,
    Round,
    Tournament,
    TournamentEntry,
)
from .base import (
    BaseTabularInline,
    HistoryAdmin,
    RefusalAsMessageMixin,
    park_moved_positions,
    report_pairing_changes,
    team_of,
    winner_label,
)
from .setup import squad_counts, squad_view, start_tournament_view

# --------------------------------------------------------------------------------------
# Tournaments: the general table, the rounds, and "Create next round"
# --------------------------------------------------------------------------------------


class EntryInline(BaseTabularInline):
    model = TournamentEntry
    form = EntryForm
    formset = EntryFormSet
    extra = 0
    autocomplete_fields = ["team"]
    # Manager and captain are on each line's own page (the link at the row's end), so the
    # table fits a 1280 px screen.
    show_change_link = True
    fields = [
        "position",
        "team",
        "played",
        "won",
        "drawn",
        "lost",
        "goals_for",
        "goals_against",
        "points",
        "bonus_points",
        "points_deducted",
        "deduction_reason",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("team")


class RoundInline(admin.TabularInline):
    model = Round
    form = RoundForm
    extra = 0
    fields = ["number", "kind", "tiebreak"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("tournament")


@admin.register(Tournament)
class TournamentAdmin(RefusalAsMessageMixin, HistoryAdmin):
    list_display = ["tournament_name", "season", "kind", "qualifiers", "champion", "next_round"]
    list_filter = ["season__competition", "season", "kind"]
    list_select_related = ["season__competition"]
    search_fields = ["name", "slug", "season__name", "season__competition__name"]
    autocomplete_fields = ["season", "relegation_barred"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["bracket_overview"]
    inlines = [EntryInline, RoundInline]
    actions = ["create_next_round"]
    change_form_template = "admin/tournaments/tournament/change_form.html"

    class Media:
        css = {"all": ["admin/css/liguilla_admin.css"]}

    fieldsets = [
        (None, {"fields": ["season", "name", "slug", "order", "kind", "qualifiers"]}),
        (
            _("Display"),
            {"fields": ["timezone", "champion_title_override"], "classes": ["collapse"]},
        ),
        (
            _("Facts the site cannot compute"),
            {"fields": ["relegation_barred"], "classes": ["collapse"]},
        ),
        (_("Rounds, ties and legs"), {"fields": ["bracket_overview"]}),
    ]

    # Staff enter the general table on this page without changing the tournament itself.
    # Django refuses any POST to a change page without the model's change permission, so
    # on this one page, and nowhere else (not the history pages, not the list), whoever
    # may change entries passes that check; the tournament's own fields are then
    # read-only for them and save_model() leaves the tournament untouched.
    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) or self.entering_general_table(request)

    def entering_general_table(self, request):
        match = getattr(request, "resolver_match", None)
        return (
            match is not None
            and match.url_name == "tournaments_tournament_change"
            and request.user.has_perm("tournaments.change_tournamententry")
        )

    def save_model(self, request, obj, form, change):
        if change and not self.may_change_tournament(request):
            return  # only the general table (an inline) was edited
        super().save_model(request, obj, form, change)

    def may_change_tournament(self, request):
        return request.user.has_perm("tournaments.change_tournament")

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not self.may_change_tournament(request):
            return [field for fieldset in self.fieldsets for field in fieldset[1]["fields"]]
        return super().get_readonly_fields(request, obj)

    def get_prepopulated_fields(self, request, obj=None):
        if obj is not None and not self.may_change_tournament(request):
            return {}
        return super().get_prepopulated_fields(request, obj)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .with_bracket()
            .prefetch_related(
                Prefetch("rounds__ties__legs__goals", queryset=Goal.objects.only("id", "leg_id"))
            )
        )

    def get_urls(self):
        own = [
            path(
                "start/",
                self.admin_site.admin_view(partial(start_tournament_view, self)),
                name="tournaments_tournament_start",
            ),
            path(
                "<path:object_id>/next-round/",
                self.admin_site.admin_view(self.next_round_view),
                name="tournaments_tournament_next_round",
            ),
            path(
                "<path:object_id>/squads/<int:team_id>/",
                self.admin_site.admin_view(partial(squad_view, self)),
                name="tournaments_tournament_squad",
            ),
        ]
        return own + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        can_start = request.user.has_perm("tournaments.add_tournament")
        extra_context = {**(extra_context or {}), "can_start": can_start}
        return super().changelist_view(request, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if change and obj is not None:
            context = {**context, "desk": match_desk(obj, self.has_advance_permission(request))}
        return super().render_change_form(request, context, add, change, form_url, obj)

    def has_advance_permission(self, request):
        return request.user.has_perm("tournaments.add_tie")

    @admin.display(description=_("name"), ordering="name")
    def tournament_name(self, tournament):
        return tournament.display_name

    @admin.display(description=_("champion"))
    def champion(self, tournament):
        return tournament.champion() or "–"

    @admin.display(description=_("next round"))
    def next_round(self, tournament):
        number = tournament.next_round_number()
        if number is None:
            return _("all drawn")
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:tournaments_tournament_next_round", args=[tournament.pk]),
            _("Create round %(number)s") % {"number": number},
        )

    @admin.display(description=_("bracket"))
    def bracket_overview(self, tournament):
        if tournament.pk is None:
            return "–"
        rounds = [
            {
                "round": round_,
                "ties": [
                    {
                        "tie": tie,
                        "winner": winner_label(tie),
                        "legs": [
                            {
                                "leg": leg,
                                "home": team_of(tie, leg.home_id),
                                "away": team_of(tie, leg.away_id),
                            }
                            for leg in tie.legs.all()
                        ],
                    }
                    for tie in round_.ties.all()
                ],
            }
            for round_ in tournament.rounds_in_order()
        ]
        return render_to_string(
            "admin/tournaments/tournament/_bracket.html",
            {"tournament": tournament, "rounds": rounds},
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_advance": self.has_advance_permission(request),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def save_formset(self, request, form, formset, change):
        """The general table and the rounds' tiebreaks decide pairings: after either
        changes, every drawn round is checked again (Tournament.refresh_pairings from
        round 1): redrawn while it has no results, otherwise the save is refused."""
        if formset.model is TournamentEntry:
            park_moved_positions(formset)
        super().save_formset(request, form, formset, change)
        if (
            formset.model in (TournamentEntry, Round)
            and form.instance.pk
            and (formset.new_objects or formset.changed_objects or formset.deleted_objects)
        ):
            changes = form.instance.refresh_pairings(first_round=1)
            report_pairing_changes(self, request, changes)

    @admin.action(description=_("Create next round"), permissions=["advance"])
    def create_next_round(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(
                request, _("Choose one tournament to create its next round."), messages.WARNING
            )
            return None
        return redirect("admin:tournaments_tournament_next_round", queryset.get().pk)

    def next_round_view(self, request, object_id):
        """Confirm, then create: GET shows the pairings the next round will have (or the
        undecided ties and what they miss); POST creates them with Tournament.advance."""
        if not self.has_advance_permission(request):
            raise PermissionDenied
        tournament = self.get_object(request, object_id)
        if tournament is None:
            raise Http404
        change_url = reverse("admin:tournaments_tournament_change", args=[tournament.pk])
        if request.method == "POST":
            try:
                number = int(request.POST.get("round", ""))
            except ValueError:
                number = None
            try:
                created = tournament.advance(number)
            except AdvanceError as refused:
                self.message_user(request, " ".join(refused.messages), messages.ERROR)
                return redirect(request.path)
            if created:
                self.message_user(
                    request,
                    _("Created the %(round)s: %(pairings)s.")
                    % {
                        "round": created[0].round.name,
                        "pairings": "; ".join(tie.pairing_label() for tie in created),
                    },
                    messages.SUCCESS,
                )
            else:
                self.message_user(
                    request,
                    _(
                        "Round %(number)s already has its ties (someone created it first): "
                        "nothing changed."
                    )
                    % {"number": number},
                    messages.WARNING,
                )
            if created and request.GET.get("enter"):
                # From the match desk: straight on to the new round's first leg.
                first = Leg.objects.for_tournament(tournament).next_to_enter()
                if first is not None:
                    return redirect("admin:tournaments_leg_change", first.pk)
            return redirect(change_url)

        number = tournament.next_round_number()
        pairings = tournament.expected_pairings(number) if number else None
        planned = tournament.round(number)
        previous = tournament.round((number or 0) - 1)
        if planned is not None:
            round_name = planned.name
        else:
            round_name = tournament.planned_round_name(number) if number else ""
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Create next round"),
            "tournament": tournament,
            "original": tournament,
            "number": number,
            "round_name": round_name,
            "pairings": [
                {"higher": higher, "lower": lower, "seeds": tournament.seed_numbers()}
                for higher, lower in (pairings or [])
            ],
            "undecided": previous.undecided_ties() if previous and pairings is None else [],
            "previous": previous,
            "seed_numbers": tournament.seed_numbers(),
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/tournaments/tournament/next_round.html", context)


@admin.register(TournamentEntry)
class TournamentEntryAdmin(RefusalAsMessageMixin, HistoryAdmin):
    list_display = [
        "position",
        "team",
        "tournament",
        "played",
        "won",
        "drawn",
        "lost",
        "goals_for",
        "goals_against",
        "points",
    ]
    list_display_links = ["position", "team"]
    list_filter = ["tournament__season", "tournament"]
    list_select_related = ["team", "tournament__season__competition"]
    search_fields = ["team__name", "tournament__name"]
    autocomplete_fields = ["tournament", "team", "manager", "captain"]
    form = TableLineForm

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("team", "tournament__season__competition", "manager", "captain")
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        report_pairing_changes(self, request, obj.tournament.refresh_pairings(first_round=1))


def match_desk(tournament, can_advance) -> dict:
    """What staff do next on a tournament, read from its (prefetched) bracket: the next
    leg without a score, the legs still missing a score or scorers, the next round's
    draw when it can be made, and each team's squad."""
    legs = [
        (round_.number, leg.number, tie.position, leg, tie)
        for round_ in tournament.rounds_in_order()
        for tie in round_.ties.all()
        for leg in tie.legs.all()
    ]
    legs.sort(key=lambda row: row[:3])

    def line(leg, tie):
        # The leg's teams are the tie's (already loaded): no query per leg.
        return {
            "leg": leg,
            "tie": tie,
            "home": team_of(tie, leg.home_id),
            "away": team_of(tie, leg.away_id),
        }

    live = [line(leg, tie) | {"state": live_row(leg)} for *_key, leg, tie in legs if leg.is_live]
    unplayed = [
        line(leg, tie) | {"state": live_row(leg)}
        for *_key, leg, tie in legs
        if not leg.is_played and not leg.is_live
    ]
    # Each round still to be played, with its schedule page and how much of it is known.
    schedules = []
    for round_ in tournament.rounds_in_order():
        round_legs = [leg for tie in round_.ties.all() for leg in tie.legs.all()]
        if round_legs and any(not leg.is_played for leg in round_legs):
            schedules.append(
                {
                    "round": round_,
                    "url": reverse("admin:tournaments_round_schedule", args=[round_.pk]),
                    "scheduled": sum(1 for leg in round_legs if leg.date),
                    "legs": len(round_legs),
                }
            )
    incomplete = [line(leg, tie) for *_key, leg, tie in legs if leg.scorers_incomplete()]
    number = tournament.next_round_number()
    draw = None
    if number and can_advance:
        pairings = tournament.expected_pairings(number)
        planned = tournament.round(number)
        tiebreak = planned.tiebreak if planned else tournament.default_tiebreak(number)
        draw = {
            "number": number,
            "name": planned.name if planned else tournament.planned_round_name(number),
            "pairings": pairings,
            "tiebreak": ", ".join(str(tiebreak_label(rule)) for rule in tiebreak),
        }
    return {
        "next_leg": unplayed[0] if unplayed else None,
        "live": live,
        "schedules": schedules,
        "unplayed": unplayed,
        "incomplete": incomplete,
        "draw": draw,
        "squads": squad_counts(tournament),
    }
