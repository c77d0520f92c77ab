"""The live desk: one leg while it is played, from the match desk. One small form per
change (it kicks off, a goal, a card, the clock), each saved at once through the leg's own
rules (models/live.py), and the final result through Leg.record_result. Thin: the forms
collect input, the models decide."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .. import display
from ..models import Booking, CorrectionRefused, Goal, Leg, SquadMember, StaleEdit, Tiebreak
from ..models.live import LivePeriod
from ..vocabulary import scorer_side

LIVE_PERMISSIONS = ("change_leg", "add_goal", "add_booking", "delete_goal")


def squads(leg) -> dict[int, list[tuple[int, str]]]:
    """The two squads of a leg, by team id: (person id, name), alphabetically."""
    members = (
        SquadMember.objects.filter(
            tournament_id=leg.tie.round.tournament_id, team_id__in=[leg.home_id, leg.away_id]
        )
        .select_related("person")
        .order_by("person__name")
    )
    by_team = {leg.home_id: [], leg.away_id: []}
    for member in members:
        by_team[member.team_id].append((member.person_id, member.person.name))
    return by_team


class LiveForm(forms.Form):
    """A live change: the leg's version when the page was read (a change begun before a
    colleague's is refused, as on the leg's page)."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, leg, squads_by_team, *args, **kwargs):
        self.leg, self.squads = leg, squads_by_team
        super().__init__(*args, **kwargs)

    def player_choices(self, empty):
        leg = self.leg
        return [
            ("", empty),
            (leg.home.name, self.squads[leg.home_id]),
            (leg.away.name, self.squads[leg.away_id]),
        ]

    def team_of_player(self, person_id):
        return next(
            (team for team, people in self.squads.items() if person_id in dict(people)), None
        )

    def team_choices(self):
        return [
            ("", "---------"),
            (self.leg.home_id, self.leg.home.name),
            (self.leg.away_id, self.leg.away.name),
        ]


