"""Session, expert and content cards carry their picture, sized for no
layout shift, from renditions made beforehand (core.images): a listing
makes no rendition and costs the same queries for 1 card or 20."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images import get_image_model
from wagtail_factories import ImageFactory

from content.tests.factories import ArticlePageFactory
from core.testing import clear_caches
from experts.tests.factories import ExpertPageFactory
from sessions.tests.factories import SessionPageFactory

pytestmark = pytest.mark.django_db

Rendition = get_image_model().get_rendition_model()

LISTINGS = {
    "/sessions/": lambda image: SessionPageFactory(cover_image=image),
    "/learn/": lambda image: ArticlePageFactory(cover_image=image),
    "/experts/": lambda image: ExpertPageFactory(photo=image),
}


@pytest.fixture
def pictured(django_capture_on_commit_callbacks):
    """Make `n` pages of a listing, each with its own picture, whose
    renditions the save's task made, as a worker would have."""

    def make(url: str, n: int) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            for _ in range(n):
                LISTINGS[url](ImageFactory())

    return make


def queries(client, url: str) -> list[str]:
    """The SQL of one GET, with the cache emptied first: Wagtail also keeps
    renditions there, which would hide a query per card."""
    clear_caches()
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in context.captured_queries]


@pytest.mark.parametrize("url", list(LISTINGS))
def test_a_listing_makes_no_rendition_and_its_queries_stay_flat(
    client, home_page, pictured, url
):
    pictured(url, 1)
    client.get(url)  # the first visit creates the site's settings rows
    one = queries(client, url)
    pictured(url, 11)
    renditions = Rendition.objects.count()
    twelve = queries(client, url)
    assert len(twelve) == len(one)
    # All the cards' renditions in one query.
    assert sum("wagtailimages_rendition" in sql for sql in twelve) == 1
    assert Rendition.objects.count() == renditions


def test_the_home_page_makes_no_rendition(client, home_page, pictured):
    for url in LISTINGS:
        pictured(url, 2)
    renditions = Rendition.objects.count()
    html = client.get("/").content.decode()
    assert html.count('class="card__cover"') == 4  # two sessions, two articles
    assert Rendition.objects.count() == renditions


@pytest.mark.parametrize("url", ["/sessions/", "/learn/"])
def test_card_covers_are_responsive_decorative_and_sized(
    client, home_page, pictured, url
):
    pictured(url, 2)
    html = client.get(url).content.decode()
    covers = re.findall(r'<img class="card__cover"[^>]*>', html)
    assert len(covers) == 2
    for cover in covers:
        assert 'alt=""' in cover
        assert re.search(r'width="\d+" height="\d+"', cover)
        assert re.search(r'srcset="[^"]+ \d+w, [^"]+ \d+w"', cover)
    # The first card may be the largest thing in view; the rest wait.
    assert "loading" not in covers[0]
    assert 'loading="lazy"' in covers[1]


def test_a_card_without_a_picture_gets_the_placeholder(client, home_page):
    SessionPageFactory(title="No cover yet")
    html = client.get("/sessions/").content.decode()
    assert 'class="card__cover card__cover--placeholder" aria-hidden="true"' in html
    assert '<img class="card__cover"' not in html


def test_an_expert_card_shows_their_portrait(client, home_page, pictured):
    pictured("/experts/", 1)
    html = client.get("/experts/").content.decode()
    assert re.search(
        r'<img class="avatar avatar--medium expert-avatar" src="[^"]+fill-192x192'
        r'[^"]*" width="\d+" height="\d+" alt="" loading="lazy">',
        html,
    )
