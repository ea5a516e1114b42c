"""/api/v1/forum/ inside a thread, as an API client meets it: answering,
replying, editing and deleting one's own posts, voting, accepting and
following. The rules are the pages' (forum.services, forum.rules)."""

import pytest
from django.db.models import Sum
from django.utils import timezone

from forum import errors
from forum.models import Ban, Post, PostRevision, Reputation, Subscription, Thread
from forum.rules import POSTS_PER_MINUTE
from forum.services.voting import ACCEPTED_POINTS, UPVOTE_POINTS, accept_answer
from forum.tests.api_support import (
    a_question,
    client_for,
    post_url,
    regular_member,
    send,
    thread_url,
)
from forum.tests.factories import ThreadFactory
from sessions.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def question():
    return a_question()


@pytest.fixture
def member():
    return regular_member()


def answers_url(thread: Thread) -> str:
    return f"{thread_url(thread)}answers/"


def refused(response, status: int, message) -> None:
    assert response.status_code == status, response.content
    assert response.json() == {"error": str(message)}


# --- Answering and replying -----------------------------------------------------------


def test_answering_adds_the_answer_and_follows_the_thread(question, member):
    response = send(
        client_for(member), "post", answers_url(question.thread), {"body": "*Yes*"}
    )

    assert response.status_code == 201, response.content
    data = response.json()
    post = Post.objects.get(pk=data["id"])
    assert post.author == member and post.thread == question.thread
    assert data["kind"] == "answer" and data["parent_post_id"] is None
    assert data["body"] == "*Yes*" and data["body_html"] == "<p><em>Yes</em></p>"
    assert data["author"]["username"] == member.username
    assert data["author"]["reputation"] == 0
    question.thread.refresh_from_db()
    assert question.thread.answer_count == 2
    assert Subscription.objects.filter(user=member, thread=question.thread).exists()


def test_replying_hangs_under_the_post_one_level_deep(question, member):
    client = client_for(member)
    response = send(client, "post", post_url(question.reply, "replies"), {"body": "+1"})

    assert response.status_code == 201, response.content
    data = response.json()
    assert data["kind"] == "reply"
    # A reply to a reply goes under the same answer.
    assert data["parent_post_id"] == question.answer.pk
    replies = client.get(thread_url(question.thread)).json()["answers"][0]["replies"]
    assert [r["id"] for r in replies] == [question.reply.pk, data["id"]]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, errors.BODY_EMPTY),
        ({"body": " \n "}, errors.BODY_EMPTY),
        ({"body": "x" * 20_001}, errors.BODY_TOO_LONG % {"max": "20,000"}),
    ],
)
def test_empty_or_too_long_posts_are_field_errors(question, member, body, message):
    client = client_for(member)
    for url in (answers_url(question.thread), post_url(question.answer, "replies")):
        response = send(client, "post", url, body)
        assert response.status_code == 400
        assert response.json() == {"errors": {"body": [str(message)]}}
    assert not Post.objects.filter(author=member).exists()


def test_script_in_an_answer_comes_back_as_text(question, member):
    body = '<script>alert("x")</script> [a](javascript:alert(1))'
    data = send(
        client_for(member), "post", answers_url(question.thread), {"body": body}
    ).json()
    assert "<script" not in data["body_html"] and "javascript:" not in data["body_html"]
    assert "&lt;script&gt;" in data["body_html"]
    assert data["body"] == body  # the source, to its author, as typed


def test_a_locked_thread_takes_no_answers_replies_or_votes(question, member):
    Thread.objects.filter(pk=question.thread.pk).update(is_locked=True)
    client = client_for(member)
    for url, data in (
        (answers_url(question.thread), {"body": "Late"}),
        (post_url(question.answer, "replies"), {"body": "Late"}),
        (post_url(question.answer, "vote"), {"value": 1}),
    ):
        refused(send(client, "post", url, data), 409, errors.THREAD_LOCKED)
    assert not Post.objects.filter(author=member).exists()


