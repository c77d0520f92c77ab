"""Rounds, ties and legs: the match-night form and what it refuses. A leg's goals and
bookings (its inlines, their own lists) are in events.py."""

from functools import partial

from django.contrib import admin, messages
from django.db.models import Prefetch
from django.shortcuts import redirect
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .. import display, display_redraw
from ..display import tiebreak_label
from ..forms import LegForm, RoundForm, TieForm
from ..models import Goal, Leg, Round, Tie, Tiebreak, removed_tie
from .base import (
    BaseTabularInline,
    HistoryAdmin,
    RefusalAsMessageMixin,
    RoundKindFilter,
    report_pairing_changes,
    winner_label,
)
from .events import BookingInline, GoalInline
from .live import live_view
from .schedule import schedule_view

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
            .select_related("round__tournament", "higher_seed", "lower_seed")
            .prefetch_related(Prefetch("legs", queryset=Leg.objects.order_by("number")))
        )

    @admin.display(description=_("legs"))
    def legs_played(self, tie):
        return " / ".join(display.full_score(leg) for leg in tie.legs.all()) if tie.pk else "–"

    @admin.display(description=_("aggregate"))
    def aggregate(self, tie):
        return display.aggregate_line(tie) if tie.pk else "–"

    @admin.display(description=_("winner (reason)"))
    def winner(self, tie):
        return winner_label(tie) if tie.pk else "–"


