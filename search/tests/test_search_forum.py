"""/search/ finds forum threads among the pages: by title, question and
answers, never hidden or deleted ones; the Forum filter; one ranking across
pages and threads; user text escaped; query count."""

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import Page

from experts.tests.factories import ExpertPageFactory
from forum.models import Thread
from forum.services import moderation
from forum.services.posting import answer, delete_post
from forum.services.voting import accept_answer
from forum.tests.factories import ThreadFactory
from search.selectors import PER_PAGE
from search.tests.test_search import search, titles
from search.tests.test_suggest import suggest
from sessions.tests.factories import MemberFactory, SessionPageFactory

pytestmark = pytest.mark.django_db


def hits(response):
    return response.context["outcome"].hits


def published(page, days_ago: int) -> None:
    """Give a factory page the first-publication date publishing sets."""
    when = timezone.now() - timedelta(days=days_ago)
    Page.objects.filter(pk=page.pk).update(first_published_at=when)


def asked(days_ago: int):
    return timezone.now() - timedelta(days=days_ago)


@pytest.fixture
def staff():
    return MemberFactory(is_staff=True)


# --- Finding threads --------------------------------------------------------


def test_a_thread_is_found_by_a_title_word_with_its_question_as_excerpt(client):
    thread = ThreadFactory(
        title="Kubernetes pods keep restarting",
        body="My **pods** restart every hour. What should I check?",
    )
    ThreadFactory(title="Watercolour brushes")
    response = search(client, q="kubernetes")
    assert titles(response) == ["Kubernetes pods keep restarting"]
    [hit] = hits(response)
    assert (hit.kind, hit.kind_label, hit.url) == (
        "thread",
        "Forum question",
        thread.get_absolute_url(),
    )
    # The question's plain text, without its Markdown.
    assert hit.excerpt == "My pods restart every hour. What should I check?"
    assert "Forum question" in response.text
    assert f'<a href="{thread.get_absolute_url()}">' in response.text
    assert "0 answers" in response.text


def test_a_thread_is_found_by_a_word_only_in_an_answer(client):
    thread = ThreadFactory(title="Slow dashboard", body="It takes ages.")
    accepted = answer(thread=thread, author=MemberFactory(), body="Use rollups.")
    answer(thread=thread, author=MemberFactory(), body="Or try materialized views.")
    accept_answer(answer=accepted, user=thread.author)
    for word in ("rollups", "materialized"):
        response = search(client, q=word)
        assert titles(response) == ["Slow dashboard"]
    assert "Solved" in response.text
    assert "2 answers" in response.text


def test_a_long_question_is_cut_in_the_excerpt(client):
    ThreadFactory(title="Long question on pandas", body="pandas " * 100)
    [hit] = hits(search(client, q="pandas"))
    assert len(str(hit.excerpt).replace("<mark>", "").replace("</mark>", "")) < 220
    assert str(hit.excerpt).endswith("…")


def test_a_discussion_says_so_and_counts_replies(client):
    thread = ThreadFactory(title="Favourite terraform tricks", kind="discussion")
    answer(thread=thread, author=MemberFactory(), body="Modules everywhere.")
    response = search(client, q="terraform")
    assert [hit.kind_label for hit in hits(response)] == ["Discussion"]
    assert "1 reply" in response.text
    assert "Solved" not in response.text


# --- What never matches -----------------------------------------------------


def test_hidden_and_deleted_threads_are_not_found(client, staff):
    hidden = ThreadFactory(title="Zookeeper hidden")
    moderation.hide_thread(thread=hidden, moderator=staff, reason="Spam")
    deleted = ThreadFactory(title="Zookeeper deleted")
    delete_post(post=deleted.posts.get(), user=deleted.author)
    ThreadFactory(title="Zookeeper visible")
    assert titles(search(client, q="zookeeper")) == ["Zookeeper visible"]
    assert titles(search(client, q="zookeeper", type="thread")) == ["Zookeeper visible"]


def test_a_hidden_or_deleted_answer_does_not_find_its_thread(client, staff):
    thread = ThreadFactory(title="Cache invalidation")
    spam = answer(thread=thread, author=MemberFactory(), body="Cheap zorblax pills")
    author = MemberFactory()
    regret = answer(thread=thread, author=author, body="Use a quokka queue")
    assert titles(search(client, q="zorblax")) == ["Cache invalidation"]

    moderation.hide_post(post=spam, moderator=staff, reason="Spam")
    delete_post(post=regret, user=author)
    assert titles(search(client, q="zorblax")) == []
    assert titles(search(client, q="quokka")) == []
    # The answer count follows too.
    assert "0 answers" in search(client, q="cache").text


def test_a_hidden_question_text_is_neither_found_nor_shown(client, staff):
    thread = ThreadFactory(title="Question on locks", body="Secret platypus text")
    moderation.hide_post(post=thread.posts.get(), moderator=staff, reason="Rude")
    assert titles(search(client, q="platypus")) == []
    response = search(client, q="locks")
    assert titles(response) == ["Question on locks"]
    assert "platypus" not in response.text


# --- The Forum filter -------------------------------------------------------


def test_the_forum_filter_keeps_threads_only_and_other_filters_leave_them_out(
    client,
):
    SessionPageFactory(title="Terraform workshop")
    ThreadFactory(title="Terraform state locking")
    response = search(client, q="terraform", type="thread")
    assert titles(response) == ["Terraform state locking"]
    assert 'href="?q=terraform&amp;type=thread" aria-current="page">Forum</a>' in (
        response.text
    )
    assert titles(search(client, q="terraform", type="session")) == [
        "Terraform workshop"
    ]
    everything = search(client, q="terraform")
    assert sorted(hit.kind for hit in hits(everything)) == ["session", "thread"]


