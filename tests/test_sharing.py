"""Sharing a page: every public page has its own description, a canonical URL, its address
in each language (hreflang, x-default) and Open Graph and Twitter card tags, every URL
absolute; its card is a 1200×630 PNG drawn for its tournament's bracket or its match,
cached and revalidated like the pages, redrawn after a write, at constant queries."""

import io
import re
from html.parser import HTMLParser

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from PIL import Image

from tournaments.models import Goal, Leg

from .apertura_2011 import build_apertura_2011
from .builders import leg_between
from .site_builders import add_list_of_champions, make_big_tournament

pytestmark = pytest.mark.django_db


class HeadTags(HTMLParser):
    """The <meta> and <link> tags of a page's head."""

    def __init__(self):
        super().__init__()
        self.meta, self.links = {}, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            self.meta.setdefault(attrs.get("property") or attrs["name"], attrs["content"])
        elif tag == "link":
            self.links.append(attrs)


def head_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    parser = HeadTags()
    parser.feed(response.text.split("</head>")[0])
    return parser


def public_pages(tournament):
    """One URL of every kind of public page (in English: the tests' language)."""
    competition, season = tournament.season.competition, tournament.season
    kw = tournament.url_kwargs()
    leg = final_second_leg(tournament)
    champion = tournament.champion()
    scorer = Goal.objects.for_tournament(tournament).top_scorers()[0]
    return {
        "home": reverse("tournaments:home"),
        "search": reverse("tournaments:search") + "?q=Le",
        "teams": reverse("tournaments:teams"),
        "team": champion.get_absolute_url(),
        "head_to_head": reverse("tournaments:head_to_head", args=["correcaminos", "la-piedad"]),
        "player": reverse("tournaments:player", args=[scorer.player_slug]),
        "decided_by_all": reverse("tournaments:decided_by_all"),
        "decided_by": reverse("tournaments:decided_by", args=[competition.slug]),
        "competition": competition.get_absolute_url(),
        "champions": reverse("tournaments:champions", args=[competition.slug]),
        "competition_scorers": reverse("tournaments:competition_scorers", args=[competition.slug]),
        "season": season.get_absolute_url(),
        "season_scorers": reverse(
            "tournaments:season_scorers", args=[competition.slug, season.slug]
        ),
        "tournament": tournament.get_absolute_url(),
        "bracket": reverse("tournaments:bracket", kwargs=kw),
        "results": reverse("tournaments:results", kwargs=kw),
        "regular_season": reverse("tournaments:regular_season", kwargs=kw),
        "leg": leg.get_absolute_url(),
        "tournament_scorers": reverse("tournaments:tournament_scorers", kwargs=kw),
    }


def final_second_leg(tournament):
    """La Piedad 0–1 Correcaminos, the 2011 Apertura's last match."""
    return leg_between(tournament, "La Piedad", "Correcaminos")


def share_image_urls(tournament):
    leg = final_second_leg(tournament)
    tie = leg.tie
    return {
        "bracket": reverse("tournaments:share_image", kwargs=tournament.url_kwargs()),
        "match": reverse(
            "tournaments:leg_share_image",
            args=[*tournament.url_kwargs().values(), tie.round.number, tie.position, leg.number],
        ),
        "site": reverse("tournaments:site_share_image"),
    }


@pytest.fixture
def apertura(db):
    tournament = build_apertura_2011()
    add_list_of_champions(tournament, 3)
    return tournament


def test_every_public_page_has_its_own_description_and_absolute_share_tags(client, apertura):
    pages = public_pages(apertura)
    images = share_image_urls(apertura)
    descriptions = {}
    for name, url in pages.items():
        head = head_of(client, url)
        meta = head.meta
        description = meta["description"]
        assert len(description) > 40, name
        assert meta["og:description"] == meta["twitter:description"] == description, name
        descriptions[name] = description
        title = head_title = meta["og:title"]
        assert title and meta["twitter:title"] == head_title, name
        path = url.split("?")[0]
        canonical = [link["href"] for link in head.links if link.get("rel") == "canonical"]
        assert canonical == ["http://testserver" + path], name
        assert meta["og:url"] == canonical[0]
        alternates = {
            link["hreflang"]: link["href"]
            for link in head.links
            if link.get("rel") == "alternate" and "hreflang" in link
        }
        spanish = "http://testserver" + path.removeprefix("/en")
        assert alternates == {"es": spanish, "en": "http://testserver" + path, "x-default": spanish}
        expected = images["match"] if name == "leg" else images["site"]
        if "tournament" in name or name in {"bracket", "results", "regular_season"}:
            expected = images["bracket"]
        assert meta["og:image"] == meta["twitter:image"] == "http://testserver" + expected, name
        assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
        assert meta["twitter:card"] == "summary_large_image"
        assert meta["og:locale"] == "en_US" and meta["og:locale:alternate"] == "es_MX"
        assert meta["og:type"] == "website" and meta["og:site_name"] == "Liguilla"
    # One description per page, not one for the whole site.
    assert len(set(descriptions.values())) == len(descriptions)
    assert "Correcaminos champion" in descriptions["bracket"]
    assert descriptions["leg"].startswith("La Piedad 0–1 Correcaminos · ")