@pytest.mark.parametrize("who", ["unverified", "banned"])
def test_members_who_may_not_take_part_are_told_why(question, who):
    member = regular_member(verified=who != "unverified")
    message = errors.EMAIL_NOT_VERIFIED
    if who == "banned":
        Ban.objects.create(user=member, reason="spam")
        message = errors.BANNED % {"reason": "spam"}
    client = client_for(member)
    for url, data in (
        (answers_url(question.thread), {"body": "Hi"}),
        (post_url(question.answer, "replies"), {"body": "Hi"}),
        (post_url(question.answer, "vote"), {"value": 1}),
    ):
        refused(send(client, "post", url, data), 409, message)
    assert not Post.objects.filter(author=member).exists()
    assert not question.answer.votes.exists()


def test_posting_too_fast_is_429(question, member):
    client = client_for(member)
    url = answers_url(question.thread)
    for _ in range(POSTS_PER_MINUTE):
        assert send(client, "post", url, {"body": "More"}).status_code == 201
    refused(send(client, "post", url, {"body": "More"}), 429, errors.TOO_FAST)


def test_a_reply_to_a_deleted_post_is_refused(question, member):
    Post.objects.filter(pk=question.answer.pk).update(deleted_at=timezone.now())
    response = send(
        client_for(member), "post", post_url(question.answer, "replies"), {"body": "?"}
    )
    refused(response, 409, errors.REPLY_ELSEWHERE)


# --- Editing and deleting -------------------------------------------------------------


def test_editing_own_answer_keeps_the_old_text_as_a_revision(question):
    response = send(
        client_for(question.answerer),
        "put",
        post_url(question.answer),
        {"body": "Add a **partial** index."},
    )

    assert response.status_code == 200, response.content
    data = response.json()
    assert data["body"] == "Add a **partial** index."
    assert data["body_html"] == "<p>Add a <strong>partial</strong> index.</p>"
    assert data["edited_at"] is not None
    revision = PostRevision.objects.get(post=question.answer)
    assert revision.body == "Add an **index**."


def test_editing_the_question_can_change_the_title(question):
    opening = question.thread.posts.get(is_opening=True)
    response = send(
        client_for(question.asker),
        "put",
        post_url(opening),
        {"body": "Ten seconds, still.", "title": "Why is my big table slow?"},
    )
    assert response.status_code == 200, response.content
    question.thread.refresh_from_db()
    assert question.thread.title == "Why is my big table slow?"
    assert question.thread.slug == "why-is-my-big-table-slow"


def test_bad_edits_are_field_errors_and_change_nothing(question):
    client = client_for(question.asker)
    opening = question.thread.posts.get(is_opening=True)
    response = send(client, "put", post_url(opening), {"body": "", "title": "x" * 151})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"body", "title"}
    response = send(client, "put", post_url(opening), {"body": "ok", "title": "Short"})
    assert response.json() == {
        "errors": {"title": [str(errors.TITLE_TOO_SHORT % {"min": 10})]}
    }
    assert not PostRevision.objects.exists()


def test_someone_elses_post_is_404_for_editing_and_deleting(question, member):
    client = client_for(member)
    response = send(client, "put", post_url(question.answer), {"body": "Mine now"})
    refused(response, 404, errors.NOT_YOUR_POST)
    refused(
        send(client, "delete", post_url(question.answer)), 404, errors.NOT_YOUR_POST
    )
    question.answer.refresh_from_db()
    assert question.answer.body == "Add an **index**."
    assert question.answer.deleted_at is None


def test_a_locked_or_hidden_post_cannot_be_edited(question):
    client = client_for(question.answerer)
    url = post_url(question.answer)
    Thread.objects.filter(pk=question.thread.pk).update(is_locked=True)
    refused(send(client, "put", url, {"body": "New"}), 409, errors.THREAD_LOCKED)
    Thread.objects.filter(pk=question.thread.pk).update(is_locked=False)
    Post.objects.filter(pk=question.answer.pk).update(is_hidden=True)
    refused(send(client, "put", url, {"body": "New"}), 409, errors.POST_HIDDEN)
    refused(send(client, "delete", url), 409, errors.POST_HIDDEN)


