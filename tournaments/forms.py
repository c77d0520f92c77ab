"""Forms for the staff admin: they collect input and ask the models' rules (clean(),
goal_tally_errors(), check_version(), record_result()); no competition rule lives here."""

from functools import cached_property

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from .models import Goal, Leg, Person, SquadMember, Team


class PreloadedAutocompleteSelect(AutocompleteSelect):
    """An autocomplete whose selected option comes from the form's instance (loaded with
    select_related) instead of one query per widget, so an inline of 24 table rows with
    team, manager and captain costs no extra queries."""

    selected_object = None

    def optgroups(self, name, value, attr=None):
        chosen = {str(v) for v in value if v not in (None, "")}
        obj = self.selected_object
        if obj is None or chosen != {str(obj.pk)}:
            return super().optgroups(name, value, attr)
        options = []
        if not self.is_required:
            options.append(self.create_option(name, "", "", False, 0))
        label = self.choices.field.label_from_instance(obj)
        options.append(self.create_option(name, obj.pk, label, True, len(options)))
        return [(None, options, 0)]


class PreloadedModelForm(forms.ModelForm):
    """Hands each PreloadedAutocompleteSelect the related object already on the instance."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = getattr(field.widget, "widget", field.widget)
            if not isinstance(widget, PreloadedAutocompleteSelect):
                continue
            model_field = self.instance._meta.get_field(name)
            if model_field.is_cached(self.instance):
                widget.selected_object = getattr(self.instance, name)


class LegForm(PreloadedModelForm):
    """A leg's facts with its version as a hidden field: a save begun before someone else's
    is refused (Leg.check_version here, Leg.record_result when saving closes the race)."""

    class Meta:
        model = Leg
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets choose what is shown
        widgets = {"version": forms.HiddenInput}

    # Prefix of the goals inline on the leg page; when it is submitted the goals are checked
    # against the score by GoalFormSet, with the rows being added and deleted.
    goals_prefix = "goals"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound and self.instance.pk and f"{self.goals_prefix}-TOTAL_FORMS" in self.data:
            # Leg.clean's tally check reads self.goals.all(): hand it no saved goals so a
            # lowered score plus a deleted goal in one save is judged by GoalFormSet instead.
            cache = self.instance.__dict__.setdefault("_prefetched_objects_cache", {})
            cache["goals"] = Goal.objects.none()

    def clean(self):
        cleaned = super().clean()
        version = cleaned.get("version")
        if self.instance.pk and version is not None:
            self.instance.check_version(version)
        return cleaned

    def record_result(self) -> list[str]:
        """Save the leg as typed through the one write path for a result
        (Leg.record_result), from the version the edit began at; returns the pairing
        changes it made."""
        data = self.cleaned_data

        def pair(home, away):
            both = (data.get(home), data.get(away))
            return None if both == (None, None) else both

        return self.instance.record_result(
            data.get("home_score"),
            data.get("away_score"),
            extra_time=pair("extra_time_home_score", "extra_time_away_score"),
            penalties=pair("penalties_home", "penalties_away"),
            expected_version=data.get("version"),
        )

    record_result.alters_data = True


class LegEventFormSet(BaseInlineFormSet):
    """Goals or bookings of one leg: the team is one of the leg's two teams and the player
    list shows the two squads (grouped by team), read once per page however many rows."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        leg = self.instance
        if leg is None or leg.pk is None:
            return
        team_field, player_field = form.fields.get("team"), form.fields.get("player")
        if team_field is not None:
            team_field.queryset = Team.objects.filter(pk__in=[leg.home_id, leg.away_id])
            team_field.choices = [
                ("", "---------"),
                (leg.home_id, str(leg.home)),
                (leg.away_id, str(leg.away)),
            ]
        if player_field is not None:
            player_field.queryset = self._eligible_players
            player_field.choices = self._player_choices

    @cached_property
    def _tournament_id(self):
        return self.instance.tie.round.tournament_id

    @cached_property
    def _eligible_players(self):
        """Anyone not registered only to other teams of this tournament (the model's
        clean() then checks the player against the team credited)."""
        leg = self.instance
        elsewhere = (
            SquadMember.objects.filter(tournament_id=self._tournament_id)
            .exclude(team_id__in=[leg.home_id, leg.away_id])
            .values("person_id")
        )
        return Person.objects.exclude(pk__in=elsewhere)

    @cached_property
    def _player_choices(self):
        leg = self.instance
        squads = (
            SquadMember.objects.filter(
                tournament_id=self._tournament_id, team_id__in=[leg.home_id, leg.away_id]
            )
            .select_related("person")
            .order_by("person__name")
        )
        by_team = {leg.home_id: [], leg.away_id: []}
        for member in squads:
            by_team[member.team_id].append((member.person_id, member.person.name))
        listed = {pk for group in by_team.values() for pk, _name in group}
        if not listed:
            # No squads registered for these teams yet: every person, alphabetically.
            return [("", "---------"), *((p.pk, str(p)) for p in Person.objects.order_by("name"))]
        # People already on this leg but in neither squad stay selectable.
        recorded = {obj.player_id for obj in self.get_queryset()}
        others = Person.objects.filter(pk__in=recorded - listed).order_by("name")
        choices = [
            ("", "---------"),
            (str(leg.home), by_team[leg.home_id]),
            (str(leg.away), by_team[leg.away_id]),
        ]
        if recorded - listed:
            choices.append((str(_("Not in either squad")), [(p.pk, str(p)) for p in others]))
        return choices


class GoalFormSet(LegEventFormSet):
    def clean(self):
        """The leg's goals, as they will be after this save, fit its score (Leg's tally
        rule), counting rows being added and leaving out rows being deleted."""
        super().clean()
        if any(self.errors) or self.instance.pk is None:
            return
        goals = [
            form.instance
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        errors = self.instance.goal_tally_errors(goals)
        if errors:
            raise ValidationError(list(errors.values()))