class GoalForm(LiveForm):
    player = forms.TypedChoiceField(
        label=capfirst(_("scorer")), coerce=int, required=False, empty_value=None
    )
    team = forms.TypedChoiceField(
        label=capfirst(_("team credited")),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("Only when the scorer is not known yet; otherwise it follows from the scorer."),
    )
    minute = forms.IntegerField(label=capfirst(_("minute")), min_value=1, max_value=120)
    added_time = forms.IntegerField(
        label=capfirst(_("added time")), min_value=1, max_value=30, required=False
    )
    penalty = forms.BooleanField(label=capfirst(_("penalty")), required=False)
    own_goal = forms.BooleanField(label=capfirst(_("own goal")), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["player"].choices = self.player_choices(_("not known yet"))
        self.fields["team"].choices = self.team_choices()

    def clean(self):
        """The team credited follows from the scorer's squad (the other team for an own
        goal); without a scorer it must be chosen."""
        cleaned = super().clean()
        player, team = cleaned.get("player"), cleaned.get("team")
        leg = self.leg
        if player is not None:
            plays_for = self.team_of_player(player)
            credited = scorer_side(plays_for, leg.home_id, leg.away_id, cleaned.get("own_goal"))
            if team is not None and team != credited:
                self.add_error("team", _("The scorer's goal counts for the other team."))
            cleaned["team"] = credited
        elif team is None:
            self.add_error(
                "team", _("Choose the scorer, or the team credited if the scorer is not known yet.")
            )
        return cleaned

    def goal(self) -> Goal:
        data = self.cleaned_data
        return Goal(
            leg=self.leg,
            team_id=data["team"],
            player_id=data["player"],
            minute=data["minute"],
            added_time=data["added_time"],
            penalty=data["penalty"],
            own_goal=data["own_goal"],
        )


class BookingForm(LiveForm):
    player = forms.TypedChoiceField(label=capfirst(_("player")), coerce=int)
    colour = forms.ChoiceField(label=capfirst(_("card")), choices=Booking.Colour.choices)
    minute = forms.IntegerField(
        label=capfirst(_("minute")), min_value=1, max_value=120, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["player"].choices = self.player_choices("---------")

    def booking(self) -> Booking:
        data = self.cleaned_data
        return Booking(
            leg=self.leg,
            team_id=self.team_of_player(data["player"]),
            player_id=data["player"],
            colour=data["colour"],
            minute=data["minute"],
        )


class ClockForm(LiveForm):
    period = forms.ChoiceField(label=capfirst(_("period")))
    minute = forms.IntegerField(
        label=capfirst(_("minute")), min_value=1, max_value=120, required=False
    )
    added_time = forms.IntegerField(
        label=capfirst(_("added time")), min_value=1, max_value=30, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [
            (period, LivePeriod(period).label) for period in self.leg.live_periods()
        ]


class ResultForm(LiveForm):
    """The final result, proposed from the score so far; extra time and the shoot-out
    only after the round's last leg where the round has them."""

    home_score = forms.IntegerField(min_value=0)
    away_score = forms.IntegerField(min_value=0)
    extra_time_home_score = forms.IntegerField(min_value=0, required=False)
    extra_time_away_score = forms.IntegerField(min_value=0, required=False)
    penalties_home = forms.IntegerField(min_value=0, required=False)
    penalties_away = forms.IntegerField(min_value=0, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        leg = self.leg
        home, away = leg.home.name, leg.away.name
        self.fields["home_score"].label = home
        self.fields["away_score"].label = away
        rules = leg.tie.round.tiebreak if leg.number == leg.tie.round.legs else []
        if Tiebreak.EXTRA_TIME in rules:
            self.fields["extra_time_home_score"].label = _("%(team)s in extra time") % {
                "team": home
            }
            self.fields["extra_time_away_score"].label = _("%(team)s in extra time") % {
                "team": away
            }
        else:
            del self.fields["extra_time_home_score"], self.fields["extra_time_away_score"]
        if Tiebreak.PENALTIES in rules:
            self.fields["penalties_home"].label = _("%(team)s, penalties scored") % {"team": home}
            self.fields["penalties_away"].label = _("%(team)s, penalties scored") % {"team": away}
        else:
            del self.fields["penalties_home"], self.fields["penalties_away"]

    def pair(self, home, away):
        both = (self.cleaned_data.get(home), self.cleaned_data.get(away))
        return None if both == (None, None) else both

    def record(self) -> list[str]:
        data = self.cleaned_data
        return self.leg.record_result(
            data["home_score"],
            data["away_score"],
            extra_time=self.pair("extra_time_home_score", "extra_time_away_score"),
            penalties=self.pair("penalties_home", "penalties_away"),
            expected_version=data["version"],
        )


FORMS = {"goal": GoalForm, "booking": BookingForm, "clock": ClockForm, "result": ResultForm}


def live_leg(leg_id) -> Leg | None:
    return (
        Leg.objects.select_related("tie__round__tournament__season__competition", "home", "away")
        .prefetch_related(
            Prefetch("tie__legs", queryset=Leg.objects.order_by("number")),
            Prefetch(
                "goals", queryset=Goal.objects.select_related("player").order_by(*Goal.EVENT_ORDER)
            ),
            Prefetch(
                "bookings",
                queryset=Booking.objects.select_related("player").order_by(*Booking.EVENT_ORDER),
            ),
        )
        .filter(pk=leg_id)
        .first()
    )


def live_view(model_admin, request, object_id):
    """GET: the leg's state and the forms it allows now. POST `action`: start, goal,
    booking, clock, cancel_goal, stop or result; saved at once, then the page again
    (a refused change shows its form with the reason, nothing saved)."""
    if not all(request.user.has_perm(f"tournaments.{name}") for name in LIVE_PERMISSIONS):
        raise PermissionDenied
    leg = live_leg(object_id)
    if leg is None:
        if Leg.removed_by_redraw(object_id) is not None:
            return model_admin._get_obj_does_not_exist_redirect(
                request, model_admin.opts, object_id
            )
        raise Http404
    squads_by_team = squads(leg)
    bound = {}
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            done = act(leg, action, request.POST, squads_by_team, bound)
        except StaleEdit as refused:
            model_admin.message_user(request, " ".join(refused.messages), messages.ERROR)
            return redirect(request.path)
        except CorrectionRefused as refused:
            model_admin.message_user(request, " ".join(refused.messages), messages.ERROR)
            return redirect(request.path)
        if done is not None:
            for level, text in done:
                model_admin.message_user(request, text, level)
            return redirect(request.path)
        leg = live_leg(object_id)  # the refused change rolled back: show what is stored
    return TemplateResponse(
        request,
        "admin/tournaments/leg/live.html",
        live_context(model_admin, request, leg, squads_by_team, bound),
    )


def act(leg, action, data, squads_by_team, bound):
    """Do one live change. Returns the messages to show, or None when a form refused
    it (the bound form, with its errors, is left in `bound`)."""
    version = data.get("version")
    version = int(version) if version and version.isdigit() else leg.version
    score = display.live_score_line
    try:
        if action == "start":
            leg.start_live(expected_version=version)
            return [(messages.SUCCESS, _("Kick-off: %(match)s is live.") % {"match": score(leg)})]
        if action == "stop":
            leg.stop_live(expected_version=version)
            return [(messages.SUCCESS, _("Kick-off undone: the match is to be played."))]
        if action == "cancel_goal":
            goal = leg.goals.filter(pk=data.get("goal") or None).first()
            team = int(data.get("team") or 0)
            team = goal.team_id if goal else team
            if team not in (leg.home_id, leg.away_id):
                raise ValidationError(_("Choose the goal to take away."))
            extra = goal.in_extra_time if goal else data.get("extra") == "1"
            leg.cancel_live_goal(team, extra_time=extra, goal=goal, expected_version=version)
            return [(messages.SUCCESS, _("Goal taken away: %(match)s.") % {"match": score(leg)})]
    except ValidationError as refused:
        if isinstance(refused, StaleEdit):
            raise
        return [(messages.ERROR, " ".join(refused.messages))]
    form_class = FORMS.get(action)
    if form_class is None:
        return [(messages.ERROR, _("Nothing was changed."))]
    form = form_class(leg, squads_by_team, data, prefix=action)
    bound[action] = form
    if not form.is_valid():
        return None
    try:
        if action == "goal":
            leg.add_live_goal(form.goal(), expected_version=form.cleaned_data["version"])
            return [(messages.SUCCESS, _("Goal: %(match)s.") % {"match": score(leg)})]
        if action == "booking":
            booking = form.booking()
            leg.add_live_booking(booking, expected_version=form.cleaned_data["version"])
            return [(messages.SUCCESS, _("Card: %(booking)s.") % {"booking": booking})]
        if action == "clock":
            data = form.cleaned_data
            leg.set_clock(
                data["period"], data["minute"], data["added_time"], expected_version=data["version"]
            )
            return [(messages.SUCCESS, _("Clock: %(match)s.") % {"match": score(leg)})]
        changes = form.record()
        return [
            (messages.SUCCESS, _("Final: %(match)s.") % {"match": str(leg)}),
            *((messages.WARNING, change) for change in changes),
        ]
    except ValidationError as refused:
        if isinstance(refused, StaleEdit | CorrectionRefused):
            raise
        place_errors(form, refused)
        return None


def place_errors(form, refused):
    """A model's refusal on the form: under the field it names when the form has it,
    above the form otherwise."""
    if hasattr(refused, "error_dict"):
        for name, errors in refused.error_dict.items():
            form.add_error(name if name in form.fields else NON_FIELD_ERRORS, errors)
    else:
        form.add_error(None, refused)


def live_context(model_admin, request, leg, squads_by_team, bound):
    tournament = leg.tie.round.tournament
    initial = {"version": leg.version}
    forms_ = {}
    if leg.is_live:
        minute = {"minute": leg.live_minute}
        forms_ = {
            "goal": GoalForm(leg, squads_by_team, initial=initial | minute, prefix="goal"),
            "booking": BookingForm(leg, squads_by_team, initial=initial | minute, prefix="booking"),
            "clock": ClockForm(
                leg,
                squads_by_team,
                prefix="clock",
                initial=initial
                | {
                    "period": leg.live_period,
                    "minute": leg.live_minute,
                    "added_time": leg.live_added_time,
                },
            ),
            "result": ResultForm(
                leg, squads_by_team, prefix="result", initial=initial | leg.final_score_proposal()
            ),
        }
        forms_.update(bound)
    goals = list(leg.goals.all())
    unnamed = []
    if leg.is_live:
        for team, regular, extra in (
            (leg.home, leg.live_home_score, leg.live_extra_time_home_score),
            (leg.away, leg.live_away_score, leg.live_extra_time_away_score),
        ):
            for is_extra, count in ((False, regular or 0), (True, extra or 0)):
                recorded = sum(
                    1 for g in goals if g.team_id == team.pk and g.in_extra_time == is_extra
                )
                unnamed += [(team, is_extra)] * max(count - recorded, 0)
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": _("Live: %(home)s v %(away)s") % {"home": leg.home.name, "away": leg.away.name},
        "leg": leg,
        "tournament": tournament,
        "original": leg,
        "change_url": reverse("admin:tournaments_tournament_change", args=[tournament.pk]),
        "leg_url": reverse("admin:tournaments_leg_change", args=[leg.pk]),
        "scoreboard": display.live_row(leg),
        "leg_name": display.leg_name(leg.number, leg.tie.round.legs),
        "first_leg_missing": leg.number == 2
        and not (leg.tie.first_leg and leg.tie.first_leg.is_played),
        "forms": forms_,
        "goals": goals,
        "unnamed_goals": unnamed,
        "bookings": list(leg.bookings.all()),
        "no_squads": not any(squads_by_team.values()),
        "squad_url": reverse(
            "admin:tournaments_tournament_squad", args=[tournament.pk, leg.home_id]
        ),
    }
