"""/experts/: filters from the URL, sorting, bad input, pagination, cards and
the query count."""

import re
from decimal import Decimal

import pytest
import wagtail_factories
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.testing import ANONYMOUS_QUERY_BUDGET, MEMBER_QUERY_BUDGET
from experts.directory import PRICE_MAX_BELOW_MIN
from experts.tests.factories import (
    ExpertPageFactory,
    GroupExpertFactory,
    get_expert_index,
)
from sessions.tests.factories import MemberFactory, ReviewFactory, SessionPageFactory

pytestmark = pytest.mark.django_db


def expert(name: str, **kwargs):
    """A live expert page titled `name`, for a user of that name."""
    user = GroupExpertFactory(name=name)
    return ExpertPageFactory(expert=user, title=name, **kwargs)


def rate(page, *ratings: int) -> None:
    """Reviews of sessions `page`'s expert hosted, one session per review."""
    for value in ratings:
        ReviewFactory(session=SessionPageFactory(host=page.expert), rating=value)


def shown(response) -> list:
    # The template loads the cards on first use (experts.directory).
    return response.context["experts"]()


def names(response) -> list[str]:
    return [page.title for page in shown(response)]


def get(client, query: str = ""):
    response = client.get(f"/experts/{query}")
    assert response.status_code == 200
    return response


# --- What is listed -------------------------------------------------------


def test_index_lives_at_experts(client):
    index = get_expert_index()
    assert index.live and index.url == "/experts/"
    assert '<h1 class="page-header__title">Experts</h1>' in get(client).text


def test_lists_live_expert_pages_only(client):
    expert("Grace Hopper")
    draft = expert("Hidden Draft")
    draft.unpublish()
    assert names(get(client)) == ["Grace Hopper"]


def test_card_shows_what_a_visitor_compares(client):
    page = expert(
        "Grace Hopper",
        headline="Compiler pioneer",
        skills=["COBOL"],
        languages=["en", "fr"],
        hourly_rate=Decimal("90.00"),
        currency="EUR",
    )
    rate(page, 5, 4)
    html = get(client).text
    card = re.search(r'<article class="card expert-card">(.*?)</article>', html, re.S)
    card = card.group(1)
    assert f'<a class="card__link" href="{page.url}">Grace Hopper</a>' in card
    assert "Compiler pioneer" in card
    assert re.search(r'<span class="avatar avatar--medium[^"]*"[^>]*>GH</span>', card)
    assert '<a class="tag" href="?skill=cobol">COBOL</a>' in card
    assert "Rated 4.5 out of 5" in card and "(2 reviews)" in card
    assert "English, French" in card
    assert "90.00 EUR a session" in card
    assert "Accepting mentees" in card


def test_empty_directory_says_so(client):
    assert "No experts have published their page yet" in get(client).text


def test_no_match_suggests_fewer_filters(client):
    expert("Grace Hopper")
    html = get(client, "?q=nobody-like-this").text
    assert "No experts match these filters" in html
    assert "0 experts found" in html


# --- Filters --------------------------------------------------------------


def test_text_query_matches_name_headline_and_skill(client):
    expert("Grace Hopper", headline="Compilers")
    expert("Alan Turing", headline="Machines that think", skills=["Cryptography"])
    expert("Ada Lovelace", headline="First programmer")
    assert names(get(client, "?q=hopper")) == ["Grace Hopper"]
    assert names(get(client, "?q=THINK")) == ["Alan Turing"]
    assert names(get(client, "?q=cryptography")) == ["Alan Turing"]
    assert names(get(client, "?q=first+programmer")) == ["Ada Lovelace"]


def test_skill_filter_uses_the_tag_slug(client):
    expert("Grace Hopper", skills=["Machine Learning"])
    expert("Alan Turing", skills=["SQL"])
    assert names(get(client, "?skill=machine-learning")) == ["Grace Hopper"]


def test_min_rating_keeps_experts_rated_at_least_that(client):
    rate(expert("Top Rated"), 5, 4)
    rate(expert("Middling"), 3)
    expert("Unrated")
    assert names(get(client, "?min_rating=4")) == ["Top Rated"]


def test_language_filter(client):
    expert("Grace Hopper", languages=["en", "de"])
    expert("Alan Turing", languages=["en"])
    assert names(get(client, "?language=de")) == ["Grace Hopper"]