def test_deleting_own_answer_leaves_a_placeholder(question):
    client = client_for(question.answerer)

    response = send(client, "delete", post_url(question.answer))

    assert response.status_code == 204
    question.answer.refresh_from_db()
    assert question.answer.deleted_at is not None
    shown = client.get(thread_url(question.thread)).json()
    assert shown["answer_count"] == 0
    assert shown["answers"][0]["state"] == "deleted"
    assert shown["answers"][0]["body_html"] is None
    again = send(client, "delete", post_url(question.answer))
    refused(again, 409, errors.POST_DELETED)


def test_what_others_rely_on_cannot_be_deleted(question):
    accept_answer(answer=question.answer, user=question.asker)
    refused(
        send(client_for(question.answerer), "delete", post_url(question.answer)),
        409,
        errors.ACCEPTED_CANNOT_DELETE,
    )
    opening = question.thread.posts.get(is_opening=True)
    refused(
        send(client_for(question.asker), "delete", post_url(opening)),
        409,
        errors.QUESTION_HAS_ANSWERS,
    )


def test_deleting_an_unanswered_question_takes_the_thread_away(member):
    thread = ThreadFactory(author=member)
    opening = thread.posts.get()
    client = client_for(member)
    assert send(client, "delete", post_url(opening)).status_code == 204
    assert client.get(thread_url(thread)).status_code == 404


# --- Voting ---------------------------------------------------------------------------


def vote_on(client, post, value):
    return send(client, "post", post_url(post, "vote"), {"value": value})


def test_one_vote_per_member_changeable_and_withdrawable(question, member):
    client = client_for(member)
    assert vote_on(client, question.answer, 1).json() == {
        "post_id": question.answer.pk,
        "score": 1,
        "my_vote": 1,
    }
    assert vote_on(client, question.answer, 1).json()["score"] == 1
    assert vote_on(client, question.answer, -1).json()["score"] == -1
    assert question.answer.votes.count() == 1
    assert vote_on(client, question.answer, 0).json() == {
        "post_id": question.answer.pk,
        "score": 0,
        "my_vote": 0,
    }
    assert not question.answer.votes.exists()


def test_scores_always_equal_the_sum_of_votes(question):
    opening = question.thread.posts.get(is_opening=True)
    voters = [regular_member() for _ in range(3)]
    for voter, value in zip(voters, (1, 1, -1), strict=True):
        vote_on(client_for(voter), opening, value)
        vote_on(client_for(voter), question.answer, 1)
    vote_on(client_for(voters[0]), question.answer, -1)

    for post in (opening, question.answer):
        post.refresh_from_db()
        assert post.score == post.votes.aggregate(total=Sum("value"))["total"]
    question.thread.refresh_from_db()
    assert question.thread.score == opening.score == 1
    shown = client_for(voters[0]).get(thread_url(question.thread)).json()
    assert shown["score"] == shown["question"]["score"] == 1
    assert shown["answers"][0]["score"] == question.answer.score == 1
    assert shown["answers"][0]["my_vote"] == -1
    reputation = Reputation.objects.get(user=question.answerer).points
    assert reputation == 2 * UPVOTE_POINTS - 2


def test_own_posts_and_replies_take_no_votes(question):
    client = client_for(question.asker)
    opening = question.thread.posts.get(is_opening=True)
    refused(vote_on(client, opening, 1), 409, errors.OWN_POST_VOTE)
    other = client_for(regular_member())
    refused(vote_on(other, question.reply, 1), 409, errors.VOTE_ON_ANSWERS_ONLY)
    opening.refresh_from_db()
    assert opening.score == 0


@pytest.mark.parametrize("value", [2, "up", None, True, 0.5, "missing"])
def test_a_vote_is_up_down_or_withdrawn(question, member, value):
    body = {} if value == "missing" else {"value": value}
    response = send(client_for(member), "post", post_url(question.answer, "vote"), body)
    assert response.status_code == 400
    assert response.json() == {"errors": {"value": [str(errors.BAD_VOTE)]}}


