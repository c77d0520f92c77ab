"""Write one tournament as the season JSON document (docs/import-formats.md).

Stored facts come from the rows; derived values (aggregate, winner, decided_by, byes,
summary) from the domain's own methods, so the document says what the site says.
"""

from __future__ import annotations

import zoneinfo

from django.db.models import Prefetch
from django.utils import translation

from .display_needs import needs_text
from .importers.json_format import FORMAT
from .models import Booking, Goal, LeagueMatch, Leg, SquadMember, Tie, Tournament


def find_tournament(identifier: str) -> Tournament:
    """A tournament by its bare slug (when only one has it) or
    `competition/season/tournament`. Raises Tournament.DoesNotExist or ValueError."""
    tournaments = Tournament.objects.select_related("season__competition")
    parts = identifier.strip("/").split("/")
    if len(parts) == 3:
        return tournaments.get(
            season__competition__slug=parts[0], season__slug=parts[1], slug=parts[2]
        )
    if len(parts) != 1:
        raise ValueError(f"{identifier!r}: use TOURNAMENT or COMPETITION/SEASON/TOURNAMENT")
    found = list(tournaments.filter(slug=parts[0]))
    if not found:
        raise Tournament.DoesNotExist(f"no tournament {identifier!r}")
    if len(found) > 1:
        options = ", ".join(full_slug(t) for t in found)
        raise ValueError(f"{identifier!r} is ambiguous: {options}")
    return found[0]


def full_slug(tournament: Tournament) -> str:
    season = tournament.season
    return f"{season.competition.slug}/{season.slug}/{tournament.slug}"


def export_tournament(tournament: Tournament) -> dict:
    tournament = Tournament.objects.with_bracket().get(pk=tournament.pk)
    season = tournament.season
    summary = tournament.summary()
    return {
        "format": FORMAT,
        "competition": season.competition.name,
        "country": season.competition.country,
        "season": season.name,
        "season_start_year": season.start_year,
        "tournament": tournament.name,
        "slug": tournament.slug,
        "order": tournament.order,
        "kind": tournament.kind,
        "qualifiers": tournament.qualifiers,
        "timezone": tournament.timezone,
        "champion_title_override": tournament.champion_title_override,
        # Optional (docs/import-formats.md): the catalogue format that pairs the rounds.
        "knockout_format": tournament.format or None,
        # Optional: the club the relegation table keeps out of this knockout (computed or
        # as stated), so the document imports alone, without the seasons it spans.
        "relegation_barred": barred.name if (barred := tournament.barred_team()) else None,
        "standings": [
            _entry(e)
            for e in tournament.entries.select_related("team", "manager", "captain").order_by(
                "position"
            )
        ],
        "squads": _squads(tournament),
        "league_matches": _league_matches(tournament),
        "rounds": [_round(r, tournament) for r in tournament.rounds_in_order()],
        "summary": {
            "champion": _name(summary.champion),
            "champion_title": summary.champion_title,
            "runner_up": _name(summary.runner_up),
            "matches": summary.matches,
            "goals": summary.goals,
            "top_scorers": [
                {"player": r.player_name, "team": r.team_name, "goals": r.goals}
                for r in summary.top_scorers
            ],
        },
    }


def _name(obj):
    return obj.name if obj is not None else None


def _entry(entry) -> dict:
    return {
        "position": entry.position,
        "team": entry.team.name,
        "manager": _name(entry.manager),
        "manager_nationality": entry.manager.nationality if entry.manager else "",
        "captain": _name(entry.captain),
        "captain_nationality": entry.captain.nationality if entry.captain else "",
        "played": entry.played,
        "won": entry.won,
        "drawn": entry.drawn,
        "lost": entry.lost,
        "goals_for": entry.goals_for,
        "goals_against": entry.goals_against,
        "goal_difference": entry.goal_difference,
        "points": entry.points,
        "bonus_points": entry.bonus_points,
        "points_deducted": entry.points_deducted,
        "deduction_reason": entry.deduction_reason,
    }


def _squads(tournament) -> list[dict]:
    squads: dict[str, list] = {}
    members = (
        SquadMember.objects.filter(tournament=tournament)
        .select_related("team", "person")
        .order_by("team__name", "person__name")
    )
    for member in members:
        squads.setdefault(member.team.name, []).append(
            {"name": member.person.name, "nationality": member.person.nationality}
        )
    return [{"team": team, "players": players} for team, players in squads.items()]


