"""/search/: one search over sessions, experts and content; what never
matches (premium bodies, drafts, private pages); bad input; query count."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from wagtail.models import PageViewRestriction

from content.tests.factories import SECRET, ArticlePageFactory, CoursePageFactory
from experts.tests.factories import ExpertPageFactory
from search.selectors import PER_PAGE
from search.tests.bad_queries import BAD_QUERIES
from sessions.tests.factories import SessionPageFactory

pytestmark = pytest.mark.django_db


def search(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response


def titles(response) -> list[str]:
    outcome = response.context["outcome"]
    if outcome is None:
        return []
    # Titles carry <mark>s; compare the plain text.
    return [
        str(hit.title).replace("<mark>", "").replace("</mark>", "")
        for hit in outcome.hits
    ]


def kinds(response) -> list[str]:
    return [hit.kind for hit in response.context["outcome"].hits]


# --- Finding each type ------------------------------------------------------


def test_finds_a_session_by_a_title_word(client):
    SessionPageFactory(title="Kubernetes for beginners")
    SessionPageFactory(title="Watercolour basics")
    response = search(client, q="kubernetes")
    assert titles(response) == ["Kubernetes for beginners"]
    assert kinds(response) == ["session"]
    assert "Session" in response.text
    assert '<a href="/sessions/kubernetes-for-beginners/">' in response.text


def test_finds_an_expert_by_name_and_by_headline(client):
    ExpertPageFactory(title="Grace Hopper", headline="Compiler pioneer")
    assert titles(search(client, q="hopper")) == ["Grace Hopper"]
    response = search(client, q="compiler")
    assert titles(response) == ["Grace Hopper"]
    assert kinds(response) == ["expert"]
    assert "<mark>Compiler</mark> pioneer" in response.text


def test_finds_articles_and_courses_by_title(client):
    ArticlePageFactory(title="Observability in practice")
    CoursePageFactory(title="Observability course")
    response = search(client, q="observability")
    assert sorted(kinds(response)) == ["article", "course"]


def test_type_filter_keeps_one_type_and_marks_the_current_link(client):
    SessionPageFactory(title="Terraform workshop")
    ArticlePageFactory(title="Terraform state explained")
    response = search(client, q="terraform", type="article")
    assert titles(response) == ["Terraform state explained"]
    assert 'href="?q=terraform&amp;type=article" aria-current="page"' in response.text
    assert sorted(kinds(search(client, q="terraform"))) == ["article", "session"]


def test_unknown_type_searches_everything_and_says_so(client):
    SessionPageFactory(title="Terraform workshop")
    response = search(client, q="terraform", type="spaceship")
    assert titles(response) == ["Terraform workshop"]
    assert "That result type is unknown" in response.text


# --- What never matches -----------------------------------------------------


def test_premium_body_is_not_searchable_but_its_summary_is(client):
    ArticlePageFactory(
        title="Pricing strategy", summary="Zeppelin pricing", access="membership"
    )
    secret_word = SECRET.split()[1]  # "insight"
    assert titles(search(client, q=secret_word)) == []
    response = search(client, q="zeppelin")
    assert titles(response) == ["Pricing strategy"]
    assert SECRET not in response.text


def test_free_body_is_searchable_but_never_shown_as_the_excerpt(client):
    ArticlePageFactory(title="Free article", summary="A short summary.")
    response = search(client, q="insight")
    assert titles(response) == ["Free article"]
    assert SECRET not in response.text
    assert "A short summary." in response.text


def test_drafts_and_private_pages_are_not_found(client):
    draft = SessionPageFactory(title="Quantum draft")
    draft.unpublish()
    private = SessionPageFactory(title="Quantum private")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.LOGIN
    )
    SessionPageFactory(title="Quantum public")
    assert titles(search(client, q="quantum")) == ["Quantum public"]


# --- Ranking and highlighting -----------------------------------------------


def test_upcoming_sessions_come_before_past_ones_when_relevance_ties(client):
    now = timezone.now()
    # Made first: the backend alone would list the newer (past) one first.
    upcoming = SessionPageFactory(title="Rust session")
    past = SessionPageFactory(
        title="Rust session",
        slug="rust-session-past",
        starts_at=now - timedelta(days=3),
        ends_at=now - timedelta(days=3) + timedelta(hours=1),
    )
    response = search(client, q="rust")
    hits = response.context["outcome"].hits
    assert [hit.url for hit in hits] == [upcoming.url, past.url]
    assert [hit.is_past for hit in hits] == [False, True]


def test_highlight_escapes_html_in_titles(client):
    SessionPageFactory(title="<script>alert(1)</script> Haskell", slug="xss")
    response = search(client, q="haskell script")
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt;" in (
        response.text
    )
    assert "<mark>Haskell</mark>" in response.text


def test_the_query_is_escaped_wherever_it_is_shown(client):
    response = search(client, q='<img src=x onerror="alert(1)">')
    assert "<img src=x" not in response.text
    assert "&lt;img src=x" in response.text


# --- Bad input --------------------------------------------------------------


def test_empty_query_shows_browse_links(client):
    SessionPageFactory(title="Anything")
    response = search(client, q="   ")
    assert response.context["outcome"] is None
    for path in ("/sessions/", "/experts/", "/learn/"):
        assert f'href="{path}"' in response.text
    assert '<meta name="robots" content="noindex">' in response.text


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_bad_queries_return_a_page(client, query):
    SessionPageFactory(title="SQL and Python")
    search(client, q=query)


def test_operator_words_still_find_pages(client):
    SessionPageFactory(title="SQL and Python")
    assert titles(search(client, q='"sql AND (python')) == ["SQL and Python"]


def test_long_queries_are_shortened_and_the_page_says_so(client):
    SessionPageFactory(title="Elixir session")
    response = search(client, q="elixir " + "x" * 300)
    assert len(response.context["query"]) == 200
    assert titles(response) == ["Elixir session"]
    assert "only the first 200 were used" in response.text


def test_nul_characters_are_refused_before_the_search(client):
    # core.request_guard answers it: PostgreSQL takes no NUL in a query.
    SessionPageFactory(title="Elixir session")
    assert client.get("/search/", {"q": "eli\x00 elixir"}).status_code == 400


# --- Pagination -------------------------------------------------------------


def test_pages_of_ten_out_of_range_gives_the_last_and_junk_the_first(client):
    for n in range(PER_PAGE + 3):
        SessionPageFactory(title=f"Golang {n}")
    first = search(client, q="golang")
    assert len(titles(first)) == PER_PAGE
    assert 'rel="next" href="?q=golang&amp;page=2"' in first.text
    last = search(client, q="golang", page="99")
    assert last.context["outcome"].page.number == 2
    assert len(titles(last)) == 3
    assert 'rel="prev"' in last.text
    assert search(client, q="golang", page="junk").context["outcome"].page.number == 1
    assert search(client, q="golang", page="-1").context["outcome"].page.number == 2


# --- Query count ------------------------------------------------------------


@pytest.mark.parametrize("count", [2, 25])
def test_query_count_does_not_grow_with_the_number_of_results(
    client, django_assert_num_queries, count
):
    for n in range(count):
        SessionPageFactory(title=f"Scala {n}", skills=["Scala"])
    ExpertPageFactory(title="Kotlin expert")
    client.get("/search/?q=scala")  # warm Wagtail's site and settings caches
    with django_assert_num_queries(QUERIES_PER_PAGE):
        response = client.get("/search/?q=scala")
    assert len(titles(response)) == min(count, PER_PAGE)


@pytest.mark.parametrize("count", [2, 25])
def test_the_any_word_fallback_costs_no_query_more_however_many_match(
    client, django_assert_num_queries, count
):
    for n in range(count):
        SessionPageFactory(title=f"Scala {n}")
    client.get("/search/?q=scala+zzyzx")  # warm caches and the vocabulary
    # The ranked search falls back to any word in the same query.
    with django_assert_num_queries(QUERIES_PER_PAGE):
        response = client.get("/search/?q=scala+zzyzx")
    assert response.context["outcome"].any_word
    assert len(titles(response)) == min(count, PER_PAGE)


# Private pages (1), skills named in the query (1), the best matching pages
# and threads, searched and ranked together (1), one per type shown (1 here,
# at most 5); the request's site and base.html's settings come from the
# cache.
QUERIES_PER_PAGE = 4


def test_all_words_first_then_any_word_when_none_has_all(client):
    SessionPageFactory(title="Elixir and Phoenix")
    SessionPageFactory(title="Elixir basics")
    assert titles(search(client, q="elixir phoenix")) == ["Elixir and Phoenix"]
    response = search(client, q="elixir zzyzx")
    assert sorted(titles(response)) == ["Elixir and Phoenix", "Elixir basics"]
    assert "No result has all of these words" in response.text


def test_any_word_results_are_ranked_like_all_word_ones(client):
    SessionPageFactory(title="Elixir and Phoenix")
    SessionPageFactory(title="Elixir basics")
    SessionPageFactory(title="Cloud basics", summary="Some elixir, some phoenix.")
    # Newest first would put "Cloud basics" first: title words come first.
    assert titles(search(client, q="elixir phoenix zzyzx")) == [
        "Elixir and Phoenix",
        "Elixir basics",
        "Cloud basics",
    ]


def test_ranking_titles_first_then_upcoming_before_past(client):
    now = timezone.now()
    SessionPageFactory(title="Intro to dbt", summary="Warehouse SQL, tested.")
    SessionPageFactory(
        title="SQL from the archive",
        starts_at=now - timedelta(days=30),
        ends_at=now - timedelta(days=30) + timedelta(hours=2),
    )
    SessionPageFactory(title="SQL window functions")
    html = client.get("/search/?q=sql").content.decode()
    positions = [
        html.index(title)
        for title in (
            "<mark>SQL</mark> window functions",
            "<mark>SQL</mark> from the archive",
            "Intro to dbt",
        )
    ]
    assert positions == sorted(positions)


def test_title_matches_then_skill_matches_then_text_matches(client):
    SessionPageFactory(title="Cloud basics", summary="We touch on kubernetes.")
    SessionPageFactory(title="Container orchestration day", skills=["Kubernetes"])
    ArticlePageFactory(title="Kubernetes at scale")
    ExpertPageFactory(title="Ada Byte", headline="Platform lead", skills=["Kubernetes"])
    assert titles(search(client, q="kubernetes")) == [
        "Kubernetes at scale",
        "Ada Byte",
        "Container orchestration day",
        "Cloud basics",
    ]


def test_more_title_words_first_and_a_word_counts_where_a_title_word_starts(
    client,
):
    SessionPageFactory(title="Data pipelines at scale")
    SessionPageFactory(title="Pipelines in practice", summary="All about data.")
    SessionPageFactory(title="Cloud basics", summary="Pipelines and data.")
    # Newest: if "data" inside "Metadata" counted, it would come first.
    SessionPageFactory(title="Metadata pipelines", summary="Data about data.")
    assert titles(search(client, q="data pipeline")) == [
        "Data pipelines at scale",
        "Metadata pipelines",
        "Pipelines in practice",
        "Cloud basics",
    ]


def test_a_multi_word_skill_counts_when_all_its_words_are_asked_for(client):
    SessionPageFactory(title="Tokens and components", skills=["Design systems"])
    SessionPageFactory(
        title="Systems thinking", summary="Design reviews for systems people."
    )
    assert titles(search(client, q="design systems")) == [
        "Tokens and components",
        "Systems thinking",
    ]


# --- When nothing matches -------------------------------------------------


def test_did_you_mean_corrects_a_mistyped_word_that_would_find_pages(client):
    SessionPageFactory(title="Kubernetes for beginners")
    # Swapped letters, which PostgreSQL's stemming does not forgive (it
    # finds "kubernets" by itself: both stem to "kubernet").
    response = search(client, q="kubrenetes")
    assert titles(response) == []
    assert response.context["outcome"].suggestion == "kubernetes"
    assert 'Did you mean <a href="?q=kubernetes">kubernetes</a>?' in response.text


def test_did_you_mean_keeps_the_type_and_the_words_that_were_right(client):
    SessionPageFactory(title="Python testing workshop")
    response = search(client, q="pyhton testing", type="session")
    assert response.context["outcome"].suggestion == "python testing"
    assert 'href="?q=python+testing&amp;type=session"' in response.text


def test_no_suggestion_when_the_correction_finds_nothing_either(client):
    SessionPageFactory(title="Kubernetes for beginners")
    # "terraform" is no title's word, and the close "kubrenetes" would need
    # a page with both words.
    response = search(client, q="kubrenetes terraform", type="expert")
    assert response.context["outcome"].suggestion == ""
    assert "Did you mean" not in response.text


def test_nothing_found_offers_the_most_used_skills(client):
    SessionPageFactory(title="One", skills=["SQL", "Python"])
    SessionPageFactory(title="Two", skills=["SQL"])
    ArticlePageFactory(title="Three", skills=["SQL", "Figma"])
    response = search(client, q="zzyzx")
    assert [skill.name for skill in response.context["popular_skills"]][:1] == ["SQL"]
    assert '<a class="tag" href="/search/?q=SQL">SQL</a>' in response.text


def test_a_stop_word_does_not_keep_a_title_out_of_the_first_tier(client):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's full text search drops stop words")
    # The match ignores "for"; so does the title tier, or "Design leaders"
    # would fall below a page that is only tagged with a named skill.
    SessionPageFactory(title="Design leaders")
    SessionPageFactory(
        title="Workshop day", summary="Design for leaders.", skills=["Design"]
    )
    assert titles(search(client, q="design for leaders")) == [
        "Design leaders",
        "Workshop day",
    ]
