"""Forms for the staff admin: they collect input and ask the models' rules (clean(),
goal_tally_errors(), check_version(), record_result()); no competition rule lives here."""

import hashlib
import json
import zoneinfo
from functools import cached_property

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from . import display, display_redraw
from .display import tiebreak_label
from .models import (
    DECISIVE_TIEBREAKS,
    Competition,
    Goal,
    Leg,
    Person,
    Round,
    SquadMember,
    Team,
    TeamAlias,
    Tie,
    Tournament,
    TournamentEntry,
    name_slug,
)
from .vocabulary import Tiebreak, clean_name

# The order in which a round applies its tiebreak rules.
TIEBREAK_ORDER = [
    Tiebreak.AGGREGATE,
    Tiebreak.AWAY_GOALS,
    Tiebreak.EXTRA_TIME,
    Tiebreak.PENALTIES,
    Tiebreak.TABLE_POSITION,
]


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
    """Hands each PreloadedAutocompleteSelect the related object already on the instance.

    A model rule may name a field this form does not show (a leg's home team on the tie
    page, where it is read-only): its message is then shown above the form instead of
    Django's ValueError."""

    def add_error(self, field, error):
        if field is None and not isinstance(error, ValidationError):
            error = ValidationError(error)
        if field is None and hasattr(error, "error_dict"):
            placed = {}
            for name, messages in error.error_dict.items():
                target = name if name in self.fields or name == NON_FIELD_ERRORS else None
                placed.setdefault(target or NON_FIELD_ERRORS, []).extend(messages)
            error = ValidationError(placed)
        super().add_error(field, error)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = getattr(field.widget, "widget", field.widget)
            if not isinstance(widget, PreloadedAutocompleteSelect):
                continue
            model_field = self.instance._meta.get_field(name)
            if model_field.is_cached(self.instance):
                widget.selected_object = getattr(self.instance, name)


class ConfirmationCheckbox(forms.CheckboxInput):
    """An unticked box whose value is the token of what it confirms (LegForm sets it when
    it asks); rendered only while there is something to confirm."""

    token = ""

    def __init__(self, attrs=None):
        super().__init__(attrs, check_test=lambda value: False)

    def __deepcopy__(self, memo):
        copied = super().__deepcopy__(memo)
        copied.token = ""
        return copied

    def value_from_datadict(self, data, files, name):
        return data.get(name, "")

    def get_context(self, name, value, attrs):
        return super().get_context(name, self.token, attrs)

    def render(self, name, value, attrs=None, renderer=None):
        return super().render(name, value, attrs, renderer) if self.token else ""


