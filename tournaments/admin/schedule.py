"""A round's schedule on one page: every leg's date, kick-off time and venue, typed in
or pasted as the league published it (importers/pasted_fixtures.py), saved together
before the round is played (Round.schedule_legs, Leg.schedule)."""

from __future__ import annotations

import datetime
import zoneinfo

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..importers.pasted import PasteError
from ..importers.pasted_fixtures import parse_fixtures
from ..models import Leg, Round, StaleEdit, Tie, normalize_name

FIXTURE_MESSAGES = {
    "fixture_date": _("write the date (26/11/2025, 26 nov or 2025-11-26)."),
    "fixture_bad_date": _("“%(text)s” is not a date."),
    "fixture_bad_time": _("“%(text)s” is not a time of day."),
    "fixture_teams": _(
        "“%(text)s”: write the home club, then the away club, with v, vs or a dash between "
        "them: “Toluca v América, 26/11 19:00”."
    ),
}


def names_of(team) -> set[str]:
    """A club's name and its aliases, folded ("America", "Club America", "Aguilas")."""
    return {normalize_name(team.name), *(normalize_name(a.name) for a in team.aliases.all())}


def find_leg(legs, home: str, away: str):
    """The leg a pasted line names: its home club then its away club, by name or alias,
    ignoring case and accents. A venue written after the away club without a comma
    ("América Estadio Azteca") is cut off at the longest club name it starts with.
    Returns (leg, venue read from the away side) or (None, "")."""
    home, away = normalize_name(home), normalize_name(away)
    for leg in legs:
        if home not in names_of(leg.home):
            continue
        if away in names_of(leg.away):
            return leg, ""
        for name in sorted(names_of(leg.away), key=len, reverse=True):
            if away.startswith(name + " "):
                return leg, away[len(name) :].strip()
    return None, ""


class ScheduleForm(forms.Form):
    paste = forms.CharField(
        label=_("paste the schedule"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "cols": 90}),
        help_text=_(
            "Optional: one match a line, as the league published it, home club first: "
            "“Toluca v América, 26/11/2025 19:00, Estadio Nemesio Díez”. The time and the "
            "venue may be left out. What you paste replaces what is typed below for those "
            "matches."
        ),
    )

    def __init__(self, round_, legs, *args, **kwargs):
        self.round, self.legs = round_, legs
        self.zone = zoneinfo.ZoneInfo(round_.tournament.timezone)
        super().__init__(*args, **kwargs)
        for leg in legs:
            local = leg.local_kickoff()
            self.fields[f"date_{leg.pk}"] = forms.DateField(
                label=_("date"),
                required=False,
                initial=leg.date,
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            )
            self.fields[f"time_{leg.pk}"] = forms.TimeField(
                label=_("kick-off"),
                required=False,
                initial=local.time() if local else None,
                widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            )
            self.fields[f"venue_{leg.pk}"] = forms.CharField(
                label=_("venue"), required=False, max_length=120, initial=leg.venue
            )
            self.fields[f"version_{leg.pk}"] = forms.IntegerField(
                widget=forms.HiddenInput, initial=leg.version
            )

    def rows(self):
        """Each leg with its three fields, for the template."""
        return [
            (leg, self[f"date_{leg.pk}"], self[f"time_{leg.pk}"], self[f"venue_{leg.pk}"])
            for leg in self.legs
        ]

    def clean(self):
        cleaned = super().clean()
        text = cleaned.get("paste") or ""
        if text.strip():
            self._apply_paste(text, cleaned)
        for leg in self.legs:
            if cleaned.get(f"time_{leg.pk}") and not cleaned.get(f"date_{leg.pk}"):
                self.add_error(f"date_{leg.pk}", _("A kick-off time needs its date."))
        return cleaned

    def _apply_paste(self, text, cleaned):
        season_year = self.round.tournament.season.start_year
        try:
            fixtures = parse_fixtures(text, season_year)
        except PasteError as error:
            message = FIXTURE_MESSAGES[error.code] % error.params
            self.add_error(
                "paste", _("Line %(line)s: %(message)s") % {"line": error.line, "message": message}
            )
            return
        seen = {}
        for fixture in fixtures:
            leg, venue = find_leg(self.legs, fixture.home, fixture.away)
            if leg is None:
                self.add_error(
                    "paste",
                    _("Line %(line)s: %(home)s v %(away)s is not a match of this round.")
                    % {"line": fixture.line, "home": fixture.home, "away": fixture.away},
                )
                continue
            if leg.pk in seen:
                self.add_error(
                    "paste",
                    _("Line %(line)s: this match is already on line %(first)s.")
                    % {"line": fixture.line, "first": seen[leg.pk]},
                )
                continue
            seen[leg.pk] = fixture.line
            cleaned[f"date_{leg.pk}"] = fixture.date
            cleaned[f"time_{leg.pk}"] = fixture.time
            cleaned[f"venue_{leg.pk}"] = fixture.venue or venue

    def fixtures(self):
        """(leg, kick-off or None, date, venue, version) for Round.schedule_legs."""
        data = self.cleaned_data
        rows = []
        for leg in self.legs:
            date, time = data.get(f"date_{leg.pk}"), data.get(f"time_{leg.pk}")
            kickoff = None
            if date and time:
                kickoff = timezone.make_aware(datetime.datetime.combine(date, time), self.zone)
            rows.append(
                (leg, kickoff, date, data.get(f"venue_{leg.pk}") or "", data[f"version_{leg.pk}"])
            )
        return rows


def round_legs(round_) -> list[Leg]:
    """The round's legs in fixture order (every first leg, then every second leg)."""
    ties = round_.ties.select_related("higher_seed", "lower_seed").prefetch_related(
        "legs", "higher_seed__aliases", "lower_seed__aliases"
    )
    legs = []
    for tie in ties:
        teams = {tie.higher_seed_id: tie.higher_seed, tie.lower_seed_id: tie.lower_seed}
        for leg in tie.legs.all():
            leg.tie, leg.home, leg.away = tie, teams[leg.home_id], teams[leg.away_id]
            tie.round = round_
            legs.append(leg)
    return sorted(legs, key=lambda leg: (leg.number, leg.tie.position))


def schedule_view(model_admin, request, object_id):
    """GET: the round's legs with their date, kick-off and venue, and a box to paste the
    schedule. POST: saved together, or the form again naming what is wrong."""
    if not request.user.has_perm("tournaments.change_leg"):
        raise PermissionDenied
    round_ = (
        Round.objects.select_related("tournament__season__competition")
        .prefetch_related(Prefetch("ties", queryset=Tie.objects.order_by("position")))
        .filter(pk=object_id)
        .first()
    )
    if round_ is None:
        raise Http404
    legs = round_legs(round_)
    tournament = round_.tournament
    change_url = reverse("admin:tournaments_tournament_change", args=[tournament.pk])
    form = ScheduleForm(round_, legs, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            changed = round_.schedule_legs(form.fixtures())
        except StaleEdit as refused:
            model_admin.message_user(request, " ".join(refused.messages), messages.ERROR)
            return redirect(request.path)
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            model_admin.message_user(
                request,
                _("%(round)s: %(count)s matches scheduled.")
                % {"round": round_.name, "count": changed},
                messages.SUCCESS,
            )
            return redirect(change_url)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": _("Schedule of the %(round)s") % {"round": round_.name},
        "round": round_,
        "tournament": tournament,
        "original": round_,
        "form": form,
        "change_url": change_url,
    }
    return TemplateResponse(request, "admin/tournaments/round/schedule.html", context)
