"""The season JSON document's shape (`liguilla-season/1`, the contract in
docs/import-formats.md), declared once as pydantic models: what json_format.py validates a
document against, and what `docs/season.schema.json` publishes for other tools (generated
from `Document`; tests/importers/test_json_schema.py keeps them equal). Pure, no Django.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, model_validator


class _Object(BaseModel):
    # Strict: 2 is an int and "2" is not, true is a bool and 1 is not. Keys the importer
    # does not read are allowed (the contract lets a document carry more).
    model_config = ConfigDict(strict=True, extra="ignore")

    @model_validator(mode="before")
    @classmethod
    def _null_is_absent(cls, data):
        """A key given as null reads as a key left out: its default, or "missing"."""
        if isinstance(data, dict):
            return {key: value for key, value in data.items() if value is not None}
        return data


class Standing(_Object):
    position: int
    team: str
    manager: str | None = None
    manager_nationality: str = ""
    captain: str | None = None
    captain_nationality: str = ""
    played: int
    won: int
    drawn: int
    lost: int
    goals_for: int
    goals_against: int
    goal_difference: int | None = None
    points: int
    bonus_points: int = 0
    points_deducted: int = 0
    deduction_reason: str = ""


class Player(_Object):
    name: str
    nationality: str = ""


class Squad(_Object):
    team: str
    players: list[Player]


class LeagueMatch(_Object):
    matchday: int
    date: str | None = None
    kickoff: str | None = None
    home: str
    away: str
    home_score: int | None = None
    away_score: int | None = None
    awarded: bool = False
    cancelled: bool = False


class Goal(_Object):
    team: str
    player: str
    minute: int
    added_time: int | None = None
    penalty: bool = False
    own_goal: bool = False


class Card(_Object):
    team: str
    player: str
    colour: str = "yellow"
    minute: int | None = None


class Score(_Object):
    home_score: int
    away_score: int


class Shootout(_Object):
    home: int
    away: int


class Leg(_Object):
    leg: int
    date: str | None = None
    kickoff: str | None = None
    home: str
    away: str
    home_score: int | None = None
    away_score: int | None = None
    half_time: Score | None = None
    venue: str = ""
    goals: list[Goal] = []
    cards: list[Card] = []


class Tie(_Object):
    higher_seed: str
    lower_seed: str
    legs: list[Leg]
    extra_time: Score | None = None
    penalties: Shootout | None = None
    aggregate: list[int] | None = None
    winner: str | None = None
    decided_by: str | None = None


class Round(_Object):
    name: str
    legs: int | None = None
    tiebreak: list[str] | None = None
    byes: list[str] | None = None
    ties: list[Tie]


class TopScorer(_Object):
    player: str
    goals: int


class Summary(_Object):
    champion: str | None = None
    runner_up: str | None = None
    matches: int | None = None
    goals: int | None = None
    champion_title: int | None = None
    top_scorers: list[TopScorer] | None = None


class Document(_Object):
    format: str
    competition: str
    country: str = ""
    season: str
    season_start_year: int | None = None
    tournament: str
    slug: str
    order: int = 1
    kind: str = "liguilla"
    qualifiers: int | None = None
    timezone: str = "America/Mexico_City"
    champion_title_override: int | None = None
    knockout_format: str | None = None
    relegation_barred: str | None = None
    standings: list[Standing]
    squads: list[Squad] = []
    league_matches: list[LeagueMatch] = []
    rounds: list[Round]
    summary: Summary | None = None
