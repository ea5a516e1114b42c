"""/search/ keeps its ranking as a shared fragment: the next page and the
next person asking skip it, and whatever must vanish at once does."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from content.tests.factories import ArticlePageFactory
from forum.services import moderation
from forum.services.posting import answer
from forum.tests.factories import ThreadFactory
from search.tests.test_search import search, titles
from sessions.tests.factories import MemberFactory, SessionPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fragments_on(settings):
    settings.FRAGMENT_CACHE_SECONDS = 60


@pytest.fixture
def commits(django_capture_on_commit_callbacks):
    """Runs what a change does after its commit, as a request's would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


# The page of results alone: one query per type shown (sessions here).
QUERIES_WHEN_KEPT = 1


def test_the_next_page_and_the_next_person_reuse_the_ranking(
    client, django_assert_num_queries, settings
):
    for n in range(25):
        SessionPageFactory(title=f"Scala {n}")
    first = titles(search(client, q="scala"))
    member = client.__class__()
    member.force_login(MemberFactory())
    member.get("/search/?q=scala")  # the member's site settings and profile
    with django_assert_num_queries(QUERIES_WHEN_KEPT):
        second = titles(search(client, q="scala", page=2))
    with CaptureQueriesContext(connection) as member_queries:
        seen_by_member = titles(search(member, q="scala"))
    assert seen_by_member == first
    assert not [q for q in member_queries if "indexentry" in q["sql"]]
    settings.FRAGMENT_CACHE_SECONDS = 0
    assert second == titles(search(client, q="scala", page=2))
    assert len(set(first + second)) == 20


def test_each_type_filter_keeps_its_own_ranking(client):
    SessionPageFactory(title="Scala session")
    ArticlePageFactory(title="Scala notes")
    assert len(titles(search(client, q="scala"))) == 2
    assert titles(search(client, q="scala", type="article")) == ["Scala notes"]
    assert titles(search(client, q="scala", type="session")) == ["Scala session"]


def unpublish(page) -> None:
    page.unpublish()


def make_private(page) -> None:
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.LOGIN
    )


def delete(page) -> None:
    page.delete()


@pytest.mark.parametrize("change", [unpublish, make_private, delete])
def test_a_page_taken_off_or_made_private_leaves_the_results_at_once(
    client, commits, change
):
    page = SessionPageFactory(title="Quantum leaving")
    SessionPageFactory(title="Quantum staying")
    assert len(titles(search(client, q="quantum"))) == 2
    with commits():
        change(page)
    assert titles(search(client, q="quantum")) == ["Quantum staying"]


def test_a_page_published_is_found_at_once(client, commits):
    draft = ArticlePageFactory(title="Quantum fresh", live=False)
    assert titles(search(client, q="quantum")) == []
    with commits():
        draft.save_revision().publish()
    assert titles(search(client, q="quantum")) == ["Quantum fresh"]


def test_a_hidden_answer_stops_finding_its_thread_at_once(client, commits):
    staff = MemberFactory(is_staff=True)
    thread = ThreadFactory(title="Cache invalidation")
    spam = answer(thread=thread, author=MemberFactory(), body="Cheap zorblax pills")
    assert titles(search(client, q="zorblax")) == ["Cache invalidation"]
    with commits():
        moderation.hide_post(post=spam, moderator=staff, reason="Spam")
    assert titles(search(client, q="zorblax")) == []
