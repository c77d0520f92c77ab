"""The history pages of the admin (django-simple-history), with the admin's own permissions.

simple_history's version page (`<id>/history/<history id>/`) lets anyone who may *view* a
model also *revert* it: it checks "may view or change", builds the form without removing
fields for view-only users and saves whatever is posted. Here a version page is read-only
unless the user may change that object, a revert is refused (403) without the change
permission, and a revert is saved exactly like the object's change page: the same form
(model validation, correction and optimistic-locking rules in clean()), the same
save_model() (which brings later rounds in line for a leg), in one transaction, recorded in
the history with the user and the version it went back to.
"""

from django.conf import settings
from django.contrib.admin import helpers
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils.html import mark_safe
from django.utils.translation import gettext as _


class HistoryPermissionMixin:
    """For ModelAdmins based on SimpleHistoryAdmin: version pages and reverts that obey the
    model's change permission. Put it before SimpleHistoryAdmin in the bases."""

    def may_revert(self, request, current):
        """Reverting is changing: it needs the change permission on the current object (or
        the add permission, to bring back a deleted one)."""
        if getattr(settings, "SIMPLE_HISTORY_REVERT_DISABLED", False):
            return False
        if current is None:
            return self.has_add_permission(request)
        return self.has_change_permission(request, current)

    def revert_disabled(self, request, obj=None):
        return not self.may_revert(request, obj)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        request.current_app = self.admin_site.name
        opts = self.model._meta
        object_id = unquote(object_id)
        history_model = getattr(self.model, opts.simple_history_manager_attribute).model
        try:
            record = history_model.objects.filter(
                **{opts.pk.attname: object_id, "history_id": int(version_id)}
            ).first()
        except (TypeError, ValueError, ValidationError):
            record = None
        if record is None:
            raise Http404
        # A deleted goal or booking is brought back from its history: that is adding it.
        current = self.get_object(request, object_id)
        if not self.has_view_history_or_change_history_permission(
            request, current or record.instance
        ):
            raise PermissionDenied
        may_revert = self.may_revert(request, current)
        if request.method == "POST" and not may_revert:
            raise PermissionDenied

        obj = record.instance
        obj._state.adding = False
        # As the change page: without the change permission every field is left out of
        # the form and shown read-only, and nothing is prepopulated.
        form_class = self.get_form(request, obj, change=True)
        fieldsets = self.get_fieldsets(request, obj)
        if may_revert:
            readonly_fields = self.get_readonly_fields(request, obj)
            prepopulated = self.get_prepopulated_fields(request, obj)
        else:
            readonly_fields = flatten_fieldsets(fieldsets)
            prepopulated = {}

        if request.method == "POST":
            form = form_class(request.POST, request.FILES, instance=obj)
            if form.is_valid():
                with transaction.atomic():
                    new_object = self.save_form(request, form, change=True)
                    new_object._change_reason = _("Reverted to the version of %(date)s") % {
                        "date": record.history_date.strftime("%Y-%m-%d %H:%M")
                    }
                    self.save_model(request, new_object, form, change=True)
                    form.save_m2m()
                    self.log_change(
                        request, new_object, self.construct_change_message(request, form, [])
                    )
                return self.response_change(request, new_object)
        else:
            form = form_class(instance=obj)

        # Only the prepopulated fields that are in the form (a read-only slug is not).
        prepopulated = {name: deps for name, deps in prepopulated.items() if name in form.fields}
        admin_form = helpers.AdminForm(
            form, fieldsets, prepopulated, readonly_fields, model_admin=self
        )
        prefix = f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}"
        context = {
            "title": self.history_form_view_title(request, obj),
            "adminform": admin_form,
            "object_id": object_id,
            "original": obj,
            "is_popup": False,
            "media": mark_safe(self.media + admin_form.media),
            "errors": helpers.AdminErrorList(form, []),
            "app_label": opts.app_label,
            "original_opts": opts,
            "changelist_url": reverse(f"{prefix}_changelist"),
            "change_url": reverse(f"{prefix}_change", args=[record.instance.pk]),
            "history_url": reverse(f"{prefix}_history", args=[record.instance.pk]),
            "change_history": False,
            "revert_disabled": not may_revert,
            "add": False,
            "change": True,
            "has_add_permission": self.has_add_permission(request),
            "has_view_permission": True,
            "has_change_permission": may_revert,
            "has_delete_permission": current is not None
            and self.has_delete_permission(request, current),
            "has_file_field": True,
            "has_absolute_url": False,
            "form_url": "",
            "opts": history_model._meta,
            "content_type_id": self.content_type_model_cls.objects.get_for_model(self.model).id,
            "save_as": self.save_as,
            "save_on_top": self.save_on_top,
            "root_path": getattr(self.admin_site, "root_path", None),
        }
        context.update(self.admin_site.each_context(request))
        context.update(extra_context or {})
        return self.render_history_view(request, self.object_history_form_template, context)