# --- One ranking across pages and threads -----------------------------------


def test_titles_then_skills_then_text_then_newest_across_pages_and_threads(client):
    old_thread = ThreadFactory(
        title="Kubernetes pods keep restarting", created_at=asked(10)
    )
    article = ExpertPageFactory(title="Kubernetes Kate", headline="Platform lead")
    published(article, days_ago=1)
    skilled_thread = ThreadFactory(
        title="Container orchestration help", created_at=asked(5), skills=["Kubernetes"]
    )
    skilled_session = SessionPageFactory(
        title="Container orchestration day", skills=["Kubernetes"]
    )
    published(skilled_session, days_ago=2)
    text_thread = ThreadFactory(title="Cluster trouble", created_at=asked(3))
    answer(thread=text_thread, author=MemberFactory(), body="Kubernetes restarts.")
    text_session = SessionPageFactory(
        title="Cloud basics", summary="We touch on kubernetes."
    )
    published(text_session, days_ago=20)

    assert titles(search(client, q="kubernetes")) == [
        "Kubernetes Kate",
        old_thread.title,
        "Container orchestration day",
        skilled_thread.title,
        text_thread.title,
        "Cloud basics",
    ]


def test_a_page_and_a_thread_with_the_same_id_are_both_shown(client):
    session = SessionPageFactory(title="Elixir workshop")
    thread = ThreadFactory(id=session.pk, title="Elixir supervisors")
    assert thread.pk == session.pk
    response = search(client, q="elixir")
    assert sorted(titles(response)) == ["Elixir supervisors", "Elixir workshop"]
    assert sorted(hit.kind for hit in hits(response)) == ["session", "thread"]


def test_pages_of_results_run_across_pages_and_threads(client):
    for n in range(7):
        SessionPageFactory(title=f"Golang session {n}")
        ThreadFactory(title=f"Golang question {n}")
    first = search(client, q="golang")
    assert first.context["outcome"].total == 14
    assert len(titles(first)) == PER_PAGE
    last = search(client, q="golang", page="2")
    assert len(titles(last)) == 4
    assert set(titles(first)).isdisjoint(titles(last))


def test_any_word_fallback_and_did_you_mean_cover_threads(client):
    ThreadFactory(title="Kubernetes pods keep restarting")
    response = search(client, q="kubernetes zzyzx")
    assert titles(response) == ["Kubernetes pods keep restarting"]
    assert response.context["outcome"].any_word
    response = search(client, q="kubrenetes", type="thread")
    assert response.context["outcome"].suggestion == "kubernetes"
    assert 'href="?q=kubernetes&amp;type=thread"' in response.text


# --- User text is escaped ---------------------------------------------------


def test_scripts_in_a_question_never_reach_the_page_unescaped(client):
    ThreadFactory(
        title="<script>alert(1)</script> Haskell monads",
        body="Why does <script>alert(2)</script> run? A & B <b>bold</b> haskell",
    )
    response = search(client, q="haskell")
    assert "<script>alert" not in response.text
    assert "<b>bold" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>Haskell</mark>" in (
        response.text
    )
    # Escaped once, as typed: not "&amp;lt;".
    assert (
        "Why does &lt;script&gt;alert(2)&lt;/script&gt; run? A &amp; B "
        "&lt;b&gt;bold&lt;/b&gt; <mark>haskell</mark>"
    ) in response.text


# --- Suggestions as you type ------------------------------------------------


def test_suggestions_include_visible_threads_only(client, staff):
    thread = ThreadFactory(title="Kafka consumer lag")
    hidden = ThreadFactory(title="Kafka hidden thread")
    moderation.hide_thread(thread=hidden, moderator=staff, reason="Spam")
    session = SessionPageFactory(title="Kafka streams workshop")
    assert suggest(client, "kaf") == [
        {
            "title": "Kafka consumer lag",
            "url": thread.get_absolute_url(),
            "kind": "thread",
            "kind_label": "Forum question",
        },
        {
            "title": "Kafka streams workshop",
            "url": session.url,
            "kind": "session",
            "kind_label": "Session",
        },
    ]


# --- Query count ------------------------------------------------------------


@pytest.mark.parametrize("count", [2, 25])
def test_query_count_stays_flat_however_many_threads(
    client, django_assert_num_queries, count
):
    for n in range(count):
        thread = ThreadFactory(
            title=f"Scala question {n}", created_at=asked(1), skills=["Scala"]
        )
        answer(thread=thread, author=MemberFactory(), body="Scala answer")
    # Newest, so each results page shows both types.
    session = SessionPageFactory(title="Scala session", skills=["Scala"])
    published(session, days_ago=0)
    client.get("/search/?q=scala")  # warm Wagtail's site and settings caches
    with django_assert_num_queries(QUERIES_WITH_THREADS):
        response = client.get("/search/?q=scala")
    assert len(titles(response)) == min(count + 1, PER_PAGE)
    assert {hit.kind for hit in hits(response)} == {"session", "thread"}
    assert Thread.objects.count() == count


# Private pages (1), skills named in the query (1), the best matching pages
# and threads, searched and ranked together (1), the sessions shown (1), the
# threads shown with their question (1); the request's site and
# base.html's settings come from the cache.
QUERIES_WITH_THREADS = 5
