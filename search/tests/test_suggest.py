"""/search/suggest/: titles as you type; what never shows (drafts, private
pages, other page types, premium text); bad input; headers; query count."""

import pytest
from django.urls import reverse
from wagtail.models import Page, PageViewRestriction

from content.tests.factories import SECRET, TEASER, ArticlePageFactory
from experts.tests.factories import ExpertPageFactory
from search.suggest import MAX_SUGGESTIONS
from search.tests.bad_queries import BAD_QUERIES
from sessions.tests.factories import SessionPageFactory, get_session_index

pytestmark = pytest.mark.django_db

URL = "/search/suggest/"


def suggest(client, q: str) -> list[dict]:
    response = client.get(URL, {"q": q})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()["suggestions"]


def titles(client, q: str) -> list[str]:
    return [s["title"] for s in suggest(client, q)]


# --- Finding ----------------------------------------------------------------


def test_a_prefix_of_a_title_word_finds_the_page(client):
    session = SessionPageFactory(title="Kubernetes for beginners")
    SessionPageFactory(title="Watercolour basics")
    assert suggest(client, "kub") == [
        {
            "title": "Kubernetes for beginners",
            "url": session.url,
            "kind": "session",
            "kind_label": "Session",
        }
    ]


def test_the_last_word_is_a_prefix_and_earlier_words_must_match(client):
    SessionPageFactory(title="Data engineering bootcamp")
    SessionPageFactory(title="Engineering leadership")
    assert titles(client, "data en") == ["Data engineering bootcamp"]


def test_each_page_type_has_its_label(client):
    SessionPageFactory(title="Haskell workshop")
    ExpertPageFactory(title="Haskell Curry")
    ArticlePageFactory(title="Haskell in production")
    labels = {s["kind"]: s["kind_label"] for s in suggest(client, "hask")}
    assert labels == {"session": "Session", "expert": "Expert", "article": "Article"}


def test_the_query_is_matched_without_regard_to_case(client):
    SessionPageFactory(title="SQL window functions")
    assert titles(client, "SqL") == ["SQL window functions"]


# --- Ranking ----------------------------------------------------------------


def test_titles_starting_with_the_text_come_first_then_shorter_titles(client):
    # Made in this order so that newest-first alone would be wrong.
    SessionPageFactory(title="Terraform modules")
    SessionPageFactory(title="Terraform modules in depth")
    SessionPageFactory(title="Managing state with Terraform")
    assert titles(client, "terraform mod") == [
        "Terraform modules",
        "Terraform modules in depth",
    ]
    assert titles(client, "terra") == [
        "Terraform modules",
        "Terraform modules in depth",
        "Managing state with Terraform",
    ]


def test_equal_titles_list_the_newest_first(client):
    older = SessionPageFactory(title="Rust basics", slug="rust-basics-old")
    newer = SessionPageFactory(title="Rust basics", slug="rust-basics-new")
    assert [s["url"] for s in suggest(client, "rust")] == [newer.url, older.url]


def test_at_most_six_suggestions(client):
    for n in range(MAX_SUGGESTIONS + 3):
        SessionPageFactory(title=f"Golang {n}")
    assert len(suggest(client, "gol")) == MAX_SUGGESTIONS


# --- What never shows -------------------------------------------------------


def test_drafts_private_pages_and_other_page_types_are_not_suggested(client):
    draft = SessionPageFactory(title="Quantum draft")
    draft.unpublish()
    private = SessionPageFactory(title="Quantum private")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.LOGIN
    )
    # An index page is live and public but not one of the searched types.
    index = get_session_index()
    index.title = "Quantum sessions"
    index.save()
    SessionPageFactory(title="Quantum public")
    # The index page is in the autocomplete index: the type filter leaves it out.
    found = Page.objects.live().autocomplete("quan", order_by_relevance=False)
    assert index.pk in [p.pk for p in found]
    assert titles(client, "quan") == ["Quantum public"]


def test_premium_titles_are_suggested_but_no_text_of_the_page(client):
    ArticlePageFactory(
        title="Pricing strategy", summary="Zeppelin pricing", access="membership"
    )
    response = client.get(URL, {"q": "pricing"})
    assert [s["title"] for s in response.json()["suggestions"]] == ["Pricing strategy"]
    for text in (SECRET, TEASER, "Zeppelin"):
        assert text not in response.text


# --- Bad and short input ----------------------------------------------------


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_bad_queries_return_a_list(client, query):
    SessionPageFactory(title="SQL and Python")
    assert isinstance(suggest(client, query), list)


def test_quotes_and_operators_are_dropped_not_refused(client):
    SessionPageFactory(title="SQL and Python")
    assert titles(client, '"sql AND (pyt') == ["SQL and Python"]


@pytest.mark.parametrize("query", ["", "k", " k ", "!!", "k%"])
def test_fewer_than_two_characters_suggest_nothing(client, query):
    SessionPageFactory(title="Kubernetes for beginners")
    assert suggest(client, query) == []


def test_a_missing_query_suggests_nothing(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert response.json() == {"suggestions": []}


# --- HTTP -------------------------------------------------------------------


def test_only_get_is_allowed(client):
    assert client.post(URL, {"q": "kub"}).status_code == 405


def test_answers_may_be_cached_by_anyone_and_are_not_indexed(client):
    response = client.get(URL, {"q": "kub"})
    assert response["Cache-Control"] == "public, max-age=60"
    assert response["X-Robots-Tag"] == "noindex"


def test_the_url_has_a_name():
    assert reverse("search_suggest") == URL


# --- Query count ------------------------------------------------------------


@pytest.mark.parametrize("count", [1, MAX_SUGGESTIONS])
def test_query_count_does_not_grow_with_the_number_of_suggestions(
    client, django_assert_num_queries, count
):
    for n in range(count):
        SessionPageFactory(title=f"Scala {n}")
    ExpertPageFactory(title="Scala expert")
    client.get(URL, {"q": "sca"})  # warm Wagtail's site root path cache
    with django_assert_num_queries(QUERIES_PER_REQUEST):
        suggestions = suggest(client, "sca")
    assert len(suggestions) == min(count + 1, MAX_SUGGESTIONS)


# The private pages (1), the autocomplete search with its page filters (1),
# the same for forum threads (1); the request's Site, content types and
# site root paths come from caches.
QUERIES_PER_REQUEST = 3
