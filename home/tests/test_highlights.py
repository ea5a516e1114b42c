"""The home page shows what is on: the next sessions, experts, new articles
and courses and forum questions, from a short-lived cache that publishing
and new threads refresh."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from content.tests.factories import SECRET, ArticlePageFactory, CoursePageFactory
from core.testing import assert_within_budget, page_queries
from core.tests.factories import restrict
from experts.tests.factories import ExpertPageFactory
from forum.tests.factories import ThreadFactory
from home.selectors import SESSIONS_SHOWN, forget_home_highlights
from sessions.models import SessionPage
from sessions.tests.factories import SessionPageFactory

pytestmark = pytest.mark.django_db

# Cold adds the highlights' reads, whatever the number of rows: the four
# counts with the index pages' addresses (one query), session cards, expert
# ids, expert cards + their skills and languages (one query), articles,
# courses, forum questions + skills. The site's restrictions are read once,
# for the page's own check and the highlights alike.
COLD_EXTRA_QUERIES = 9


def html(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_home_shows_what_is_on_across_the_site(client, home_page):
    SessionPageFactory(title="Window functions live")
    SessionPageFactory(
        title="Last month's workshop",
        starts_at=timezone.now() - timedelta(days=30),
        ends_at=timezone.now() - timedelta(days=30, hours=-2),
    )
    ExpertPageFactory(title="Ada Lovelace")
    ArticlePageFactory(title="Five SQL habits")
    CoursePageFactory(title="SQL from zero")
    ThreadFactory(title="How do I read a query plan?")
    page = html(client)
    for title in (
        "Window functions live",
        "Ada Lovelace",
        "Five SQL habits",
        "SQL from zero",
        "How do I read a query plan?",
    ):
        assert title in page
    assert "Last month&#x27;s workshop" not in page
    assert "Coming up live" in page
    # The hero counts what exists.
    assert "upcoming live session<" in page  # one, singular


def test_home_sections_hide_when_there_is_nothing_to_show(client, home_page):
    page = html(client)
    for heading in ("Coming up live", "Learn from the experts", "Asked in the forum"):
        assert heading not in page


def test_premium_articles_show_their_public_summary_only(client, home_page):
    ArticlePageFactory(title="Members-only pipelines", access="membership")
    page = html(client)
    assert "Members-only pipelines" in page
    assert "How to move data without losing it." in page
    assert SECRET not in page


def test_private_sessions_stay_off_the_home_page(client, home_page):
    hidden = SessionPageFactory(title="Invite-only retro")
    restrict(hidden, PageViewRestriction.LOGIN)
    assert "Invite-only retro" not in html(client)


def test_hidden_forum_threads_stay_off_the_home_page(client, home_page):
    ThreadFactory(title="Spam about watches", is_hidden=True)
    assert "Spam about watches" not in html(client)


def test_home_lists_the_next_sessions_soonest_first(client, home_page):
    for days in (9, 3, 6, 12, 15, 18, 21):
        SessionPageFactory(
            title=f"In {days} days",
            starts_at=timezone.now() + timedelta(days=days),
            ends_at=timezone.now() + timedelta(days=days, hours=1),
        )
    page = html(client)
    shown = [f"In {d} days" for d in (3, 6, 9, 12, 15, 18)]
    assert len(shown) == SESSIONS_SHOWN
    positions = [page.index(title) for title in shown]
    assert positions == sorted(positions)
    assert "In 21 days" not in page


def test_a_newly_published_session_shows_at_once(
    client, home_page, django_capture_on_commit_callbacks
):
    html(client)  # cached without it
    with django_capture_on_commit_callbacks(execute=True):
        session = SessionPageFactory(title="Fresh workshop")
        session.save_revision().publish()
    assert "Fresh workshop" in html(client)


def test_an_unpublished_session_leaves_at_once(
    client, home_page, django_capture_on_commit_callbacks
):
    session = SessionPageFactory(title="Soon gone")
    assert "Soon gone" in html(client)
    with django_capture_on_commit_callbacks(execute=True):
        session.unpublish()
    assert "Soon gone" not in html(client)


def test_a_new_forum_question_shows_at_once(
    client, home_page, django_capture_on_commit_callbacks
):
    html(client)
    with django_capture_on_commit_callbacks(execute=True):
        ThreadFactory(title="Is dbt worth it for a small team?")
    assert "Is dbt worth it for a small team?" in html(client)


def test_other_changes_wait_for_the_cache_to_expire(client, home_page):
    session = SessionPageFactory(title="Old title")
    html(client)
    # A change that sends no publish signal (the seat count, say) stays
    # cached until the entry expires or something is published.
    SessionPage.objects.filter(pk=session.pk).update(title="New title")
    assert "Old title" in html(client)
    forget_home_highlights()
    assert "New title" in html(client)


def _fill(count: int) -> None:
    SessionPageFactory.create_batch(count, skills=["SQL"])
    # Past what each section shows (3 to 6), to keep the test quick.
    for _ in range(min(count, 7)):
        ArticlePageFactory()
        ThreadFactory(skills=["SQL"])
        ExpertPageFactory(skills=["SQL"], languages=["en"])


def test_home_costs_the_same_for_one_of_each_or_many(page_viewer, home_page):
    _fill(1)
    few = assert_within_budget(page_viewer, "/")
    _fill(15)
    forget_home_highlights()
    assert page_queries(page_viewer, "/") == few


def cold_queries(client) -> int:
    """The queries of a GET of / that reads the highlights again, the site's
    own caches (settings, menu, site paths) filled by a GET before."""
    html(client)
    forget_home_highlights()
    with CaptureQueriesContext(connection) as queries:
        html(client)
    return len(queries)


def test_refilling_the_highlights_stays_within_the_budget(page_viewer, home_page):
    # The visitor whose request finds the highlights expired pays for them.
    _fill(1)
    few = assert_within_budget(page_viewer, "/", cold_queries(page_viewer))
    _fill(15)
    assert cold_queries(page_viewer) == few


@pytest.mark.parametrize("count", [1, 20])
def test_home_query_count_is_flat_cold(
    client, home_page, django_assert_num_queries, count
):
    _fill(count)
    warm = page_queries(client, "/")
    forget_home_highlights()
    with django_assert_num_queries(warm + COLD_EXTRA_QUERIES):
        html(client)
