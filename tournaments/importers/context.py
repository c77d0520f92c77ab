"""What loading one record shares between its steps: the record, what has been written
(teams, people, the tournament) and the report. Steps are plain functions over it
(load_record.py, load_rows.py, checks.py, footballtxt_load.py): each writes through
`sync` and `clean`, and reports through `mismatch`, `warn`, `change` and `fail`.

A contradiction (the source says one thing, the rules derive another) is collected and
the load fails once the whole record has been checked, naming FILE:LINE and both values;
with `accept_mismatch` it is a warning and the derived value is kept.
"""

from __future__ import annotations

import datetime
import shlex
import zoneinfo
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError

from ..models import Team
from ..vocabulary import normalize_name
from .records import Fixtures, ImportFailed, TournamentRecord

if TYPE_CHECKING:
    from ..models import Person, Tournament

# Stop checking a source after this many contradictions.
MAX_ERRORS = 100


def today_in(zone: str) -> datetime.date:
    """Today's date where a tournament is played: what its fixtures are judged against
    (dated before it and without a result: missing from the source)."""
    return datetime.datetime.now(zoneinfo.ZoneInfo(zone)).date()


@dataclass
class LoadReport:
    """What loading one record did (or, in a dry run, would do)."""

    source: str
    tournament: Tournament | None = None
    created: bool = False
    changes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    summary: str = ""
    read: list[str] = field(default_factory=list)  # what was understood, for --dry-run


class LoadContext:
    """One record being loaded, and the rows its steps found or made. `new_clubs`: names
    the operator confirmed are clubs of their own though they look like an existing
    club's (import_season --new-club)."""

    def __init__(
        self, record: TournamentRecord, accept_mismatch: bool, *, directory=None, new_clubs=()
    ):
        self.record = record
        self.accept_mismatch = accept_mismatch
        self.new_clubs = {normalize_name(name) for name in new_clubs}
        self.report = LoadReport(source=record.source)
        self.report.warnings = [self.where(line, msg) for line, msg in record.warnings]
        self.contradictions: list[tuple[int | None, str]] = []
        self.tournament: Tournament | None = None
        self.season = None
        # Clubs by the general table's name (articles, JSON) or, for football.txt, every
        # spelling through the import's TeamDirectory (footballtxt_load.py).
        self.teams: dict[str, Team] = {}
        self.directory = directory
        self.people: dict[tuple[str, str], Person] = {}
        self.people_index = None
        self.fixtures = Fixtures()
        # football.txt: validate rows without a query per foreign key (see clean).
        self.fast_clean = directory is not None

    # -- reporting ----------------------------------------------------------------------

    def where(self, line, message) -> str:
        return str(ImportFailed(self.record.source, line, message))

    def fail(self, line, message):
        """Stop here; contradictions found before this come first, this one after them."""
        if self.contradictions:
            self.contradictions.append((line, message))
            self.raise_contradictions()
        raise ImportFailed(self.record.source, line, message)

    def mismatch(self, line, message):
        """A contradiction between the source and the rules: a warning with
        --accept-mismatch; otherwise collected, and the import fails once the whole source
        has been checked, so one run names every contradiction (up to MAX_ERRORS: a
        hostile or hopeless file stops there)."""
        if not self.accept_mismatch:
            self.contradictions.append((line, message))
            if len(self.contradictions) >= MAX_ERRORS:
                self.raise_contradictions(stopped=True)
            return
        self.report.warnings.append(self.where(line, message))

    def raise_contradictions(self, stopped=False):
        (line, message), *more = self.contradictions
        raise ImportFailed(
            self.record.source,
            line,
            message,
            more=[self.where(*m) for m in more],
            stopped=stopped,
        )

    def finish(self):
        """The end of a record: every contradiction found, or none."""
        if self.contradictions:
            self.raise_contradictions()

    def warn(self, line, message):
        self.report.warnings.append(self.where(line, message))

    def change(self, message):
        self.report.changes.append(message)

    # -- writing ------------------------------------------------------------------------

    def clean(self, obj, line, label, *, check=None) -> bool:
        """full_clean like a form would (or `check`, a write that validates the same way);
        a rule the row breaks is a contradiction. With `fast_clean` (a whole bundle: 40,000
        queries less) foreign keys and check constraints are not queried: the keys were
        just resolved and the database enforces the constraints anyway."""
        if check is None and self.fast_clean:
            fks = [f.name for f in obj._meta.concrete_fields if f.is_relation]

            def check():
                obj.full_clean(exclude=fks, validate_unique=False, validate_constraints=False)

        try:
            (check or obj.full_clean)()
        except ValidationError as exc:
            messages = [
                f"{name}: {' '.join(errors)}" if name != "__all__" else " ".join(errors)
                for name, errors in getattr(exc, "message_dict", {"__all__": exc.messages}).items()
            ]
            self.mismatch(line, f"{label}: {'; '.join(messages)}")
            return False
        return True

    def sync(self, obj, values: dict, label: str) -> bool:
        """Set `values` on `obj`, recording each change; True if anything changed."""
        diffs = []
        for name, value in values.items():
            old = getattr(obj, name)
            if old != value:
                diffs.append(
                    f"{name.removesuffix('_id')} {shown(obj, name, old)} → "
                    f"{shown(obj, name, value)}"
                )
                setattr(obj, name, value)
        if diffs and obj.pk and label:
            self.change(f"{label}: {', '.join(diffs)}")
        return bool(diffs)

    def save_new(self, obj, line, label):
        if not self.clean(obj, line, label):
            self.fail(line, f"{label} cannot be saved")
        obj.save()
        self.change(f"created {label}")

    def club(self, name, line) -> Team:
        """A club the record names: through the import's directory of spellings
        (football.txt), else one of the general table's."""
        if self.directory is not None:
            return self.directory.team(name, self, line)
        if name not in self.teams:
            self.fail(line, f"{name} is not a team of the general table")
        return self.teams[name]

    def refuse_lookalike(self, name, line, *, team=None):
        """A new club, or a new spelling of `team`, whose name can be taken for another
        club's stops the import (Team.refuse_lookalike), unless the operator named it with
        --new-club."""
        if normalize_name(name) in self.new_clubs:
            return
        try:
            Team.refuse_lookalike(name, team=team)
        except ValidationError as refused:
            what = f"a spelling of {team.name}: " if team is not None else ""
            self.fail(
                line,
                f"{what}{refused.messages[0]} Nothing written; if it is a different club, "
                f"import again with --new-club {shlex.quote(name)}",
            )

    def player(self, team_name, name) -> Person:
        return self.people[(team_name, name)]


def shown(obj, name, value: Any) -> str:
    """A value for a change report: a related row by its name (`manager Pedro Muñoz →
    Luis García`), never its id."""
    if name.endswith("_id") and value is not None:
        related = obj._meta.get_field(name.removesuffix("_id")).related_model
        found = related.objects.filter(pk=value).first()
        return str(found) if found is not None else f"#{value}"
    return repr(value)