def _league_matches(tournament) -> list[dict]:
    """The regular season's matches, the facts its general table is computed from."""
    return [
        {
            "matchday": match.matchday,
            "date": match.date.isoformat() if match.date else None,
            **({"kickoff": _local_time(match.kickoff, tournament)} if match.kickoff else {}),
            "home": match.home.name,
            "away": match.away.name,
            "home_score": match.home_score,
            "away_score": match.away_score,
            "awarded": match.awarded,
            "cancelled": match.cancelled,
        }
        for match in LeagueMatch.objects.for_results_page(tournament)
    ]


def _local_time(moment, tournament) -> str:
    return moment.astimezone(zoneinfo.ZoneInfo(tournament.timezone)).strftime("%H:%M")


def _round(round_, tournament) -> dict:
    ties = (
        Tie.objects.filter(round=round_)
        .select_related("round", "higher_seed", "lower_seed")
        .prefetch_related(
            Prefetch(
                "legs",
                queryset=Leg.objects.select_related("home", "away").prefetch_related(
                    Prefetch("goals", queryset=Goal.objects.select_related("team", "player")),
                    Prefetch("bookings", queryset=Booking.objects.select_related("team", "player")),
                ),
            )
        )
        .order_by("position")
    )
    return {
        "name": round_.english_name(),
        "legs": round_.legs,
        "tiebreak": list(round_.tiebreak),
        "byes": [team.name for team in round_.bye_teams()],
        "ties": [_tie(tie, tournament) for tie in ties],
    }


def _tie(tie, tournament) -> dict:
    legs = sorted(tie.legs.all(), key=lambda leg: leg.number)
    # Extra time and a shoot-out follow the deciding leg: the second, or a single match.
    second = next((leg for leg in legs if leg.number == tie.round.legs), None)
    aggregate = tie.aggregate()
    return {
        "higher_seed": tie.higher_seed.name,
        "lower_seed": tie.lower_seed.name,
        "legs": [_leg(leg, tournament) for leg in legs],
        "extra_time": (
            {"home_score": second.extra_time_home_score, "away_score": second.extra_time_away_score}
            if second and second.has_extra_time
            else None
        ),
        "penalties": (
            {"home": second.penalties_home, "away": second.penalties_away}
            if second and second.has_penalties
            else None
        ),
        "aggregate": list(aggregate) if aggregate else None,
        "winner": _name(tie.winner),
        "decided_by": tie.decided_by,
        "needs": _needs(tie),
    }


def _needs(tie) -> dict | None:
    """What each side needs from the deciding match (Tie.needs), while it is to be played:
    the structure, and the sentences in English (as the document names rounds)."""
    needs = tie.needs()
    if needs is None:
        return None
    with translation.override("en"):
        text = needs_text(needs, final=tie.is_final)

    def side(need):
        band = need.level_goals
        return {
            "team": need.team.name,
            "margin": need.margin,
            "level_visitor_goals": [band.goals_from, band.goals_to] if band else None,
        }

    return {
        "level_difference": needs.level_difference,
        "higher_seed": side(needs.higher),
        "lower_seed": side(needs.lower),
        "level": [
            {"visitor_goals": [band.goals_from, band.goals_to], "outcome": band.outcome}
            for band in needs.level
        ],
        "lines": text.lines,
    }


def _leg(leg, tournament) -> dict:
    data = {
        "leg": leg.number,
        "date": leg.date.isoformat() if leg.date else None,
        "home": leg.home.name,
        "away": leg.away.name,
        "home_score": leg.home_score,
        "away_score": leg.away_score,
        "half_time": (
            {"home_score": leg.half_time_home_score, "away_score": leg.half_time_away_score}
            if leg.has_half_time
            else None
        ),
    }
    if leg.kickoff:
        leg.tie.round.tournament = tournament
        data["kickoff"] = leg.local_kickoff().strftime("%H:%M")
    goals = sorted(leg.goals.all(), key=lambda g: (g.minute, g.added_time or 0, g.pk))
    data["goals"] = [
        {
            "team": goal.team.name,
            "player": goal.player.name,
            "minute": goal.minute,
            "added_time": goal.added_time,
            "penalty": goal.penalty,
            "own_goal": goal.own_goal,
        }
        for goal in goals
    ]
    data["cards"] = [
        {
            "team": booking.team.name,
            "player": booking.player.name,
            "colour": booking.colour,
            "minute": booking.minute,
        }
        for booking in sorted(leg.bookings.all(), key=lambda b: (b.minute or 0, b.pk))
    ]
    data["scorers_incomplete"] = leg.scorers_incomplete()
    return data