def test_spanish_pages_share_in_spanish_and_name_themselves_as_the_default(client, apertura):
    with translation.override("es"):
        url = reverse("tournaments:bracket", kwargs=apertura.url_kwargs())
    meta = head_of(client, url).meta
    assert meta["og:locale"] == "es_MX"
    assert "campeón" in meta["description"]
    assert meta["og:image"] == "http://testserver" + url.replace("bracket/", "share.png")


def test_a_configured_site_url_makes_every_link_absolute_on_it(client, apertura):
    with override_settings(SITE_URL="https://liguilla.example"):
        head = head_of(client, apertura.get_absolute_url())
    urls = [head.meta["og:url"], head.meta["og:image"]]
    urls += [link["href"] for link in head.links if link.get("rel") in {"canonical", "alternate"}]
    assert all(url.startswith("https://liguilla.example/") for url in urls), urls


def test_a_scorer_table_page_beyond_the_first_is_its_own_canonical(client, apertura):
    url = reverse("tournaments:tournament_scorers", kwargs=apertura.url_kwargs())
    head = head_of(client, url + "?sort=goals")
    assert [link["href"] for link in head.links if link.get("rel") == "canonical"] == [
        "http://testserver" + url
    ]


@pytest.mark.parametrize("card", ["bracket", "match", "site"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_share_cards_are_1200_by_630_pngs(client, apertura, card, language):
    with translation.override(language):
        url = share_image_urls(apertura)[card]
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    assert image.format == "PNG"
    assert image.size == (1200, 630)


def test_a_share_card_is_cached_revalidated_and_redrawn_after_a_write(client, apertura):
    url = share_image_urls(apertura)["match"]
    first = client.get(url)
    assert first["ETag"] and re.search(r"max-age=\d+", first["Cache-Control"])
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    leg = final_second_leg(apertura)
    with transaction.atomic():  # as the admin's save: its own transaction
        Leg.objects.filter(pk=leg.pk).update(venue="Estadio Juan N. López")
        Leg.objects.get(pk=leg.pk).save()
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    assert again.content != first.content  # the venue is on the card now


def test_a_bracket_card_before_the_final_has_slots_to_be_decided(client, db):
    tournament = build_apertura_2011(through="quarter-finals")
    url = share_image_urls_without_final(tournament)
    response = client.get(url)
    assert response.status_code == 200
    assert Image.open(io.BytesIO(response.content)).size == (1200, 630)


def share_image_urls_without_final(tournament):
    return reverse("tournaments:share_image", kwargs=tournament.url_kwargs())


# -- constant queries, as tests/test_views_queries.py ---------------------------------------

# The embed costs what the bracket page does; the cards read only what they draw.
QUERIES = {"bracket": 7, "match": 7, "site": 2, "embed": 10}


@pytest.fixture(params=["apertura-2011", "64-teams"])
def sized(request, db):
    if request.param == "apertura-2011":
        return build_apertura_2011()
    return make_big_tournament(64)


@pytest.mark.parametrize("card", QUERIES)
def test_constant_queries(client, django_assert_num_queries, sized, card):
    leg = Leg.objects.for_tournament(sized).order_by("-tie__round__number", "-number")[0]
    tie = leg.tie
    urls = {
        "bracket": reverse("tournaments:share_image", kwargs=sized.url_kwargs()),
        "match": reverse(
            "tournaments:leg_share_image",
            args=[*sized.url_kwargs().values(), tie.round.number, tie.position, leg.number],
        ),
        "site": reverse("tournaments:site_share_image"),
        "embed": reverse("tournaments:bracket_embed", kwargs=sized.url_kwargs()),
    }
    with django_assert_num_queries(QUERIES[card]):
        response = client.get(urls[card])
    assert response.status_code == 200


# -- the embeddable bracket ------------------------------------------------------------------


def test_the_embed_is_the_bracket_alone_with_links_that_leave_the_frame(client, apertura):
    kw = apertura.url_kwargs()
    embed = reverse("tournaments:bracket_embed", kwargs=kw)
    bracket = reverse("tournaments:bracket", kwargs=kw)
    html = client.get(embed).text
    assert '<base target="_blank">' in html
    assert f'<link rel="canonical" href="http://testserver{bracket}">' in html
    assert '<meta name="robots" content="noindex">' in html
    assert 'class="bracket"' in html and "Correcaminos" in html
    assert "site-header" not in html and "site-footer" not in html
    assert f'<a href="{bracket}" rel="noopener">' in html
    # The bracket page offers the code that frames it; the embed does not repeat it.
    page = client.get(bracket).text
    assert f'&lt;iframe src="http://testserver{embed}"' in page
    assert "&lt;iframe" not in html
