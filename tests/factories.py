"""factory-boy factories for the tournament domain."""

import factory
from django.utils.text import slugify

from tournaments import formats, models


def known_rules(slug):
    return formats.KNOWN_COMPETITIONS.get(slug, formats.CompetitionRules())


class CompetitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Competition
        django_get_or_create = ("name",)

    name = "Liga de Ascenso"
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    # The rules the catalogue knows for the slug, as the importers give them.
    format_era = factory.LazyAttribute(lambda o: known_rules(o.slug).format_era)
    relegation_seasons = factory.LazyAttribute(lambda o: known_rules(o.slug).relegation_seasons)
    season_final = factory.LazyAttribute(lambda o: known_rules(o.slug).season_final)
    country = "Mexico"


class SeasonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Season
        django_get_or_create = ("competition", "slug")

    competition = factory.SubFactory(CompetitionFactory)
    start_year = 2011
    name = factory.LazyAttribute(lambda o: f"{o.start_year}–{str(o.start_year + 1)[-2:]}")
    slug = factory.LazyAttribute(lambda o: f"{o.start_year}-{str(o.start_year + 1)[-2:]}")


class TournamentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Tournament

    season = factory.SubFactory(SeasonFactory)
    name = factory.Sequence(lambda n: f"Apertura {2011 + n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    order = 1
    qualifiers = 7


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Team
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Club {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Person

    name = factory.Sequence(lambda n: f"Player {n}")
    slug = factory.LazyAttribute(lambda o: models.Person.unique_slug(o.name))
    nationality = "MEX"


class EntryFactory(factory.django.DjangoModelFactory):
    """A general-table line whose arithmetic adds up (Pld = W+D+L, Pts = 3W+D)."""

    class Meta:
        model = models.TournamentEntry

    tournament = factory.SubFactory(TournamentFactory)
    team = factory.SubFactory(TeamFactory)
    position = factory.Sequence(lambda n: n + 1)
    won = 5
    drawn = 5
    lost = 5
    played = factory.LazyAttribute(lambda o: o.won + o.drawn + o.lost)
    goals_for = 20
    goals_against = 20
    points = factory.LazyAttribute(
        lambda o: 3 * o.won + o.drawn + o.bonus_points - o.points_deducted
    )
    bonus_points = 0
    points_deducted = 0


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Round

    tournament = factory.SubFactory(TournamentFactory)
    number = 1
    kind = "quarter_final"
    tiebreak = factory.LazyFunction(lambda: list(models.LIGUILLA_TIEBREAK))


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Goal

    player = factory.SubFactory(PersonFactory)
    minute = 10


class BookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Booking

    player = factory.SubFactory(PersonFactory)