def redraw_token(redraws) -> str:
    """Names one redraw (its lines and the ties that go), so that a confirmation given for
    it does not confirm another."""
    text = "|".join(
        f"{redraw}:{','.join(str(tie.pk) for tie in redraw.removed)}" for redraw in redraws
    )
    return hashlib.sha256(text.encode()).hexdigest()[:16]


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

    redraws = ()  # what a correction would redraw, while it waits for confirmation
    confirm_redraw = forms.CharField(
        label=_("Confirm"),
        required=False,
        widget=ConfirmationCheckbox,
        help_text=_("Redraw the later rounds as described above."),
    )

    def clean(self):
        cleaned = super().clean()
        version = cleaned.get("version")
        if self.instance.pk and version is not None:
            self.instance.check_version(version)
        if self.instance.pk and not self.errors:
            self.ask_to_confirm_redraw(cleaned)
        return cleaned

    def ask_to_confirm_redraw(self, cleaned):
        """A correction that would redraw a later round (Leg.redraw_preview) is saved only
        once staff confirm it, with the page showing what will change; the confirmation
        holds for that redraw only (a different score asks again)."""
        redraws = self.instance.redraw_preview(
            cleaned.get("home_score"),
            cleaned.get("away_score"),
            extra_time=self._pair(cleaned, "extra_time_home_score", "extra_time_away_score"),
            penalties=self._pair(cleaned, "penalties_home", "penalties_away"),
            expected_version=cleaned.get("version"),
        )
        if not redraws:
            return
        token = redraw_token(redraws)
        if cleaned.get("confirm_redraw") == token:
            return
        self.redraws = redraws
        self.fields["confirm_redraw"].widget.token = token
        legs = [leg for redraw in redraws for leg in redraw.removed_legs()]
        counts = Leg.objects.event_counts(legs)
        zone = self.instance.tie.round.tournament.timezone
        raise ValidationError(
            display_redraw.redraw_warning(
                redraws,
                lambda leg: display_redraw.leg_facts(leg, **counts[leg.pk], zone=zone),
            ),
            code="redraw",
        )

    @staticmethod
    def _pair(cleaned, home, away):
        both = (cleaned.get(home), cleaned.get(away))
        return None if both == (None, None) else both

    kickoff = forms.DateTimeField(
        label=capfirst(_("kickoff")),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Local time where the tournament is played; the date is taken from it."),
    )

    @cached_property
    def tournament_zone(self):
        tie = getattr(self.instance, "tie", None) if self.instance.tie_id else None
        return zoneinfo.ZoneInfo(tie.round.tournament.timezone if tie else "UTC")

    def get_initial_for_field(self, field, field_name):
        value = super().get_initial_for_field(field, field_name)
        if field_name == "kickoff" and value is not None and timezone.is_aware(value):
            # Shown as the wall-clock time of the tournament's zone.
            return timezone.make_naive(value, self.tournament_zone)
        return value

    def clean_kickoff(self):
        """The typed time is the tournament's local time; the leg's date follows from it."""
        value = self.cleaned_data.get("kickoff")
        if value is None:
            return None
        local = timezone.make_aware(timezone.make_naive(value), self.tournament_zone)
        self.instance.date = local.date()
        return local

    def record_result(self) -> list[str]:
        """Save the leg as typed through the one write path for a result
        (Leg.record_result), from the version the edit began at; returns the pairing
        changes it made."""
        data = self.cleaned_data
        return self.instance.record_result(
            data.get("home_score"),
            data.get("away_score"),
            extra_time=self._pair(data, "extra_time_home_score", "extra_time_away_score"),
            penalties=self._pair(data, "penalties_home", "penalties_away"),
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
    def add_fields(self, form, index):
        super().add_fields(form, index)
        # The tally rule is asked once for the whole set (clean), not row by row.
        form.instance.tally_checked_with_the_leg = True

    def clean(self):
        """The leg's goals, as they will be after this save, fit its score (Leg's tally
        rule), counting rows being added and leaving out rows being deleted: one message
        per team and period, saying which goals to delete."""
        super().clean()
        if any(self.errors) or self.instance.pk is None:
            return
        goals = [
            form.instance
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        refusals = [
            display.tally_excess(
                excess,
                where=(
                    display.NEW_GOALS
                    if any(goal.pk is None for goal in excess.goals)
                    else display.SAVED_GOALS
                ),
            )
            for excess in self.instance.goal_tally_excess(goals)
        ]
        if refusals:
            raise ValidationError(refusals)


class SlugFromNameForm(PreloadedModelForm):
    """The slug may be left empty: it is made from the name, any dash kept as a hyphen
    ("2012–13" → "2012-13"; the admin's own JavaScript would drop the en dash)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _("Leave empty to make it from the name.")

    def clean(self):
        cleaned = super().clean()
        if "slug" in self.fields and not cleaned.get("slug") and cleaned.get("name"):
            cleaned["slug"] = name_slug(cleaned["name"])
            self.instance.slug = cleaned["slug"]
        return cleaned


class TieForm(PreloadedModelForm):
    """A tie added by hand must be one the draw gives its round (Round.drawn_position);
    a drawn tie's round and teams are read-only (TieAdmin)."""

    class Meta:
        model = Tie
        fields = ["round", "higher_seed", "lower_seed"]

    def clean(self):
        cleaned = super().clean()
        round_, higher, lower = (cleaned.get(k) for k in ("round", "higher_seed", "lower_seed"))
        if self.instance.pk is None and round_ and higher and lower and higher != lower:
            try:
                self.instance.position = round_.drawn_position(higher, lower)
            except ValidationError as refused:
                self.add_error(None, refused)
        return cleaned


class EntryForm(PreloadedModelForm):
    """One line of the general table; its position is checked with the whole table
    (EntryFormSet), not row by row, so two teams can swap places in one save."""

    def validate_unique(self):
        exclude = self._get_validation_exclusions() | {"position"}
        try:
            self.instance.validate_unique(exclude=exclude)
            self.instance.validate_constraints(exclude=exclude)
        except ValidationError as error:
            self._update_errors(error)


class EntryFormSet(BaseInlineFormSet):
    """The general table on the tournament page: checked as a whole (Tournament.table_errors)
    as it will be after this save."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        entries = [
            form.instance
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        errors = Tournament.table_errors(entries)
        if errors:
            raise ValidationError(errors)

    def validate_unique(self):
        # Positions are checked as a whole by clean() (Tournament.table_errors), so two
        # teams may swap places in one save; TournamentAdmin parks them before saving.
        forms_ = [f for f in self.forms if f.is_valid() and not f.cleaned_data.get("DELETE")]
        teams = [f.cleaned_data.get("team") for f in forms_]
        if len({t.pk for t in teams if t}) != len([t for t in teams if t]):
            raise ValidationError(_("A team appears twice in the table."))


class TableLineForm(PreloadedModelForm):
    """One general table line on its own page: the whole table, with this line as typed,
    must still follow the table rules (Tournament.table_errors)."""

    def _post_clean(self):
        super()._post_clean()  # the instance now holds what was typed
        if self.errors or self.instance.tournament_id is None:
            return
        others = TournamentEntry.objects.filter(tournament_id=self.instance.tournament_id)
        others = list(others.exclude(pk=self.instance.pk).select_related("team"))
        errors = Tournament.table_errors([*others, self.instance])
        if errors:
            self.add_error(None, errors)


class TiebreakField(forms.MultipleChoiceField):
    """A round's tiebreak list as tick boxes instead of raw JSON: the aggregate always
    decides first, then the rules ticked, in the order the rules are applied (away goals,
    extra time, penalties, table position). Round.clean checks the list."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("tiebreak after the aggregate"))
        kwargs.setdefault(
            "help_text",
            _(
                "Level on aggregate: the rules ticked are applied in this order. The last one "
                "must settle the tie: penalties or table position."
            ),
        )
        kwargs.pop("encoder", None)
        kwargs.pop("decoder", None)
        kwargs.pop("max_length", None)
        super().__init__(
            choices=[(rule.value, tiebreak_label(rule)) for rule in TIEBREAK_ORDER[1:]],
            required=False,
            **kwargs,
        )

    def prepare_value(self, value):
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                return []
        return [rule for rule in (value or []) if rule != Tiebreak.AGGREGATE]

    def has_changed(self, initial, data):
        return self.prepare_value(initial) != self.prepare_value(data)

    def clean(self, value):
        chosen = super().clean(value)
        decisive = [rule for rule in chosen if rule in DECISIVE_TIEBREAKS]
        if len(decisive) > 1:
            raise ValidationError(
                _("Choose penalties or table position to settle the tie, not both.")
            )
        return [
            rule.value for rule in TIEBREAK_ORDER if rule == Tiebreak.AGGREGATE or rule in chosen
        ]


class RoundForm(PreloadedModelForm):
    tiebreak = TiebreakField()

    class Meta:
        model = Round
        fields = "__all__"  # noqa: DJ007 - the admin chooses what is shown


class CompetitionForm(SlugFromNameForm):
    round_tiebreak = TiebreakField(label=_("tiebreak of the rounds before the final"))
    final_tiebreak = TiebreakField(label=_("tiebreak of the final"))

    class Meta:
        model = Competition
        fields = "__all__"  # noqa: DJ007 - the admin chooses what is shown


class ClubNameForm(forms.ModelForm):
    """A club's name, or another name of a club, as staff type it: cleaned as every club
    name is (vocabulary.clean_name), and refused on the name field when it looks like
    another club's (Team.refuse_lookalike) unless staff tick that it is a different
    club."""

    different_club = forms.BooleanField(
        label=_("a different club"),
        required=False,
        help_text=_(
            "Tick only if this name belongs to a club of its own, although it looks like "
            "the name of a club already on the site."
        ),
    )

    def clean_name(self):
        return clean_name(self.cleaned_data["name"])

    def club(self):
        """The club the name is a name of (None for a club not yet saved)."""
        raise NotImplementedError

    def clean(self):
        cleaned = super().clean()
        name = cleaned.get("name")
        if name and name != self.instance.name and not cleaned.get("different_club"):
            try:
                Team.refuse_lookalike(name, team=self.club())
            except ValidationError as refused:
                self.add_error("name", refused)
        return cleaned


class TeamForm(ClubNameForm):
    class Meta:
        model = Team
        fields = ["name", "slug"]

    def club(self):
        return self.instance


class TeamAliasForm(ClubNameForm):
    class Meta:
        model = TeamAlias
        fields = ["team", "name", "nickname"]

    def club(self):
        return self.cleaned_data.get("team")
