"""Staff pages for starting a tournament without the superuser: one page for the
competition, season, tournament, teams and general table (pasted), then one page per team
for its squad (pasted). Thin views: the pasted text is parsed by importers/pasted.py and
written by models/setup.py, which check the rules."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .. import formats
from ..display import (
    FORMAT_NAMES,
    LEGS_WORDS,
    format_name,
    round_name,
    tiebreak_label,
    versus,
)
from ..importers.pasted import PasteError, parse_squad, parse_table
from ..models import Competition, SquadMember, Team
from ..models.competition import name_slug
from ..models.setup import find_competition, register_squad, start_tournament

PASTE_MESSAGES = {
    "squad_columns": _("“%(text)s”: write a name and, optionally, a nationality (MEX)."),
    "nationality": _("“%(value)s” is not a three-letter nationality code such as MEX."),
    "duplicate": _("%(name)s is already on line %(first)s."),
    "table_columns": _(
        "“%(text)s”: write the team, then won, drawn, lost, goals for and goals against "
        "(optionally points), separated by commas."
    ),
    "numbers": _("“%(text)s”: the columns after the team must be whole numbers."),
}


def paste_error(error: PasteError) -> ValidationError:
    message = PASTE_MESSAGES[error.code] % error.params
    return ValidationError(
        _("Line %(line)s: %(message)s") % {"line": error.line, "message": message}
    )


class StartTournamentForm(forms.Form):
    competition = forms.ModelChoiceField(
        Competition.objects.all(),
        required=False,
        label=_("competition"),
        help_text=_("Or type a new competition's name below."),
    )
    new_competition = forms.CharField(label=_("new competition"), required=False, max_length=100)
    season = forms.CharField(label=_("season"), max_length=20, help_text=_("For example 2012–13."))
    start_year = forms.IntegerField(label=_("start year"), min_value=1900, max_value=2200)
    name = forms.CharField(
        label=_("tournament"), max_length=100, help_text=_("For example Clausura 2013.")
    )
    order = forms.IntegerField(
        label=_("order in season"),
        min_value=1,
        initial=1,
        help_text=_("1 for the Apertura, 2 for the Clausura."),
    )
    format = forms.ChoiceField(
        label=_("knockout format"),
        required=False,
        choices=[("", _("The competition's format for the season"))]
        + [(key, FORMAT_NAMES[key]) for key in formats.FORMATS],
        help_text=_(
            "How many clubs qualify and how each round is played and settled. Preview to "
            "see the draw before anything is saved."
        ),
    )
    table = forms.CharField(
        label=_("general table"),
        widget=forms.Textarea(attrs={"rows": 18, "cols": 70}),
        help_text=_(
            "One team a line, best first: team, won, drawn, lost, goals for, goals against "
            "(and, optionally, points), separated by commas: “Cruz Azul, 10, 4, 3, 27, 14”. "
            "Paste the whole table: the format says how many qualify. New teams are created."
        ),
    )
    new_clubs = forms.BooleanField(
        label=_("new clubs"),
        required=False,
        help_text=_(
            "Tick only if the table's new teams are clubs of their own, even where a name "
            "looks like the name of a club already on the site."
        ),
    )

    def clean_table(self):
        try:
            rows = parse_table(self.cleaned_data["table"])
        except PasteError as error:
            raise paste_error(error) from error
        if len(rows) < 2:
            raise ValidationError(_("A knockout needs at least two teams."))
        return rows

    def clean(self):
        cleaned = super().clean()
        competition = cleaned.get("competition")
        new = (cleaned.get("new_competition") or "").strip()
        if not competition and not new:
            self.add_error("competition", _("Choose a competition or type a new one."))
        cleaned["competition_name"] = competition.name if competition else new
        cleaned["knockout_format"] = fmt = self.chosen_format(competition, new)
        rows = cleaned.get("table")
        if fmt and rows and len(rows) < fmt.qualifiers:
            self.add_error(
                "table",
                _("%(format)s needs %(qualifiers)s clubs; the table has %(count)s.")
                % {
                    "format": format_name(fmt.key),
                    "qualifiers": fmt.qualifiers,
                    "count": len(rows),
                },
            )
        return cleaned

    def chosen_format(self, competition, new_name) -> formats.Format | None:
        """The format chosen, or else the competition's for the season (its era:
        Competition.format_for; a new competition the catalogue knows by its slug)."""
        key = self.cleaned_data.get("format")
        if key:
            return formats.FORMATS[key]
        if competition is None and new_name:
            competition = find_competition(new_name) or Competition.with_known_rules(
                new_name, name_slug(new_name)
            )
        fmt = competition.format_for(self.cleaned_data.get("start_year")) if competition else None
        if fmt is None and (competition or new_name):
            self.add_error(
                "format",
                _("Choose the format: %(competition)s has none of its own for this season.")
                % {"competition": competition.name if competition else new_name},
            )
        return fmt


def knockout_preview(fmt: formats.Format, rows) -> dict:
    """The knockout `fmt` draws from the pasted table (formats.preview), put into words:
    who qualifies, each round with its pairings or the clubs that wait for it, how it is
    played and how a level tie is settled."""
    table = [f"{row.position}. {row.team}" for row in rows]
    drawn = formats.preview(fmt, table)
    kinds = [spec.kind for spec in fmt.rounds]
    first = drawn.rounds[0].pairings
    rounds = []
    for step in drawn.rounds:
        spec = step.spec
        if spec.pairing == formats.PLAY_IN_FIRST:
            plan_text = _("The winner of %(first)s keeps the better seed.") % {
                "first": versus(*first[0])
            }
        elif step.pairings is not None:
            plan_text = ""
        elif spec.pairing == formats.PLAY_IN_SECOND:
            plan_text = _(
                "The loser of %(first)s hosts the winner of %(second)s; the winner is the "
                "last seed of the next round."
            ) % {"first": versus(*first[0]), "second": versus(*first[1])}
        elif step.joining:
            plan_text = _("Joining now: %(clubs)s, with the winners so far.") % {
                "clubs": ", ".join(step.joining)
            }
        else:
            plan_text = _("The winners so far, best against worst.")
        rounds.append(
            {
                "name": round_name(spec.kind, *formats.kind_ordinal(kinds, step.number)),
                "legs": LEGS_WORDS[spec.legs],
                "tiebreak": ", ".join(str(tiebreak_label(rule)) for rule in spec.tiebreak),
                "ties": step.ties,
                "pairings": [versus(*pair) for pair in step.pairings or []],
                "plan": plan_text,
            }
        )
    waiting = [team for team in drawn.qualified if not any(team in p for p in first or [])]
    return {
        "name": format_name(fmt.key),
        "qualifiers": fmt.qualifiers,
        "count": len(rows),
        "qualified": drawn.qualified,
        "left_out": drawn.left_out,
        "waiting": waiting,
        "rounds": rounds,
    }


class SquadForm(forms.Form):
    players = forms.CharField(
        label=_("players"),
        widget=forms.Textarea(attrs={"rows": 16, "cols": 50}),
        help_text=_(
            "One player a line: “Name” or “Name, MEX”. A name already known is matched "
            "ignoring case and accents; anyone else is created."
        ),
    )

    def clean_players(self):
        try:
            players = parse_squad(self.cleaned_data["players"])
        except PasteError as error:
            raise paste_error(error) from error
        if not players:
            raise ValidationError(_("Paste at least one player."))
        return players


def start_tournament_view(model_admin, request):
    """Competition, season, tournament, teams and table on one page."""
    needed = ["add_tournament", "add_tournamententry", "add_team", "add_season"]
    if not all(request.user.has_perm(f"tournaments.{codename}") for codename in needed):
        raise PermissionDenied
    form = StartTournamentForm(request.POST or None, initial=start_initial(request))
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fmt = data["knockout_format"]
        if "_preview" in request.POST:
            # Shown, not saved: the same form again, the format it resolved to chosen.
            posted = request.POST.copy()
            posted["format"] = fmt.key
            form = StartTournamentForm(posted)
            form.is_valid()
            preview = knockout_preview(fmt, data["table"])
    if request.method == "POST" and preview is None and form.is_valid():
        try:
            tournament = start_tournament(
                competition_name=data["competition_name"],
                season_name=data["season"],
                start_year=data["start_year"],
                name=data["name"],
                order=data["order"],
                rows=data["table"],
                qualifiers=fmt.qualifiers,
                knockout_format=fmt.key,
                new_clubs=data["new_clubs"],
            )
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            model_admin.message_user(
                request,
                _("%(tournament)s created with %(count)s teams. Now paste each team's squad.")
                % {"tournament": tournament, "count": len(data["table"])},
                messages.SUCCESS,
            )
            first = tournament.entries.order_by("position").first()
            return redirect(squad_url(tournament, first.team_id))
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": _("Start a tournament"),
        "form": form,
        "preview": preview,
    }
    return TemplateResponse(request, "admin/tournaments/tournament/start.html", context)


def start_initial(request) -> dict:
    """Opened from a competition (?competition=ID): that competition, its current format
    preselected."""
    competition = Competition.objects.filter(pk=request.GET.get("competition") or None).first()
    if competition is None:
        return {}
    fmt = competition.format_for()
    return {"competition": competition.pk, "format": fmt.key if fmt else ""}


def squad_url(tournament, team_id):
    return reverse("admin:tournaments_tournament_squad", args=[tournament.pk, team_id])


def squad_view(model_admin, request, object_id, team_id):
    """One team's squad for one tournament: the players registered, and a box to paste
    more. Saving goes on to the next team of the table (then back to the tournament)."""
    if not (
        request.user.has_perm("tournaments.add_squadmember")
        and request.user.has_perm("tournaments.add_person")
    ):
        raise PermissionDenied
    tournament = model_admin.get_object(request, object_id)
    if tournament is None:
        raise Http404
    entries = list(tournament.entries.select_related("team").order_by("position"))
    teams = [entry.team for entry in entries]
    team = next((t for t in teams if str(t.pk) == str(team_id)), None)
    if team is None:
        raise Http404
    form = SquadForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = register_squad(tournament, team, form.cleaned_data["players"])
        except ValidationError as refused:
            form.add_error("players", refused)
        else:
            model_admin.message_user(
                request,
                _(
                    "%(team)s: %(added)s players added (%(created)s new people), "
                    "%(already)s already in the squad."
                )
                % {
                    "team": team,
                    "added": len(report.added),
                    "created": len(report.created),
                    "already": len(report.already),
                },
                messages.SUCCESS,
            )
            following = teams[teams.index(team) + 1 :]
            if following and "_next" in request.POST:
                return redirect(squad_url(tournament, following[0].pk))
            return redirect(request.path if "_continue" in request.POST else change_url(tournament))
    members = (
        SquadMember.objects.filter(tournament=tournament, team=team)
        .select_related("person")
        .order_by("person__name")
    )
    index = teams.index(team)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": _("Squad of %(team)s") % {"team": team},
        "tournament": tournament,
        "original": tournament,
        "team": team,
        "teams": [(t, squad_url(tournament, t.pk)) for t in teams],
        "next_team": teams[index + 1] if index + 1 < len(teams) else None,
        "members": members,
        "form": form,
        "change_url": change_url(tournament),
    }
    return TemplateResponse(request, "admin/tournaments/tournament/squad.html", context)


def change_url(tournament):
    return reverse("admin:tournaments_tournament_change", args=[tournament.pk])


def squad_counts(tournament) -> list[tuple[Team, int, str]]:
    """Each qualified team, in seed order, with its squad size and the link to its squad
    page (the seeds are read once per tournament and shared with the draw)."""
    counts = {}
    for member in SquadMember.objects.filter(tournament=tournament).values_list(
        "team_id", flat=True
    ):
        counts[member] = counts.get(member, 0) + 1
    return [
        (entry.team, counts.get(entry.team_id, 0), squad_url(tournament, entry.team_id))
        for entry in tournament.seeds()
    ]
