"""Goals and bookings: typed on their leg's page (the inlines), listed on their own, and
a deleted one recovered from the history."""

from django.contrib import admin, messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .. import display
from ..forms import GoalFormSet, LegEventFormSet
from ..models import Booking, Goal
from .base import BaseTabularInline, HistoryAdmin


class LegEventInline(BaseTabularInline):
    extra = 1
    formset = LegEventFormSet

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in ("team", "player") and formfield is not None:
            # The leg's two teams, and players from their squads (register a newcomer on
            # the squad page): no add/change links here.
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


class LegEventAdmin(HistoryAdmin):
    """Goals and bookings: listed with their player, team and leg in one query."""

    related = ["player", "team", "leg__tie__round__tournament", "leg__home", "leg__away"]
    list_select_related = related
    list_filter = ["leg__tie__round__tournament"]
    search_fields = ["player__name", "team__name"]
    autocomplete_fields = ["leg", "team", "player"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self.related)

    change_list_template = "admin/tournaments/leg_event_change_list.html"

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_recover"
        own = [path("recover/", self.admin_site.admin_view(self.recover_view), name=name)]
        return own + super().get_urls()

    def deleted_records(self):
        """The history's last record of each goal (or booking) that no longer exists,
        latest deletion first."""
        history = self.model.history.model
        return (
            history.objects.filter(history_type="-")
            .exclude(id__in=self.model.objects.values("id"))
            .select_related(
                "history_user", "player", "team", "leg__tie__round", "leg__home", "leg__away"
            )
            .order_by("-history_date")
        )

    def recover_view(self, request):
        """Recover a deleted goal or booking from the history, without knowing its id: the
        list of deleted ones, each with a button that brings it back as it was, checked by
        the same rules as a new one (the leg's score, the squads)."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        records = self.deleted_records()
        if request.method == "POST":
            record = records.filter(history_id=request.POST.get("history_id")).first()
            if record is None:
                raise Http404
            recovered = record.instance
            try:
                with transaction.atomic():
                    recovered.full_clean()
                    recovered._history_user = request.user
                    recovered._change_reason = str(_("recovered after deletion"))
                    recovered.save()
            except (ValidationError, ObjectDoesNotExist) as refused:
                messages_ = getattr(refused, "messages", [str(refused)])
                self.message_user(request, " ".join(messages_), messages.ERROR)
                return redirect(request.path)
            self.message_user(
                request, _("Recovered: %(object)s.") % {"object": recovered}, messages.SUCCESS
            )
            return redirect("admin:tournaments_leg_change", recovered.leg_id)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Recover deleted %(things)s") % {"things": self.opts.verbose_name_plural},
            "records": records[:100],
        }
        return TemplateResponse(request, "admin/tournaments/recover_deleted.html", context)


@admin.register(Goal)
class GoalAdmin(LegEventAdmin):
    list_display = ["player", "minute_label", "team", "leg", "penalty", "own_goal"]
    list_filter = [*LegEventAdmin.list_filter, "penalty", "own_goal"]

    @admin.display(description=_("minute"), ordering="minute")
    def minute_label(self, goal):
        # The public pages' goal line, minute and kind only (display.goal_line); the
        # changelist turns a cell's value into a plain str, which drops markupsafe's
        # Markup (Django's SafeString survives): format_html keeps it markup.
        return format_html("{}", display.goal_line(goal, minute_only=True))


@admin.register(Booking)
class BookingAdmin(LegEventAdmin):
    list_display = ["player", "team", "colour", "minute", "leg"]
    list_filter = [*LegEventAdmin.list_filter, "colour"]