def test_price_range_on_the_hourly_rate_without_rate_as_free(client):
    expert("Cheap", hourly_rate=Decimal("20.00"))
    expert("Mid", hourly_rate=Decimal("60.00"))
    expert("Dear", hourly_rate=Decimal("150.00"))
    expert("No fee", hourly_rate=None)
    assert names(get(client, "?price_min=30&price_max=100")) == ["Mid"]
    assert names(get(client, "?price_max=20&sort=name")) == ["Cheap", "No fee"]
    assert names(get(client, "?price_min=100")) == ["Dear"]


# --- Sorting --------------------------------------------------------------


def test_default_sort_is_highest_rating_then_unrated_then_name(client):
    rate(expert("Bea Good"), 4)
    rate(expert("Ann Best"), 5)
    rate(expert("Cal Good"), 4)
    expert("Abe Unrated")
    assert names(get(client)) == ["Ann Best", "Bea Good", "Cal Good", "Abe Unrated"]


def test_sort_by_name(client):
    rate(expert("Zoe"), 5)
    expert("Adam")
    expert("Maya")
    assert names(get(client, "?sort=name")) == ["Adam", "Maya", "Zoe"]


# --- Bad input ------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?skill=no-such-skill", "skill"),
        ("?min_rating=9", "min_rating"),
        ("?language=xx", "language"),
        ("?price_min=cheap", "price_min"),
        ("?price_max=-5", "price_max"),
        ("?sort=random", "sort"),
        (f"?q={'x' * 201}", "q"),
    ],
)
def test_bad_values_are_form_errors_not_failures(client, query, field):
    expert("Grace Hopper")
    response = get(client, query)
    assert field in response.context["filter_form"].errors
    assert "Some filters could not be used" in response.text
    # The rest of the filters still apply: the listing is still there.
    assert names(response) == ["Grace Hopper"]


def test_price_max_below_min_is_a_form_error(client):
    expert("Grace Hopper", hourly_rate=Decimal("50.00"))
    response = get(client, "?price_min=80&price_max=20")
    assert response.context["filter_form"].errors["price_max"] == [
        str(PRICE_MAX_BELOW_MIN)
    ]
    assert "must be at least" in response.text


def test_junk_accepting_value_counts_as_ticked(client):
    expert("Open")
    expert("Closed", accepts_mentees=False)
    assert names(get(client, "?accepting=%ff%fe")) == ["Open"]


# --- Pagination -----------------------------------------------------------


@pytest.fixture
def thirteen(db):
    for n in range(13):
        expert(f"Expert {n:02d}")


def test_twelve_per_page_with_rel_links_keeping_the_filters(client, thirteen):
    first = get(client, "?sort=name")
    assert len(shown(first)) == 12
    assert 'rel="next" href="?sort=name&amp;page=2"' in first.text
    second = get(client, "?sort=name&page=2")
    assert names(second) == ["Expert 12"]
    assert 'rel="prev" href="?sort=name&amp;page=1"' in second.text
    assert "13 experts found, page 2 of 2" in second.text


def test_page_past_the_end_gives_the_last_page(client, thirteen):
    assert names(get(client, "?sort=name&page=99")) == ["Expert 12"]


def test_junk_page_gives_the_first_page(client, thirteen):
    response = get(client, "?sort=name&page=abc")
    assert names(response)[0] == "Expert 00"


# --- Query budget -----------------------------------------------------------

URL = "/experts/?accepting=on&min_rating=1"


def count_queries(client, url: str) -> int:
    client.get(url)  # warm Wagtail's site, settings and rendition caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def add_experts(count: int, offset: int = 0) -> None:
    photo = wagtail_factories.ImageFactory()
    for n in range(offset, offset + count):
        page = expert(f"Expert {n:02d}", skills=["SQL", f"Skill {n}"], languages=["en"])
        page.photo = photo
        page.save_revision().publish()
        rate(page, 4)


@pytest.mark.parametrize("signed_in", [False, True])
def test_query_count_is_the_same_for_two_or_fifteen_experts(client, signed_in):
    if signed_in:
        client.force_login(MemberFactory())
    add_experts(2)
    two = count_queries(client, URL)
    add_experts(13, offset=2)
    assert count_queries(client, URL) == two
    assert len(shown(client.get(URL))) == 12


def test_anonymous_view_is_within_the_budget(client):
    add_experts(3)
    queries = count_queries(client, URL)
    assert queries <= ANONYMOUS_QUERY_BUDGET, queries


# A member's session, user and header reads (5) beside routing (5) and the
# directory's 6: view restrictions, count, cards, their skills and languages,
# photo renditions, the skill choices.
def test_member_view_is_within_the_budget(client):
    add_experts(3)
    client.force_login(MemberFactory())
    queries = count_queries(client, URL)
    assert queries <= MEMBER_QUERY_BUDGET, queries
