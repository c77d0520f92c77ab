"""Write the clubs' nicknames (importers/nicknames.py) as TeamAlias rows marked
`nickname`, for the clubs the site has. Adds what is missing and marks an existing alias
of the same club as a nickname; never removes an alias (staff may have added more in the
admin) and never moves one: a nickname that is already another club's alias is an error,
and nothing is written."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import Team, TeamAlias
from ..vocabulary import clean_name, normalize_name
from .nicknames import ClubNicknames, NicknamesError


@dataclass
class NicknamesLoaded:
    added: list[str] = field(default_factory=list)
    clubs_missing: list[str] = field(default_factory=list)


def load_nicknames(records: list[ClubNicknames], *, dry_run: bool = False) -> NicknamesLoaded:
    result = NicknamesLoaded()
    names: dict[str, Team] = {}
    aliases: dict[str, TeamAlias] = {}
    for team in Team.objects.prefetch_related("aliases"):
        names[normalize_name(team.name)] = team
        for alias in team.aliases.all():
            aliases[normalize_name(alias.name)] = alias
    with transaction.atomic():
        for record in records:
            folded = normalize_name(record.club)
            team = names.get(folded) or getattr(aliases.get(folded), "team", None)
            if team is None:
                result.clubs_missing.append(record.club)
                continue
            for nickname in record.nicknames:
                _nickname(team, nickname, names, aliases, result)
        if dry_run:
            transaction.set_rollback(True)
    return result


def _nickname(team, nickname, names, aliases, result):
    nickname = clean_name(nickname)
    folded = normalize_name(nickname)
    if folded in names and names[folded] != team:
        raise NicknamesError(f"{nickname!r} ({team}) is the name of another club")
    alias = aliases.get(folded)
    if alias is not None:
        if alias.team_id != team.pk:
            raise NicknamesError(f"{nickname!r} ({team}) is already an alias of {alias.team}")
        if not alias.nickname:
            alias.nickname = True
            alias.save(update_fields=["nickname"])
            result.added.append(f"{team}: {nickname}")
        return
    if folded in names:
        return  # the club's own name
    alias = TeamAlias(team=team, name=nickname, nickname=True)
    try:
        Team.refuse_lookalike(nickname, team=team)
        alias.full_clean()
    except ValidationError as refused:
        raise NicknamesError(f"{nickname!r} ({team}): {' '.join(refused.messages)}") from refused
    alias.save()
    aliases[folded] = alias
    result.added.append(f"{team}: {nickname}")
