"""Load a promotional-final article: the season's final between its Apertura and Clausura
champions (`Season.promotion`).

With both tournaments of the season on the site, the final is the one the season's rule
creates (`Season.create_promotional_final`: its two champions, the better season record
hosting the second leg) and the article is checked against it: its two teams must be
those champions, and a club that won both is promoted without a final. With one or none
of them, the final stands alone: its two teams are the article's, the host of the second
leg the higher seed, and a tournament that is present must have one of them as champion.
"""

from __future__ import annotations

from ..models import AdvanceError, Promotion, Tournament, normalize_name
from . import load_rows
from .context import LoadContext, LoadReport
from .load_record import load_record, season, tournament_of


def load_promotional_final(ctx: LoadContext) -> LoadReport:
    """The final's own tournament: created by the season's rule where both champions are
    known (its table then comes from the season, not from the article)."""
    linked = False

    def find_tournament(ctx) -> Tournament:
        nonlocal linked
        found = season(ctx)
        linked, created = _link(ctx, found)
        tournament = tournament_of(ctx, found)
        ctx.report.created = ctx.report.created or created
        return tournament

    def entries(ctx):
        if not linked:  # the final's seeds come from the season's tables, not the article
            load_rows.entries(ctx)

    return load_record(ctx, find_tournament=find_tournament, load_entries=entries)


def _link(ctx: LoadContext, season) -> tuple[bool, bool]:
    """Check the final against the season's champions; create it by the season's rule
    when both are known. (linked to the season, created here)."""
    record = ctx.record
    finalists = {normalize_name(entry.team) for entry in record.entries}
    teams = " v ".join(entry.team for entry in record.entries)
    aliases = {normalize_name(v): t for v, t in record.team_variants.items()}
    promotion = season.promotion()
    if promotion.status == Promotion.NONE:
        ctx.mismatch(
            record.line,
            f"{season.competition} does not promote (its 'final of the season's champions' "
            "setting is empty): a promotional final article cannot be imported into it",
        )
        return False, False
    tournaments = list(season.liguillas())
    if promotion.status == Promotion.DIRECT:
        ctx.mismatch(
            record.line,
            f"{promotion.promoted} won both {tournaments[0].name} and "
            f"{tournaments[1].name}: promoted without a final, so there is none to import",
        )
    for tournament, champion in zip(tournaments, promotion.champions, strict=False):
        if champion is None:
            ctx.warn(
                record.line,
                f"{tournament.name} has no champion yet: the final is not checked against it",
            )
            continue
        known = {normalize_name(champion.name)} | {
            normalize_name(a.name) for a in champion.aliases.all()
        }
        if not (known & finalists or any(aliases.get(k) for k in known)):
            ctx.mismatch(
                record.line,
                f"{tournament.name} was won by {champion}, who does not play this final ({teams})",
            )
    for fact in record.facts:  # "Correcaminos, winners of the Apertura 2011"
        if fact.key != "won":
            continue
        team, name = fact.value
        won = next((t for t in tournaments if normalize_name(t.name) == normalize_name(name)), None)
        champion = won.champion() if won else None
        if champion and normalize_name(champion.name) != normalize_name(team):
            ctx.mismatch(
                fact.line, f"{team} is said to have won the {won.name}, but {champion} did"
            )
    if promotion.status in (Promotion.PENDING, Promotion.DIRECT) or ctx.contradictions:
        return False, False
    if promotion.final is None:
        tiebreak = ctx.record.rounds[0].tiebreak if ctx.record.rounds else None
        try:
            season.create_promotional_final(tiebreak=tiebreak)
        except AdvanceError as exc:
            ctx.fail(record.line, " ".join(exc.messages))
        ctx.change(f"promotional final of {season} created by the season's rule")
        return True, True
    return True, False


def load_champions_final(ctx: LoadContext) -> LoadReport:
    """A Campeón de Campeones article (one match, or two legs): its own tournament in
    its season, its two teams the article's. Where the season's Apertura and Clausura
    are on the site with champions, the finalists must be those champions."""

    def find_tournament(ctx) -> Tournament:
        found = season(ctx)
        finalists = {normalize_name(entry.team) for entry in ctx.record.entries}
        for tournament in found.liguillas():
            champion = tournament.champion()
            if champion is None:
                continue
            known = {normalize_name(champion.name)} | {
                normalize_name(a.name) for a in champion.aliases.all()
            }
            if not known & finalists:
                ctx.mismatch(
                    ctx.record.line,
                    f"{tournament.name} was won by {champion}, who does not play this "
                    f"final ({' v '.join(e.team for e in ctx.record.entries)})",
                )
        return tournament_of(ctx, found)

    return load_record(ctx, find_tournament=find_tournament)