@admin.register(Round)
class RoundAdmin(RefusalAsMessageMixin, HistoryAdmin):
    form = RoundForm
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
                    queryset=Tie.objects.select_related(
                        "round__tournament", "higher_seed", "lower_seed"
                    ),
                ),
                "ties__legs",
            )
        )

    def get_urls(self):
        own = [
            path(
                "<path:object_id>/schedule/",
                self.admin_site.admin_view(partial(schedule_view, self)),
                name="tournaments_round_schedule",
            )
        ]
        return own + super().get_urls()

    @admin.display(description=_("round"), ordering="number")
    def round_name(self, round_):
        return round_.name

    @admin.display(description=_("tiebreak"))
    def tiebreak_list(self, round_):
        return ", ".join(str(tiebreak_label(rule)) for rule in round_.tiebreak)

    def save_model(self, request, obj, form, change):
        """A changed tiebreak can change who advanced (Round.clean refused it if later
        results depend on it): later pairings follow, as after a score correction."""
        super().save_model(request, obj, form, change)
        if change and "tiebreak" in form.changed_data:
            report_pairing_changes(self, request, obj.tournament.refresh_pairings())

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
        "confirm_redraw",  # shown only while a correction waits for confirmation
    ]
    readonly_fields = ["number", "home", "away"]

    def get_fields(self, request, obj=None):
        # The "Confirm" column only on a page sent back, where a correction may ask it.
        fields = super().get_fields(request, obj)
        return fields if request.method == "POST" else [f for f in fields if f != "confirm_redraw"]

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
    form = TieForm
    inlines = [LegInline]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["round", "higher_seed", "lower_seed"]
        return ["round", "position", "higher_seed", "lower_seed"]

    def get_readonly_fields(self, request, obj=None):
        # A drawn tie's round and teams follow from the draw: only its legs are typed.
        if obj is not None:
            return ["round", "position", "higher_seed", "lower_seed"]
        return []

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    change_form_template = "admin/tournaments/tie/change_form.html"

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        return super().render_change_form(
            request, redraw_as_a_question(context), add, change, form_url, obj
        )

    def may_revert(self, request, current):
        # A drawn tie's round and teams follow from the draw and are never edited, so an
        # old version has nothing to give back (its legs are reverted on their own pages).
        return False

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        """A tie a redraw removed (removed_tie), opened or saved by someone who had it
        open: say what happened and go to the tie in its place (the tournament's page when
        the round was cleared). Django's own "does not exist" for any other id."""
        removed = removed_tie(object_id)
        if removed is None:
            return super()._get_obj_does_not_exist_redirect(request, opts, object_id)
        self.message_user(
            request,
            display_redraw.removed_tie_message(removed, posted=request.method == "POST"),
            messages.WARNING,
        )
        if removed.tie is None:
            return redirect("admin:tournaments_tournament_change", removed.round.tournament_id)
        return redirect("admin:tournaments_tie_change", removed.tie.pk)

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        # A tie added by hand is one of the draw's pairings (TieForm checked it), with both
        # legs, at its place in the round.
        tie = obj.round.draw_tie(obj.higher_seed, obj.lower_seed)
        obj.pk, obj.position = tie.pk, tie.position
        return None

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
        return display.full_score(leg) if leg else "–"

    @admin.display(description=_("2nd leg"))
    def second_leg(self, tie):
        leg = tie.second_leg
        return display.full_score(leg) if leg else "–"

    @admin.display(description=_("aggregate"))
    def aggregate(self, tie):
        return display.aggregate_line(tie)

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
        (
            _("Score"),
            {
                "fields": [
                    ("home_score", "away_score"),
                    ("half_time_home_score", "half_time_away_score"),
                ]
            },
        ),
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

    change_form_template = "admin/tournaments/leg/change_form.html"
    # A revert that would redraw a later round asks to confirm it, as the change page does.
    object_history_form_template = "admin/tournaments/leg/object_history_form.html"

    def get_urls(self):
        own = [
            path(
                "<path:object_id>/live/",
                self.admin_site.admin_view(partial(live_view, self)),
                name="tournaments_leg_live",
            )
        ]
        return own + super().get_urls()

    class Media:
        js = ["admin/js/leg_form.js"]
        css = {"all": ["admin/css/liguilla_admin.css"]}

    def get_readonly_fields(self, request, obj=None):
        # A leg's tie, number and teams follow from the draw; only its facts are typed.
        return ["tie", "number", "home", "away"] if obj is not None else []

    def get_fieldsets(self, request, obj=None):
        """The match-night form: one kickoff field (its date is the leg's date), the
        score, and extra time and penalties only on a second leg whose round has them."""
        if obj is None:
            return self.fieldsets
        fieldsets = [
            (None, {"fields": ["tie", "number", "home", "away", "kickoff", "venue", "version"]}),
            (
                _("Score"),
                {
                    "fields": [
                        ("home_score", "away_score"),
                        ("half_time_home_score", "half_time_away_score"),
                    ]
                },
            ),
        ]
        # The round's last leg (the only one of a single match) settles a level tie.
        rules = obj.tie.round.tiebreak if obj.number == obj.tie.round.legs else []
        extras = []
        if Tiebreak.EXTRA_TIME in rules:
            extras.append(("extra_time_home_score", "extra_time_away_score"))
        if Tiebreak.PENALTIES in rules:
            extras.append(("penalties_home", "penalties_away"))
        if extras:
            fieldsets.append(
                (_("Extra time and penalties (only when the tie is level)"), {"fields": extras})
            )
        return fieldsets

    def response_change(self, request, obj):
        """After a match-night save: on to the next leg without a score ("Save and enter
        the next leg"), or back to the tournament's overview with its bracket."""
        if "_continue" in request.POST or "_addanother" in request.POST:
            return super().response_change(request, obj)
        self.message_user(request, _("Saved: %(leg)s.") % {"leg": obj}, messages.SUCCESS)
        tournament = obj.tie.round.tournament
        if "_nextleg" in request.POST:
            following = Leg.objects.for_tournament(tournament).next_to_enter()
            if following is not None:
                return redirect("admin:tournaments_leg_change", following.pk)
        return redirect("admin:tournaments_tournament_change", tournament.pk)

    @admin.display(description=_("round"), ordering="tie__round__number")
    def round_name(self, leg):
        return f"{leg.tie.round.tournament.display_name} · {leg.tie.round.name}"

    @admin.display(description=_("score"))
    def score(self, leg):
        return display.full_score(leg)

    @admin.display(description=_("scorers"))
    def scorers_incomplete(self, leg):
        if leg.scorers_incomplete():
            return format_html(
                '<strong class="scorers-incomplete">⚠ {}</strong>', _("scorers incomplete")
            )
        return ""

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        """A leg a redraw removed (Leg.removed_by_redraw), opened or saved by someone who
        had it open: say what happened and go to the same leg of the pairing in its place
        (the tournament's page when the round was cleared). Django's own "does not
        exist" for any other id."""
        removed = Leg.removed_by_redraw(object_id)
        if removed is None:
            return super()._get_obj_does_not_exist_redirect(request, opts, object_id)
        posted = request.method == "POST"
        self.message_user(
            request,
            display_redraw.removed_leg_message(removed, posted=posted),
            messages.WARNING,
        )
        if removed.leg is None:
            return redirect("admin:tournaments_tournament_change", removed.round.tournament_id)
        return redirect("admin:tournaments_leg_change", removed.leg.pk)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        return super().render_change_form(
            request, redraw_as_a_question(context), add, change, form_url, obj
        )

    def render_history_view(self, request, template, context, **kwargs):
        return super().render_history_view(
            request, template, redraw_as_a_question(context), **kwargs
        )

    def save_model(self, request, obj, form, change):
        """Through the one write path for a result (Leg.record_result): the version is
        claimed, later rounds brought in line, all in the page's transaction, so a refused
        correction saves nothing."""
        obj._history_user = request.user
        report_pairing_changes(self, request, form.record_result())


def redraw_as_a_question(context):
    """A correction waiting only for staff to confirm the redraw it makes
    (LegForm.ask_to_confirm_redraw) is a question, not a mistake: the page asks it above
    the form (`redraw_question`) without Django's "please correct the error" banner. Any
    other error on the page keeps the banner, the question listed with the errors."""
    adminform = context.get("adminform")  # none on the history list
    if adminform is None:
        return context
    forms = [adminform.form]  # the leg's own form, or the legs inline on a tie's page
    forms += [f for inline in context.get("inline_admin_formsets", []) for f in inline.formset]
    asking = [f for f in forms if getattr(f, "redraws", ())]
    if asking and len(context["errors"]) == len(asking):
        context["redraw_question"] = [error for f in asking for error in f.non_field_errors()]
        context["errors"] = []
    return context