# --- Accepting ------------------------------------------------------------------------


def accept_url(post: Post) -> str:
    return post_url(post, "accept")


def test_the_asker_accepts_and_unaccepts_an_answer(question):
    client = client_for(question.asker)

    response = send(client, "post", accept_url(question.answer))

    assert response.status_code == 200, response.content
    assert response.json() == {
        "thread_id": question.thread.pk,
        "accepted_answer_id": question.answer.pk,
    }
    reputation = Reputation.objects.get(user=question.answerer)
    assert reputation.points == ACCEPTED_POINTS
    assert reputation.accepted_answers == 1

    response = send(client, "delete", accept_url(question.answer))
    assert response.json()["accepted_answer_id"] is None
    reputation.refresh_from_db()
    assert reputation.points == 0 and reputation.accepted_answers == 0


def test_unaccepting_another_answer_leaves_the_accepted_one(question, member):
    other = send(
        client_for(member), "post", answers_url(question.thread), {"body": "Or this"}
    ).json()
    accept_answer(answer=question.answer, user=question.asker)
    response = send(
        client_for(question.asker),
        "delete",
        f"/api/v1/forum/posts/{other['id']}/accept/",
    )
    assert response.json()["accepted_answer_id"] == question.answer.pk


def test_only_the_asker_or_staff_accept(question, member):
    for method in ("post", "delete"):
        for who in (member, question.answerer):
            response = send(client_for(who), method, accept_url(question.answer))
            refused(response, 409, errors.NOT_YOUR_QUESTION)
    question.thread.refresh_from_db()
    assert question.thread.accepted_answer is None

    staff = client_for(MemberFactory(is_staff=True))
    response = send(staff, "post", accept_url(question.answer))
    assert response.json()["accepted_answer_id"] == question.answer.pk


def test_only_an_answer_to_a_question_is_accepted(question):
    client = client_for(question.asker)
    opening = question.thread.posts.get(is_opening=True)
    refused(send(client, "post", accept_url(opening)), 409, errors.NOT_AN_ANSWER)
    refused(send(client, "post", accept_url(question.reply)), 409, errors.NOT_AN_ANSWER)
    Thread.objects.filter(pk=question.thread.pk).update(kind="discussion")
    refused(
        send(client, "post", accept_url(question.answer)), 409, errors.NOT_A_QUESTION
    )


# --- Following ------------------------------------------------------------------------


def test_following_and_unfollowing_a_thread(question, member):
    client = client_for(member)
    url = f"{thread_url(question.thread)}follow/"

    assert send(client, "post", url).json() == {
        "thread_id": question.thread.pk,
        "following": True,
    }
    assert send(client, "post", url).status_code == 200  # again: still one
    assert Subscription.objects.filter(user=member).count() == 1
    assert client.get(thread_url(question.thread)).json()["following"] is True

    assert send(client, "delete", url).json()["following"] is False
    assert not Subscription.objects.filter(user=member).exists()


# --- Hidden threads -------------------------------------------------------------------


def test_nothing_in_a_hidden_thread_can_be_reached(question, member):
    Thread.objects.filter(pk=question.thread.pk).update(is_hidden=True)
    staff = MemberFactory(is_staff=True)
    for who in (member, question.asker, question.answerer, staff):
        client = client_for(who)
        for method, url, data in (
            ("post", answers_url(question.thread), {"body": "Hi"}),
            ("post", f"{thread_url(question.thread)}follow/", None),
            ("post", post_url(question.answer, "replies"), {"body": "Hi"}),
            ("post", post_url(question.answer, "vote"), {"value": 1}),
            ("post", accept_url(question.answer), None),
            ("put", post_url(question.answer), {"body": "Hi"}),
            ("delete", post_url(question.answer), None),
        ):
            response = send(client, method, url, data)
            assert response.status_code == 404, (who, method, url)
            assert set(response.json()) == {"error"}
    assert Post.objects.count() == 3
    assert not question.answer.votes.exists()
