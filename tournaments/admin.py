"""The admin league staff use on match nights: type the facts (scores, scorers, bookings),
and the models derive the rest. Every page reads its related rows in a fixed number of
queries (list_select_related, prefetches, PreloadedAutocompleteSelect); every write goes
through the models' rules (clean(), Leg.record_result(), advance())."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .admin_history import HistoryPermissionMixin
from .forms import GoalFormSet, LegEventFormSet, LegForm, PreloadedAutocompleteSelect
from .forms import PreloadedModelForm as ModelForm
from .models import (
    AdvanceError,
    Booking,
    Competition,
    CorrectionRefused,
    Goal,
    Leg,
    Person,
    Round,
    Season,
    SquadMember,
    StaleEdit,
    Team,
    TeamAlias,
    Tie,
    Tournament,
    TournamentEntry,
    tiebreak_label,
)

admin.site.site_header = _("Liguilla: results desk")
admin.site.site_title = _("Liguilla admin")
admin.site.index_title = _("Results and tournaments")


class PreloadedAutocompleteMixin:
    """autocomplete_fields whose selected option is read from the instance, not queried."""

    form = ModelForm

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = PreloadedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class BaseAdmin(PreloadedAutocompleteMixin, admin.ModelAdmin):
    list_per_page = 50


class HistoryAdmin(PreloadedAutocompleteMixin, HistoryPermissionMixin, SimpleHistoryAdmin):
    """Models whose changes are recorded: "History" on the change page lists who changed
    what and when; opening an entry and saving it reverts the object to it (for whoever
    may change the object: tournaments/admin_history.py)."""

    list_per_page = 50


class BaseTabularInline(PreloadedAutocompleteMixin, admin.TabularInline):
    pass


class RefusalAsMessageMixin:
    """A correction refused while saving (CorrectionRefused from refresh_pairings, or a
    StaleEdit that lost a race after the form's own check) has already rolled the whole
    save back; say why on the page instead of a server error."""

    def _refusals_as_message(self, request, view, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except (CorrectionRefused, StaleEdit) as refused:
            self.message_user(request, " ".join(refused.messages), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def changeform_view(self, request, *args, **kwargs):
        return self._refusals_as_message(request, super().changeform_view, *args, **kwargs)

    def history_form_view(self, request, *args, **kwargs):
        view = super().history_form_view

        def atomic_view(request, *args, **kwargs):
            # simple_history's revert view is not atomic on its own.
            with transaction.atomic():
                return view(request, *args, **kwargs)

        return self._refusals_as_message(request, atomic_view, *args, **kwargs)


class RoundKindFilter(admin.ChoicesFieldListFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = _("round")


def score_label(leg):
    """2–0, 1–1 (a.e.t. 2–1), 0–0 (a.e.t. 0–0, 4–3 pens.), or "–" before kickoff."""
    if not leg.is_played:
        return "–"
    label = f"{leg.home_score}–{leg.away_score}"
    extras = []
    if leg.has_extra_time:
        extras.append(
            f"a.e.t. {leg.home_score + leg.extra_time_home_score}–"
            f"{leg.away_score + leg.extra_time_away_score}"
        )
    if leg.has_penalties:
        extras.append(f"{leg.penalties_home}–{leg.penalties_away} pens.")
    return f"{label} ({', '.join(extras)})" if extras else label


def aggregate_label(tie):
    """León 3–1 Irapuato: the higher seed first, extra time included."""
    aggregate = tie.aggregate()
    if aggregate is None:
        return "–"
    return f"{tie.higher_seed} {aggregate[0]}–{aggregate[1]} {tie.lower_seed}"


def team_of(tie, team_id):
    """One of the tie's two (already loaded) teams, by id."""
    return tie.higher_seed if team_id == tie.higher_seed_id else tie.lower_seed


def winner_label(tie):
    """León (table position), or what the tie still misses."""
    if tie.winner is None:
        return format_html("<em>{}</em>", tie.missing)
    return f"{tie.winner} ({tiebreak_label(tie.decided_by)})"


# --------------------------------------------------------------------------------------
# Competitions, seasons, clubs and people
# --------------------------------------------------------------------------------------


@admin.register(Competition)
class CompetitionAdmin(HistoryAdmin):
    list_display = ["name", "slug", "country"]
    search_fields = ["name", "country"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Season)
class SeasonAdmin(HistoryAdmin):
    list_display = ["name", "competition", "start_year"]
    list_filter = ["competition"]
    list_select_related = ["competition"]
    search_fields = ["name", "slug", "competition__name"]
    autocomplete_fields = ["competition"]
    prepopulated_fields = {"slug": ["name"]}


class TeamAliasInline(BaseTabularInline):
    model = TeamAlias
    extra = 0


@admin.register(Team)
class TeamAdmin(HistoryAdmin):
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
    list_display = ["name", "team"]
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


# --------------------------------------------------------------------------------------
# Tournaments: the general table, the rounds, and "Create next round"
# --------------------------------------------------------------------------------------


class EntryInline(BaseTabularInline):
    model = TournamentEntry
    extra = 0
    autocomplete_fields = ["team", "manager", "captain"]
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
        "points_deducted",
        "deduction_reason",
        "manager",
        "captain",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("team", "manager", "captain")


class RoundInline(admin.TabularInline):
    model = Round
    extra = 0
    fields = ["number", "kind", "tiebreak"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("tournament")


@admin.register(Tournament)
class TournamentAdmin(HistoryAdmin):
    list_display = ["tournament_name", "season", "kind", "qualifiers", "champion", "next_round"]
    list_filter = ["season__competition", "season", "kind"]
    list_select_related = ["season__competition"]
    search_fields = ["name", "slug", "season__name", "season__competition__name"]
    autocomplete_fields = ["season"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["bracket_overview"]
    inlines = [EntryInline, RoundInline]
    actions = ["create_next_round"]
    change_form_template = "admin/tournaments/tournament/change_form.html"
    fieldsets = [
        (None, {"fields": ["season", "name", "slug", "order", "kind", "qualifiers"]}),
        (
            _("Display"),
            {"fields": ["timezone", "champion_title_override"], "classes": ["collapse"]},
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
                "<path:object_id>/next-round/",
                self.admin_site.admin_view(self.next_round_view),
                name="tournaments_tournament_next_round",
            )
        ]
        return own + super().get_urls()

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
class TournamentEntryAdmin(HistoryAdmin):
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

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("team", "tournament__season__competition", "manager", "captain")
        )


# --------------------------------------------------------------------------------------
# Rounds, ties and legs
# --------------------------------------------------------------------------------------


class TieInline(BaseTabularInline):
    model = Tie
    extra = 0
    fields = ["position", "higher_seed", "lower_seed", "legs_played", "aggregate", "winner"]
    readonly_fields = ["legs_played", "aggregate", "winner"]
    autocomplete_fields = ["higher_seed", "lower_seed"]
    show_change_link = True

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("round", "higher_seed", "lower_seed")
            .prefetch_related(Prefetch("legs", queryset=Leg.objects.order_by("number")))
        )

    @admin.display(description=_("legs"))
    def legs_played(self, tie):
        return " / ".join(score_label(leg) for leg in tie.legs.all()) if tie.pk else "–"

    @admin.display(description=_("aggregate"))
    def aggregate(self, tie):
        return aggregate_label(tie) if tie.pk else "–"

    @admin.display(description=_("winner (reason)"))
    def winner(self, tie):
        return winner_label(tie) if tie.pk else "–"


@admin.register(Round)
class RoundAdmin(HistoryAdmin):
    list_display = ["round_name", "tournament", "number", "tiebreak_list", "finished"]
    list_filter = ["tournament__season", "tournament", "kind"]
    list_select_related = ["tournament__season__competition"]
    search_fields = ["tournament__name"]
    autocomplete_fields = ["tournament"]
    inlines = [TieInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("tournament__season__competition")
            .prefetch_related(
                Prefetch(
                    "ties",
                    queryset=Tie.objects.select_related("round", "higher_seed", "lower_seed"),
                ),
                "ties__legs",
            )
        )

    @admin.display(description=_("round"), ordering="number")
    def round_name(self, round_):
        return round_.name

    @admin.display(description=_("tiebreak"))
    def tiebreak_list(self, round_):
        return ", ".join(str(tiebreak_label(rule)) for rule in round_.tiebreak)

    @admin.display(description=_("finished"), boolean=True)
    def finished(self, round_):
        return round_.is_finished()


class LegInline(admin.TabularInline):
    """Both legs of a tie on one page; scorers and bookings are on each leg's page."""

    model = Leg
    form = LegForm
    extra = 0
    max_num = 2
    can_delete = False
    show_change_link = True
    fields = [
        "number",
        "home",
        "away",
        "date",
        "home_score",
        "away_score",
        "extra_time_home_score",
        "extra_time_away_score",
        "penalties_home",
        "penalties_away",
        "version",
    ]
    readonly_fields = ["number", "home", "away"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("home", "away")


@admin.register(Tie)
class TieAdmin(RefusalAsMessageMixin, HistoryAdmin):
    list_display = [
        "__str__",
        "tournament",
        "first_leg",
        "second_leg",
        "aggregate",
        "winner_and_reason",
    ]
    list_filter = [
        "round__tournament__season",
        "round__tournament",
        ("round__kind", RoundKindFilter),
    ]
    list_select_related = ["round__tournament", "higher_seed", "lower_seed"]
    search_fields = ["higher_seed__name", "lower_seed__name"]
    autocomplete_fields = ["round", "higher_seed", "lower_seed"]
    inlines = [LegInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("round__tournament__season__competition", "higher_seed", "lower_seed")
            .prefetch_related(Prefetch("legs", queryset=Leg.objects.order_by("number")))
        )

    @admin.display(description=_("tournament"), ordering="round__tournament")
    def tournament(self, tie):
        return tie.round.tournament.display_name

    @admin.display(description=_("1st leg"))
    def first_leg(self, tie):
        leg = tie.first_leg
        return score_label(leg) if leg else "–"

    @admin.display(description=_("2nd leg"))
    def second_leg(self, tie):
        leg = tie.second_leg
        return score_label(leg) if leg else "–"

    @admin.display(description=_("aggregate"))
    def aggregate(self, tie):
        return aggregate_label(tie)

    @admin.display(description=_("winner (reason)"))
    def winner_and_reason(self, tie):
        return winner_label(tie)

    def save_formset(self, request, form, formset, change):
        """Legs edited on the tie page: each claims its version (optimistic locking), then
        later rounds are brought in line, all in the page's transaction."""
        if formset.model is not Leg:
            return super().save_formset(request, form, formset, change)
        changed = set(formset.save(commit=False))  # also what the change message lists
        for leg_form in formset.forms:
            if leg_form.instance in changed:
                report_pairing_changes(self, request, leg_form.record_result())
        return None


def report_pairing_changes(model_admin, request, changes):
    """Correction rule after a saved result: later pairings are redrawn if they have no
    results (say so), or the save is refused (CorrectionRefused rolls it back)."""
    for change in changes:
        model_admin.message_user(request, change, messages.WARNING)


class ScorersIncompleteFilter(admin.SimpleListFilter):
    title = _("scorers")
    parameter_name = "scorers"

    def lookups(self, request, model_admin):
        return [("incomplete", _("incomplete")), ("unplayed", _("no score yet"))]

    def queryset(self, request, queryset):
        if self.value() == "incomplete":
            return queryset.filter(pk__in=Leg.objects.scorers_incomplete().values("pk"))
        if self.value() == "unplayed":
            return queryset.filter(home_score__isnull=True)
        return queryset


class LegEventInline(BaseTabularInline):
    extra = 1
    formset = LegEventFormSet

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "team" and formfield is not None:
            # Two choices (the leg's teams): no add/change links for teams here.
            formfield.widget = getattr(formfield.widget, "widget", formfield.widget)
        return formfield

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("team", "player")


class GoalInline(LegEventInline):
    model = Goal
    formset = GoalFormSet
    fields = ["team", "player", "minute", "added_time", "penalty", "own_goal"]


class BookingInline(LegEventInline):
    model = Booking
    extra = 0
    fields = ["team", "player", "colour", "minute"]


@admin.register(Leg)
class LegAdmin(RefusalAsMessageMixin, HistoryAdmin):
    form = LegForm
    list_display = [
        "round_name",
        "number",
        "date",
        "home",
        "score",
        "away",
        "scorers_incomplete",
    ]
    list_display_links = ["score"]
    list_filter = [
        ScorersIncompleteFilter,
        "tie__round__tournament__season",
        "tie__round__tournament",
        ("tie__round__kind", RoundKindFilter),
        "number",
    ]
    list_select_related = ["tie__round__tournament", "home", "away"]
    search_fields = ["home__name", "away__name", "tie__round__tournament__name"]
    date_hierarchy = "date"
    inlines = [GoalInline, BookingInline]
    fieldsets = [
        (None, {"fields": ["tie", "number", "home", "away", "date", "kickoff", "version"]}),
        (_("Score"), {"fields": [("home_score", "away_score")]}),
        (
            _("Extra time and penalties (second legs only, when the round allows them)"),
            {
                "fields": [
                    ("extra_time_home_score", "extra_time_away_score"),
                    ("penalties_home", "penalties_away"),
                ]
            },
        ),
    ]
    autocomplete_fields = ["tie", "home", "away"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("tie__round__tournament__season__competition", "home", "away")
            .prefetch_related(
                Prefetch("goals", queryset=Goal.objects.only("id", "leg_id", "team_id", "minute"))
            )
        )

    def get_readonly_fields(self, request, obj=None):
        # A leg's tie, number and teams follow from the draw; only its facts are typed.
        return ["tie", "number", "home", "away"] if obj is not None else []

    @admin.display(description=_("round"), ordering="tie__round__number")
    def round_name(self, leg):
        return f"{leg.tie.round.tournament.display_name} · {leg.tie.round.name}"

    @admin.display(description=_("score"))
    def score(self, leg):
        return score_label(leg)

    @admin.display(description=_("scorers"))
    def scorers_incomplete(self, leg):
        if leg.scorers_incomplete():
            return format_html(
                '<strong class="scorers-incomplete">⚠ {}</strong>', _("scorers incomplete")
            )
        return ""

    def save_model(self, request, obj, form, change):
        """Through the one write path for a result (Leg.record_result): the version is
        claimed, later rounds brought in line, all in the page's transaction, so a refused
        correction saves nothing."""
        obj._history_user = request.user
        report_pairing_changes(self, request, form.record_result())


class LegEventAdmin(HistoryAdmin):
    """Goals and bookings: listed with their player, team and leg in one query."""

    related = ["player", "team", "leg__tie__round", "leg__home", "leg__away"]
    list_select_related = related
    list_filter = ["leg__tie__round__tournament"]
    search_fields = ["player__name", "team__name"]
    autocomplete_fields = ["leg", "team", "player"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self.related)


@admin.register(Goal)
class GoalAdmin(LegEventAdmin):
    list_display = ["player", "minute_label", "team", "leg", "penalty", "own_goal"]
    list_filter = [*LegEventAdmin.list_filter, "penalty", "own_goal"]

    @admin.display(description=_("minute"), ordering="minute")
    def minute_label(self, goal):
        return goal.minute_label()


@admin.register(Booking)
class BookingAdmin(LegEventAdmin):
    list_display = ["player", "team", "colour", "minute", "leg"]
    list_filter = [*LegEventAdmin.list_filter, "colour"]
