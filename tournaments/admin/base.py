"""Shared pieces of the staff admin: the site's titles, the mixins every page uses
(preloaded autocompletes, history, refusals shown as messages, the stored object in the
heading) and the score and winner labels."""

import datetime
import zoneinfo

from django.contrib import admin, messages
from django.db import transaction
from django.http import HttpResponseRedirect
from django.template import defaultfilters
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from ..admin_history import HistoryPermissionMixin
from ..forms import (
    PreloadedAutocompleteSelect,
)
from ..forms import PreloadedModelForm as ModelForm
from ..models import (
    CorrectionRefused,
    StaleEdit,
    Tie,
    TournamentEntry,
    tiebreak_label,
)

admin.site.site_header = _("Liguilla: results desk")
admin.site.site_title = _("Liguilla admin")
admin.site.index_title = _("Results and tournaments")
# The changelists of a results desk are wide (a leg: round, date, both clubs, the score,
# the scorers' state; a filter column beside them): at 1280 px the model sidebar left the
# away club off screen. Staff move between models through the index and the breadcrumbs.
admin.site.enable_nav_sidebar = False


class PreloadedAutocompleteMixin:
    """autocomplete_fields whose selected option is read from the instance, not queried."""

    form = ModelForm

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = PreloadedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class StoredHeadingMixin:
    """After a refused save the form keeps what was typed, but the page's heading and
    breadcrumb name the object as it is stored, not as the refused input would have it."""

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if change and obj is not None and obj.pk and request.method == "POST":
            stored = self.get_object(request, str(obj.pk))
            if stored is not None:
                context = {**context, "original": stored, "subtitle": str(stored)}
        return super().render_change_form(request, context, add, change, form_url, obj)


class BaseAdmin(StoredHeadingMixin, PreloadedAutocompleteMixin, admin.ModelAdmin):
    list_per_page = 50


class LocalTimeHistoryHelper(HistoricalRecordContextHelper):
    """The history's list of changes reads as the change page does: a kickoff in its
    tournament's local time, dates the reader's way, a choice by its label, a tiebreak
    list by its rules' names, yes or no, and an empty value as the admin shows one (never
    Python's None, True or a raw stored value)."""

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        field = self.model._meta.get_field(change.field)
        if value is None or value == "":
            return admin.site.empty_value_display
        if isinstance(value, bool):
            return capfirst(defaultfilters.yesno(value))
        if field.choices:
            return dict(field.flatchoices).get(value, value)
        if change.field == "tiebreak" and isinstance(value, list):
            return ", ".join(str(tiebreak_label(rule)) for rule in value)
        if isinstance(value, datetime.datetime):
            zone = zoneinfo.ZoneInfo(self._time_zone())
            local = timezone.localtime(value, zone)
            return f"{formats.date_format(local, 'DATETIME_FORMAT')} ({local.tzname()})"
        if isinstance(value, datetime.date):
            return formats.date_format(value)
        return value

    def _time_zone(self) -> str:
        record = self.record
        tie_id = getattr(record, "tie_id", None)
        if tie_id is not None:
            zone = (
                Tie.objects.filter(pk=tie_id)
                .values_list("round__tournament__timezone", flat=True)
                .first()
            )
            if zone:
                return zone
        return timezone.get_current_timezone_name()


class HistoryAdmin(
    StoredHeadingMixin, PreloadedAutocompleteMixin, HistoryPermissionMixin, SimpleHistoryAdmin
):
    """Models whose changes are recorded: "History" on the change page lists who changed
    what and when; opening an entry and saving it reverts the object to it (for whoever
    may change the object: tournaments/admin_history.py)."""

    list_per_page = 50

    def get_historical_record_context_helper(self, request, historical_record):
        return LocalTimeHistoryHelper(self.model, historical_record)

    def set_history_delta_changes(self, request, historical_records, **kwargs):
        """Also: a change saved without a reason (every change made on a change page)
        shows an empty reason, not None."""
        super().set_history_delta_changes(request, historical_records, **kwargs)
        for record in historical_records:
            if record.history_change_reason is None:
                record.history_change_reason = ""


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


def team_of(tie, team_id):
    """One of the tie's two (already loaded) teams, by id."""
    return tie.higher_seed if team_id == tie.higher_seed_id else tie.lower_seed


def winner_label(tie):
    """León (table position), or what the tie still misses."""
    if tie.winner is None:
        return format_html("<em>{}</em>", tie.missing)
    return f"{tie.winner} ({tiebreak_label(tie.decided_by)})"


def report_pairing_changes(model_admin, request, changes):
    """Correction rule after a saved result: later pairings are redrawn if they have no
    results (say so), or the save is refused (CorrectionRefused rolls it back)."""
    for change in changes:
        model_admin.message_user(request, change, messages.WARNING)


def park_moved_positions(formset):
    """Table positions are unique per tournament: rows that move are parked out of the way
    first, so two teams can swap places in one save (the formset checked the result)."""
    moved = [
        f.instance.pk
        for f in formset.initial_forms
        if f.instance.pk and "position" in f.changed_data
    ]
    for pk in moved:
        TournamentEntry.objects.filter(pk=pk).update(position=10000 + pk)
