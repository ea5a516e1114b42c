"""/api/v1/forum/ for reading and asking, as an API client meets it:
categories, the thread list and its filters, a thread with its posts, and
asking. What members do inside a thread is in test_api_posting.py."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from core.models import Skill
from experts.tests.factories import ExpertPageFactory
from forum import errors
from forum.models import Ban, Post, Reputation, Subscription, Thread
from forum.rules import NEW_MEMBER_POSTS_PER_HOUR
from forum.services.posting import TITLE_MIN_LENGTH, answer
from forum.services.voting import accept_answer, vote
from forum.tests.api_support import (
    THREADS,
    a_question,
    add_answers,
    client_for,
    regular_member,
    send,
    thread_url,
)
from forum.tests.factories import ForumCategoryFactory, PostFactory, ThreadFactory
from forum.tests.pages import count_queries
from sessions.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
CATEGORIES = "/api/v1/forum/categories/"


# --- Categories -----------------------------------------------------------------------


def test_categories_list_counts_only_what_visitors_see(client):
    databases = ForumCategoryFactory(name="Databases", slug="databases", order=1)
    ForumCategoryFactory(name="Career", slug="career", order=2)
    thread = ThreadFactory(category=databases)
    answer(thread=thread, author=regular_member(), body="An index.")
    ThreadFactory(category=databases, is_hidden=True)
    ThreadFactory(category=databases, deleted_at=timezone.now())

    response = client.get(CATEGORIES)

    assert response.status_code == 200
    rows = response.json()["results"]
    assert [row["slug"] for row in rows] == ["databases", "career"]
    assert rows[0]["thread_count"] == 1
    assert rows[0]["answer_total"] == 1
    assert rows[0]["url"] == "http://testserver/forum/c/databases/"
    assert rows[0]["latest_activity"] is not None
    assert rows[1]["thread_count"] == 0 and rows[1]["latest_activity"] is None


# --- The thread list ------------------------------------------------------------------


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["title"] for row in response.json()["results"]]


def test_thread_list_shows_visible_threads_as_the_listing_does(client):
    question = a_question()
    ThreadFactory(title="Hidden by staff", is_hidden=True)
    ThreadFactory(title="Deleted by its author", deleted_at=timezone.now())

    response = client.get(THREADS)

    assert titles(response) == ["How do I index a big table?"]
    row = response.json()["results"][0]
    assert row["id"] == question.thread.pk
    assert row["url"] == f"http://testserver{question.thread.get_absolute_url()}"
    assert row["category"] == {"name": "Databases", "slug": "databases"}
    assert row["author"] == {
        "username": question.asker.username,
        "name": question.asker.name,
    }
    assert row["answer_count"] == 1
    assert row["is_solved"] is False and row["is_locked"] is False


def test_thread_list_filters_and_sorts_as_the_category_page(client):
    sql = Skill.objects.create(name="SQL", slug="sql")
    databases = ForumCategoryFactory(name="Databases", slug="databases")
    old = ThreadFactory(category=databases, title="Old and solved question")
    old.skills.add(sql)
    helpful = answer(thread=old, author=regular_member(), body="Like this.")
    accept_answer(answer=helpful, user=old.author)
    Thread.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=9)
    )
    popular = ThreadFactory(category=databases, title="Popular open question")
    vote(post=popular.posts.get(), voter=regular_member(), value=1)
    answer(thread=popular, author=regular_member(), body="Maybe this.")
    ThreadFactory(title="Elsewhere, unanswered", category=ForumCategoryFactory())

    def listed(**query):
        return set(titles(client.get(THREADS, query)))

    assert listed(category="databases") == {
        "Old and solved question",
        "Popular open question",
    }
    assert listed(category="no-such-category") == set()
    assert listed(show="unanswered") == {"Elsewhere, unanswered"}
    assert listed(show="unsolved") == {
        "Popular open question",
        "Elsewhere, unanswered",
    }
    assert listed(tag="sql") == listed(tag="SQL") == {"Old and solved question"}
    by_votes = titles(client.get(THREADS, {"sort": "votes"}))
    assert by_votes[0] == "Popular open question"
    newest = titles(client.get(THREADS, {"sort": "newest"}))
    assert newest[-1] == "Old and solved question"
    # Empty filters are left out, as the page's empty fields are.
    assert len(titles(client.get(THREADS, {"show": "", "sort": "", "tag": ""}))) == 3


def test_thread_list_refuses_unknown_filter_values_with_field_errors(client):
    response = client.get(THREADS, {"show": "everything", "sort": "random"})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"show", "sort"}


def test_thread_list_is_paged_like_the_other_lists(client):
    ThreadFactory.create_batch(3)
    response = client.get(THREADS, {"page_size": 2})
    body = response.json()
    assert body["count"] == 3 and len(body["results"]) == 2
    assert body["next"].endswith("page=2&page_size=2")
    assert client.get(THREADS, {"page": 9}).status_code == 404


@pytest.mark.parametrize("count", [2, 12])
def test_thread_list_query_count_does_not_grow(
    client, django_assert_num_queries, count
):
    sql = Skill.objects.create(name="SQL", slug="sql")
    for _ in range(count):
        ThreadFactory().skills.add(sql)
    # The count, one page of threads with authors and categories, skills.
    with django_assert_num_queries(3):
        response = client.get(THREADS)
    assert len(response.json()["results"]) == count


# --- One thread -----------------------------------------------------------------------


def test_thread_shows_question_accepted_answer_then_answers_by_votes(client):
    question = a_question()
    thread = question.thread
    low, high = add_answers(thread, 2)
    vote(post=high, voter=regular_member(), value=1)
    accept_answer(answer=question.answer, user=question.asker)

    response = client.get(thread_url(thread))

    assert response.status_code == 200
    data = response.json()
    assert data["title"] == "How do I index a big table?"
    assert data["accepted_answer_id"] == question.answer.pk
    assert data["is_solved"] is True and data["state"] == "visible"
    assert data["question"]["kind"] == "question"
    assert "<strong>ten seconds</strong>" in data["question"]["body_html"]
    answers = data["answers"]
    assert [a["id"] for a in answers] == [question.answer.pk, high.pk, low.pk]
    assert [a["is_accepted"] for a in answers] == [True, False, False]
    assert answers[0]["body_html"] == "<p>Add an <strong>index</strong>.</p>"
    assert [(r["id"], r["kind"]) for r in answers[0]["replies"]] == [
        (question.reply.pk, "reply")
    ]
    assert answers[0]["replies"][0]["parent_post_id"] == question.answer.pk
    assert answers[1]["score"] == 2


def test_thread_shows_authors_with_reputation_and_expert_badge(client):
    question = a_question()
    Reputation.objects.create(user=question.answerer, points=42)
    ExpertPageFactory(expert=question.answerer)

    author = client.get(thread_url(question.thread)).json()["answers"][0]["author"]

    assert author == {
        "username": question.answerer.username,
        "name": question.answerer.name,
        "reputation": 42,
        "is_expert": True,
    }


def test_markdown_source_goes_to_its_author_alone(client):
    question = a_question()
    url = thread_url(question.thread)
    assert client.get(url).json()["answers"][0]["body"] is None
    stranger = client_for(regular_member()).get(url).json()
    assert stranger["answers"][0]["body"] is None
    own = client_for(question.answerer).get(url).json()
    assert own["answers"][0]["body"] == "Add an **index**."
    assert own["question"]["body"] is None


def test_the_viewer_sees_their_votes_follows_and_whether_they_may_accept(client):
    question = a_question()
    voter = regular_member()
    vote(post=question.answer, voter=voter, value=-1)
    url = thread_url(question.thread)

    anonymous = client.get(url).json()
    assert anonymous["following"] is False and anonymous["can_accept"] is False
    assert anonymous["answers"][0]["my_vote"] == 0
    theirs = client_for(voter).get(url).json()
    assert theirs["answers"][0]["my_vote"] == -1
    assert theirs["following"] is False and theirs["can_accept"] is False
    # Answering follows the thread.
    answerer = client_for(question.answerer).get(url).json()
    assert answerer["following"] is True and answerer["can_accept"] is False
    assert client_for(question.asker).get(url).json()["can_accept"] is True


def test_reading_through_the_api_counts_no_page_view(client):
    question = a_question()
    client.get(thread_url(question.thread))
    question.thread.refresh_from_db()
    assert question.thread.view_count == 0


@pytest.mark.parametrize(
    "change", [{"is_hidden": True}, {"deleted_at": timezone.now()}]
)
def test_hidden_and_deleted_threads_are_404_except_for_staff(client, change):
    question = a_question()
    Thread.objects.filter(pk=question.thread.pk).update(**change)
    url = thread_url(question.thread)

    for viewer in (None, question.asker, regular_member()):
        response = client_for(viewer).get(url)
        assert response.status_code == 404
        assert response.json() == {"error": str(errors.NOT_FOUND)}
    assert client.get(THREADS).json()["count"] == 0

    staff = client_for(MemberFactory(is_staff=True)).get(url)
    assert staff.status_code == 200
    assert staff.json()["state"] == ("hidden" if "is_hidden" in change else "deleted")


def test_deleted_and_hidden_posts_are_placeholders_without_text_or_author(client):
    question = a_question()
    gone = PostFactory(
        thread=question.thread, body="Deleted words", deleted_at=timezone.now()
    )
    rude = PostFactory(thread=question.thread, body="Rude words", is_hidden=True)
    url = thread_url(question.thread)

    for viewer in (None, gone.author, rude.author):
        data = client_for(viewer).get(url).json()
        by_id = {post["id"]: post for post in data["answers"]}
        for post, state in ((gone, "deleted"), (rude, "hidden")):
            shown = by_id[post.pk]
            assert shown["state"] == state
            assert shown["body"] is shown["body_html"] is shown["author"] is None
        assert "Deleted words" not in str(data) and "Rude words" not in str(data)
        # Placeholders come last, as on the page.
        assert [p["id"] for p in data["answers"]][-2:] == [gone.pk, rude.pk]

    staff = client_for(MemberFactory(is_staff=True)).get(url).json()
    by_id = {post["id"]: post for post in staff["answers"]}
    assert "Rude words" in by_id[rude.pk]["body_html"]
    assert by_id[gone.pk]["body_html"] is None


def test_unknown_thread_is_404(client):
    response = client.get(f"{THREADS}999999/")
    assert response.status_code == 404
    assert response.json() == {"error": str(errors.NOT_FOUND)}


@pytest.mark.parametrize("signed_in", [False, True])
def test_thread_query_count_does_not_grow_with_answers(client, signed_in):
    if signed_in:
        client.force_login(regular_member())
    counts = []
    for size in (2, 10):
        question = a_question()
        add_answers(question.thread, size)
        counts.append(count_queries(client, thread_url(question.thread)))
    assert counts[0] == counts[1]
    # The thread, its skills, the view restrictions (core.access) and the
    # posts with their authors' reputation and expert pages and the member's
    # votes; a member adds session, user and whether they follow it.
    assert counts[0] == (4 if not signed_in else 7)


# --- Asking ---------------------------------------------------------------------------


@pytest.fixture
def databases():
    return ForumCategoryFactory(name="Databases", slug="databases")


def ask(client, **fields):
    data = {
        "category": "databases",
        "title": "Which index for a range query?",
        "body": "I filter on `created_at`.",
        **fields,
    }
    return send(client, "post", THREADS, data)


def test_asking_creates_the_thread_and_follows_it(databases):
    member = regular_member()
    sql = Skill.objects.create(name="SQL", slug="sql")

    response = ask(client_for(member), skills=["sql"], kind="discussion")

    assert response.status_code == 201, response.content
    data = response.json()
    thread = Thread.objects.get()
    assert data["id"] == thread.pk and data["kind"] == "discussion"
    assert data["question"]["body"] == "I filter on `created_at`."
    assert data["question"]["body_html"] == (
        "<p>I filter on <code>created_at</code>.</p>"
    )
    assert data["skills"] == [{"name": "SQL", "slug": "sql"}]
    assert data["following"] is True
    assert list(thread.skills.all()) == [sql]
    assert Subscription.objects.filter(user=member, thread=thread).exists()


def test_script_tags_come_back_sanitised(databases):
    response = ask(
        client_for(regular_member()),
        body="<script>alert(1)</script> [x](javascript:alert(1)) <img src=x>",
    )
    html = response.json()["question"]["body_html"]
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html
    assert "javascript:" not in html


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"title": ""}, "title", errors.TITLE_TOO_SHORT % {"min": TITLE_MIN_LENGTH}),
        (
            {"title": "Too      short"},  # short once its spaces are squeezed
            "title",
            errors.TITLE_TOO_SHORT % {"min": TITLE_MIN_LENGTH},
        ),
        ({"title": "x" * 151}, "title", errors.TITLE_TOO_LONG % {"max": 150}),
        ({"body": "   "}, "body", errors.BODY_EMPTY),
        ({"body": "x" * 20_001}, "body", errors.BODY_TOO_LONG % {"max": "20,000"}),
        ({"category": "nowhere"}, "category", errors.UNKNOWN_CATEGORY),
        ({"kind": "poll"}, "kind", None),
        ({"skills": ["no-such-skill"]}, "skills", None),
        ({"skills": ["a", "b", "c", "d", "e", "f"]}, "skills", None),
    ],
)
def test_bad_input_is_a_field_error_and_nothing_is_stored(
    databases, fields, field, message
):
    response = ask(client_for(regular_member()), **fields)
    assert response.status_code == 400
    errors_ = response.json()["errors"]
    assert set(errors_) == {field}
    if message is not None:
        assert errors_[field] == [str(message)]
    assert not Thread.objects.exists()


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("unverified", errors.EMAIL_NOT_VERIFIED),
        ("banned", errors.BANNED % {"reason": "spam links"}),
    ],
)
def test_members_who_may_not_post_get_the_reason(databases, who, message):
    member = regular_member(verified=who != "unverified")
    if who == "banned":
        Ban.objects.create(user=member, reason="spam links")
    response = ask(client_for(member))
    assert response.status_code == 409
    assert response.json() == {"error": str(message)}
    assert not Thread.objects.exists()


def test_new_members_posting_fast_are_told_to_wait(databases):
    newcomer = MemberFactory()
    client = client_for(newcomer)
    for number in range(NEW_MEMBER_POSTS_PER_HOUR):
        assert ask(client, title=f"Question number {number}").status_code == 201
    response = ask(client)
    assert response.status_code == 429
    assert response.json() == {
        "error": errors.NEW_MEMBER_LIMIT % {"count": NEW_MEMBER_POSTS_PER_HOUR}
    }
    assert Post.objects.filter(author=newcomer).count() == NEW_MEMBER_POSTS_PER_HOUR


def test_signed_out_may_read_but_not_ask(client, databases):
    assert client.get(THREADS).status_code == 200
    response = ask(client)
    assert response.status_code == 403
    assert "detail" in response.json()
    assert not Thread.objects.exists()


def test_asking_without_the_csrf_token_is_refused(databases):
    client = Client(enforce_csrf_checks=True)
    client.force_login(regular_member())
    assert ask(client).status_code == 403
    assert not Thread.objects.exists()
