"""Read recipes across rows for clubs and people: searching them by name (aliases,
nicknames, look-alike skeletons) and the pair of a head-to-head query."""

from __future__ import annotations

import re

from django.db import models

from ..vocabulary import clean_name, looks_alike, name_skeletons, normalize_name, search_key


def search_by_name(queryset, text, limit=50):
    """Name search that ignores accents and case ("leon" finds León), matching every
    word of `text` anywhere in the name."""
    words = normalize_name(text).split()
    if not words:
        return queryset.none()
    ids = [
        pk
        for pk, name in queryset.values_list("pk", "name")
        if all(word in normalize_name(name) for word in words)
    ][:limit]
    return queryset.filter(pk__in=ids)


def _by_name(team):
    return normalize_name(team.name)


# "América vs Tigres", "leon v. neza", "Tigres contra Monterrey", "León – Neza"
HEAD_TO_HEAD_SEPARATOR = re.compile(r"\s+(?:vs?\.?|contra|-|–)\s+", re.IGNORECASE)


class TeamQuerySet(models.QuerySet):
    def search(self, text, limit=50):
        """Clubs whose name or another name (a source's spelling, a nickname: "chivas",
        "rayados", "xolos") holds every word of `text`, accents, case and look-alike
        characters ignored (vocabulary.search_key); a club found by another name carries
        it as `matched_name`. Exact names first. One query."""
        words = search_key(text).split()
        if not words:
            return []
        wanted = " ".join(words)
        best: dict[int, tuple[int, int, str]] = {}  # club → (not exact, by another name, it)
        for pk, name, alias in self.values_list("pk", "name", "aliases__name"):
            for candidate, via in ((name, ""), (alias, alias)):
                folded = search_key(candidate or "")
                if candidate and all(word in folded for word in words):
                    key = (folded != wanted, bool(via), via or "")
                    best[pk] = min(best.get(pk, key), key)
        teams = self.in_bulk(list(best))
        for pk, team in teams.items():
            team.matched_name = best[pk][2]
        return sorted(teams.values(), key=lambda team: (best[team.pk][0], team.name))[:limit]

    def by_competition(self):
        """The teams index: each competition with the clubs that played in it (a club in
        its general table of any tournament), by name, each with its nicknames
        (`nicknames`). Three queries."""
        from .competition import Competition, TeamAlias
        from .tournament import TournamentEntry

        pairs = (
            TournamentEntry.objects.values_list("tournament__season__competition_id", "team_id")
            .distinct()
            .order_by()
        )
        clubs: dict[int, set[int]] = {}
        for competition_id, team_id in pairs:
            clubs.setdefault(competition_id, set()).add(team_id)
        teams = self.filter(pk__in={pk for ids in clubs.values() for pk in ids}).prefetch_related(
            models.Prefetch(
                "aliases",
                queryset=TeamAlias.objects.filter(nickname=True),
                to_attr="nicknames",
            )
        )
        by_pk = {team.pk: team for team in teams}
        return [
            (competition, sorted((by_pk[pk] for pk in clubs[competition.pk]), key=_by_name))
            for competition in Competition.objects.filter(pk__in=clubs)
        ]

    def pair_from_text(self, text):
        """Two clubs named in a search ("america vs tigres", "chivas vs rayados"), each
        the exact name (or other name) if one matches, else the first club whose name
        holds every word; None unless both sides name a club and the clubs differ. Two
        queries."""
        sides = HEAD_TO_HEAD_SEPARATOR.split(text.strip(), maxsplit=1)
        if len(sides) != 2:
            return None
        teams = [
            (normalize_name(name), team)
            for team in self.only("pk", "name", "slug").prefetch_related("aliases")
            for name in (team.name, *(alias.name for alias in team.aliases.all()))
        ]

        def best(side):
            wanted = normalize_name(side)
            words = wanted.split()
            matches = [team for name, team in teams if words and all(w in name for w in words)]
            exact = [team for name, team in teams if name == wanted]
            return (exact or matches or [None])[0]

        pair = best(sides[0]), best(sides[1])
        if None in pair or pair[0].pk == pair[1].pk:
            return None
        return pair

    def lookalike(self, name, *, other_than=None):
        """The club `name` can be taken for, and which of its names: one whose name or
        another name has the same Unicode skeleton (vocabulary.looks_alike: a Cyrillic о
        for a Latin o, a 1 for an l, an invisible character) or folds to the same name.
        `other_than`: the club `name` is a name of, never its own look-alike. None if no
        club looks like it."""
        rows = self.order_by("name").values_list("pk", "name", "aliases__name")
        if other_than is not None and other_than.pk:
            rows = rows.exclude(pk=other_than.pk)
        for pk, team_name, alias in rows:
            for candidate in (team_name, alias):
                if candidate and looks_alike(name, candidate):
                    return self.get(pk=pk), candidate
        return None

    def lookalikes(self) -> list[tuple]:
        """Clubs already stored that can be taken for each other (a name of one looks like
        a name of the other, vocabulary.looks_alike), as (club, its name, other club, its
        name), each pair once: what an import or the admin made before look-alikes were
        refused, for staff to merge or keep. One query for the names, one for the clubs."""
        names: dict[int, set[str]] = {}
        for pk, name, alias in self.values_list("pk", "name", "aliases__name"):
            names.setdefault(pk, set()).update(n for n in (name, alias) if n)
        by_skeleton: dict[str, set[tuple[int, str]]] = {}
        for pk, spellings in names.items():
            for spelling in spellings:
                for skeleton in name_skeletons(spelling):
                    by_skeleton.setdefault(skeleton, set()).add((pk, spelling))
        pairs: dict[tuple[int, int], tuple[str, str]] = {}
        for group in by_skeleton.values():
            for first, first_name in sorted(group):
                for second, second_name in sorted(group):
                    if first < second:
                        pairs.setdefault((first, second), (first_name, second_name))
        clubs = self.in_bulk({pk for pair in pairs for pk in pair})
        return sorted(
            ((clubs[a], a_name, clubs[b], b_name) for (a, b), (a_name, b_name) in pairs.items()),
            key=lambda row: (row[0].name, row[2].name),
        )

    def unclean_names(self) -> list[tuple]:
        """Clubs whose stored name is not as vocabulary.clean_name makes a name (an
        invisible character, full-width letters), with the clean name."""
        return [
            (team, clean_name(team.name))
            for team in self.order_by("name")
            if clean_name(team.name) != team.name
        ]

    def matching(self, name):
        """Teams whose name or a known alias is `name`, ignoring accents and case."""
        wanted = normalize_name(name)
        candidates = self.prefetch_related("aliases")
        return [
            team
            for team in candidates
            if wanted
            in {normalize_name(team.name)}
            | {normalize_name(alias.name) for alias in team.aliases.all()}
        ]


class PersonQuerySet(models.QuerySet):
    def search(self, text):
        return search_by_name(self, text)
