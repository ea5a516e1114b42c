"""The thread page and what members do on it: answer, reply, vote,
accept, edit and delete their own posts."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.testing import ANONYMOUS_QUERY_BUDGET, MEMBER_QUERY_BUDGET
from forum import errors
from forum.models import Post, PostRevision, Reputation, Thread, Vote
from forum.services.posting import answer, reply
from forum.services.voting import accept_answer, vote
from forum.tests.factories import ForumCategoryFactory, PostFactory, ThreadFactory
from forum.tests.pages import count_queries
from sessions.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def regular_member(**kwargs):
    """A verified member past the new-member limits."""
    return MemberFactory(date_joined=timezone.now() - timedelta(days=30), **kwargs)


@pytest.fixture
def asker():
    return regular_member()


@pytest.fixture
def other():
    return regular_member()


@pytest.fixture
def thread(asker):
    return ThreadFactory(
        author=asker,
        title="How do I index a big table?",
        slug="how-do-i-index-a-big-table",
        category=ForumCategoryFactory(name="Databases", slug="databases"),
    )


def page(client, thread) -> str:
    response = client.get(thread.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def main(html: str) -> str:
    """The page's visible content (the JSON-LD in <head> repeats posts)."""
    return html[html.index("<main") :]


def messages_of(response) -> list[str]:
    return [str(m) for m in response.wsgi_request._messages]


# --- reading ------------------------------------------------------------------


def test_accepted_answer_comes_first_then_answers_by_score(client, thread, asker):
    voters = [regular_member() for _ in range(3)]
    low = answer(thread=thread, author=regular_member(), body="Low answer")
    high = answer(thread=thread, author=regular_member(), body="High answer")
    chosen = answer(thread=thread, author=regular_member(), body="Chosen answer")
    for voter in voters:
        vote(post=high, voter=voter, value=1)
    vote(post=low, voter=voters[0], value=1)
    accept_answer(answer=chosen, user=asker)

    html = main(page(client, thread))

    order = [html.index(text) for text in ("Chosen", "High answer", "Low answer")]
    assert order == sorted(order)
    assert "Accepted answer" in html


def test_replies_show_under_their_post(client, thread, other):
    first = answer(thread=thread, author=other, body="First answer")
    answer(thread=thread, author=other, body="Second answer")
    reply(parent=first, author=thread.author, body="A reply to the first")

    html = main(page(client, thread))

    assert html.index("First answer") < html.index("A reply to the first")
    assert html.index("A reply to the first") < html.index("Second answer")


def test_a_wrong_or_old_slug_redirects_permanently(client, thread):
    for path in (f"/forum/t/{thread.pk}/old-title/", f"/forum/t/{thread.pk}/"):
        response = client.get(path)
        assert response.status_code == 301
        assert response["Location"] == thread.get_absolute_url()


@pytest.mark.parametrize(
    "change", [{"is_hidden": True}, {"deleted_at": timezone.now()}]
)
def test_hidden_and_deleted_threads_are_404_except_for_staff(client, thread, change):
    Thread.objects.filter(pk=thread.pk).update(**change)
    assert client.get(thread.get_absolute_url()).status_code == 404
    client.force_login(thread.author)
    assert client.get(thread.get_absolute_url()).status_code == 404

    client.force_login(MemberFactory(is_staff=True))
    response = client.get(thread.get_absolute_url())
    assert response.status_code == 200
    assert '<meta name="robots" content="noindex">' in response.content.decode()


def test_unknown_thread_is_404(client):
    assert client.get("/forum/t/999999/anything/").status_code == 404


def test_deleted_and_hidden_posts_show_placeholders(client, thread, other):
    gone = PostFactory(thread=thread, body="Deleted words", deleted_at=timezone.now())
    PostFactory(thread=thread, body="Rude words", is_hidden=True)

    html = page(client, thread)

    assert "This post was deleted by its author." in html
    assert "This post was hidden by staff." in html
    assert "Deleted words" not in html and "Rude words" not in html
    client.force_login(MemberFactory(is_staff=True))
    html = page(client, thread)
    assert "Rude words" in html
    assert "Deleted words" not in html
    assert gone.pk


def test_the_page_reports_its_view_and_bots_are_not_counted(client, thread):
    html = page(client, thread)
    viewed = reverse("forum_thread_viewed", args=[thread.pk])
    assert f'data-view-url="{viewed}"' in html
    assert "js/thread-view.js" in html
    # Rendering alone counts nothing: a cached copy never renders.
    thread.refresh_from_db()
    assert thread.view_count == 0

    assert client.post(viewed).status_code == 204
    assert client.post(viewed, HTTP_USER_AGENT="Googlebot/2.1").status_code == 204
    thread.refresh_from_db()
    assert thread.view_count == 1


def test_views_of_hidden_or_missing_threads_are_not_counted(client, thread):
    thread.is_hidden = True
    thread.save(update_fields=["is_hidden"])
    assert (
        client.post(reverse("forum_thread_viewed", args=[thread.pk])).status_code == 404
    )
    assert client.post(reverse("forum_thread_viewed", args=[10**9])).status_code == 404
    assert (
        client.get(reverse("forum_thread_viewed", args=[thread.pk])).status_code == 405
    )
    thread.refresh_from_db()
    assert thread.view_count == 0


def test_reputation_and_expert_badge_show_next_to_names(client, thread, other):
    answer(thread=thread, author=other, body="An answer")
    Reputation.objects.create(user=other, points=42)
    html = page(client, thread)
    assert re.search(r"42<span class=\"visually-hidden\"> reputation", html)


def test_anonymous_visitors_are_asked_to_sign_in_to_answer(client, thread):
    html = page(client, thread)
    assert "Sign in to answer" in html
    assert 'name="body"' not in html
    assert "Upvote this" not in html


def test_unverified_member_is_told_and_their_answer_refused(client, thread):
    client.force_login(MemberFactory(verified=False))
    html = page(client, thread)
    assert str(errors.EMAIL_NOT_VERIFIED) in html
    response = client.post(
        thread.get_absolute_url(), {"body": "My answer", "action": "post"}
    )
    assert response.status_code == 400
    assert str(errors.EMAIL_NOT_VERIFIED) in response.content.decode()
    assert not Post.objects.filter(body="My answer").exists()


def _fill(thread, count):
    for _ in range(count):
        post = PostFactory(thread=thread)
        PostFactory(thread=thread, parent_post=post)
        Reputation.objects.create(user=post.author, points=3)


@pytest.mark.parametrize("signed_in", [False, True])
def test_thread_page_query_count_is_flat(client, thread, signed_in):
    if signed_in:
        client.force_login(regular_member())
    _fill(thread, 1)
    one = count_queries(client, thread.get_absolute_url())
    _fill(thread, 19)
    assert count_queries(client, thread.get_absolute_url()) == one


def test_thread_page_is_within_the_anonymous_budget(client, thread):
    _fill(thread, 3)
    queries = count_queries(client, thread.get_absolute_url())
    assert queries <= ANONYMOUS_QUERY_BUDGET, queries


def test_thread_page_is_within_the_member_budget(client, thread):
    client.force_login(regular_member())
    _fill(thread, 3)
    queries = count_queries(client, thread.get_absolute_url())
    assert queries <= MEMBER_QUERY_BUDGET, queries


# --- answering and replying ---------------------------------------------------


def test_answering_through_the_form(client, thread, other):
    client.force_login(other)
    response = client.post(
        thread.get_absolute_url(), {"body": "Use **an index**.", "action": "post"}
    )
    post = Post.objects.get(body="Use **an index**.")
    assert response.status_code == 302
    assert response["Location"] == f"{thread.get_absolute_url()}#post-{post.pk}"
    assert "<strong>an index</strong>" in page(client, thread)


@pytest.mark.parametrize(
    ("body", "message"),
    [("", "This field is required."), ("x" * 20_001, "at most 20000 characters")],
)
def test_bad_answers_are_form_errors(client, thread, other, body, message):
    client.force_login(other)
    response = client.post(thread.get_absolute_url(), {"body": body})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert thread.posts.count() == 1


def test_script_in_an_answer_is_shown_as_typed(client, thread, other):
    client.force_login(other)
    client.post(thread.get_absolute_url(), {"body": "<script>alert(1)</script>"})
    html = page(client, thread)
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_answer_preview_posts_nothing(client, thread, other):
    client.force_login(other)
    response = client.post(
        thread.get_absolute_url(), {"body": "Try *this*", "action": "preview"}
    )
    assert response.status_code == 200
    assert "<em>this</em>" in response.content.decode()
    assert thread.posts.count() == 1


def test_answer_to_a_locked_thread_is_refused(client, thread, other):
    Thread.objects.filter(pk=thread.pk).update(is_locked=True)
    client.force_login(other)
    assert "This thread is locked" in page(client, thread)
    response = client.post(thread.get_absolute_url(), {"body": "Late answer"})
    assert response.status_code == 400
    assert str(errors.THREAD_LOCKED) in response.content.decode()


def test_replying_through_the_form(client, thread, other):
    an_answer = answer(thread=thread, author=other, body="An answer")
    client.force_login(thread.author)
    response = client.post(
        f"/forum/posts/{an_answer.pk}/reply/", {"body": "Thanks!", "action": "post"}
    )
    reply_post = Post.objects.get(body="Thanks!")
    assert response.status_code == 302
    assert reply_post.parent_post == an_answer


def test_empty_reply_reopens_its_form_with_the_error(client, thread, other):
    an_answer = answer(thread=thread, author=other, body="An answer")
    client.force_login(thread.author)
    response = client.post(f"/forum/posts/{an_answer.pk}/reply/", {"body": " "})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="reply-' + str(an_answer.pk) + '-errors"' in html
    assert re.search(r'<details class="forum-reply-form" open>', html)


def test_reply_preview(client, thread, other):
    an_answer = answer(thread=thread, author=other, body="An answer")
    client.force_login(thread.author)
    response = client.post(
        f"/forum/posts/{an_answer.pk}/reply/", {"body": "*Ok*", "action": "preview"}
    )
    assert "<em>Ok</em>" in response.content.decode()
    assert not Post.objects.filter(parent_post=an_answer).exists()


def test_reply_to_a_post_in_a_hidden_thread_is_404(client, thread, other):
    an_answer = answer(thread=thread, author=other, body="An answer")
    Thread.objects.filter(pk=thread.pk).update(is_hidden=True)
    client.force_login(thread.author)
    response = client.post(f"/forum/posts/{an_answer.pk}/reply/", {"body": "Hi"})
    assert response.status_code == 404


# --- voting and accepting ----------------------------------------------------


def test_voting_up_shows_pressed_and_voting_again_withdraws(client, thread, other):
    an_answer = answer(thread=thread, author=other, body="An answer")
    client.force_login(thread.author)
    url = f"/forum/posts/{an_answer.pk}/vote/"

    response = client.post(url, {"value": "1"})
    html = page(client, thread)

    assert response.status_code == 302
    assert Post.objects.get(pk=an_answer.pk).score == 1
    assert re.search(
        r'value="0" aria-pressed="true" aria-label="Upvote this answer \(score 1\)"',
        html,
    )
    client.post(url, {"value": "0"})
    assert not Vote.objects.exists()
    assert Post.objects.get(pk=an_answer.pk).score == 0


def test_voting_on_ones_own_post_is_refused_with_a_message(client, thread):
    client.force_login(thread.author)
    opening = thread.posts.get()
    response = client.post(f"/forum/posts/{opening.pk}/vote/", {"value": "1"})
    assert str(errors.OWN_POST_VOTE) in messages_of(response)
    assert not Vote.objects.exists()


def test_a_bad_vote_value_is_refused(client, thread, other):
    client.force_login(other)
    opening = thread.posts.get()
    response = client.post(f"/forum/posts/{opening.pk}/vote/", {"value": "5"})
    assert response.status_code == 302
    assert str(errors.BAD_VOTE) in messages_of(response)
    assert not Vote.objects.exists()


def test_anonymous_vote_goes_to_sign_in(client, thread):
    opening = thread.posts.get()
    response = client.post(f"/forum/posts/{opening.pk}/vote/", {"value": "1"})
    assert "/accounts/login/" in response["Location"]
    assert not Vote.objects.exists()


def test_asker_accepts_and_unaccepts_an_answer(client, thread, other):
    an_answer = answer(thread=thread, author=other, body="An answer")
    client.force_login(thread.author)
    assert "Accept this answer" in page(client, thread)

    client.post(f"/forum/posts/{an_answer.pk}/accept/", {"accept": "1"})
    thread.refresh_from_db()
    assert thread.accepted_answer == an_answer
    assert "Unaccept this answer" in page(client, thread)

    client.post(f"/forum/posts/{an_answer.pk}/accept/", {"accept": "0"})
    thread.refresh_from_db()
    assert thread.accepted_answer is None


def test_someone_else_cannot_accept(client, thread, other):
    an_answer = answer(thread=thread, author=other, body="An answer")
    client.force_login(other)
    assert "Accept this answer" not in page(client, thread)
    response = client.post(f"/forum/posts/{an_answer.pk}/accept/", {"accept": "1"})
    assert str(errors.NOT_YOUR_QUESTION) in messages_of(response)
    thread.refresh_from_db()
    assert thread.accepted_answer is None


# --- editing and deleting ----------------------------------------------------


def test_editing_own_answer(client, thread, other):
    an_answer = answer(thread=thread, author=other, body="First version")
    client.force_login(other)
    url = f"/forum/posts/{an_answer.pk}/edit/"
    assert "First version" in client.get(url).content.decode()

    response = client.post(url, {"body": "Second version", "action": "save"})

    assert response.status_code == 302
    assert Post.objects.get(pk=an_answer.pk).body == "Second version"
    assert PostRevision.objects.get(post=an_answer).body == "First version"


def test_editing_the_question_changes_title_and_address(client, thread):
    opening = thread.posts.get()
    client.force_login(thread.author)
    response = client.post(
        f"/forum/posts/{opening.pk}/edit/",
        {"title": "How do I partition a big table?", "body": "New text"},
    )
    thread.refresh_from_db()
    assert thread.slug == "how-do-i-partition-a-big-table"
    assert response["Location"].startswith(thread.get_absolute_url())


def test_edit_preview_and_bad_input(client, thread):
    opening = thread.posts.get()
    client.force_login(thread.author)
    url = f"/forum/posts/{opening.pk}/edit/"
    preview = client.post(
        url, {"title": thread.title, "body": "*new*", "action": "preview"}
    )
    short = client.post(url, {"title": "Short", "body": "x"})
    assert "<em>new</em>" in preview.content.decode()
    assert short.status_code == 400
    assert str(errors.TITLE_TOO_SHORT % {"min": 10}) in short.content.decode()
    assert Post.objects.get(pk=opening.pk).body == opening.body


def test_someone_elses_post_cannot_be_edited_or_deleted(client, thread, other):
    opening = thread.posts.get()
    client.force_login(other)
    for action in ("edit", "delete"):
        url = f"/forum/posts/{opening.pk}/{action}/"
        assert client.get(url).status_code == 404
        assert client.post(url, {"body": "Mine now", "title": "x" * 20}).status_code
    assert Post.objects.get(pk=opening.pk).body == opening.body
    assert Post.objects.get(pk=opening.pk).deleted_at is None
    assert "Edit<span" not in page(client, thread)


def test_deleting_own_answer_after_confirmation(client, thread, other):
    an_answer = answer(thread=thread, author=other, body="Never mind")
    client.force_login(other)
    url = f"/forum/posts/{an_answer.pk}/delete/"
    assert "Delete your answer?" in client.get(url).content.decode()

    response = client.post(url)

    assert response.status_code == 302
    assert Post.objects.get(pk=an_answer.pk).deleted_at is not None
    assert "This post was deleted by its author." in page(client, thread)


def test_deleting_a_question_with_answers_is_refused(client, thread, other):
    answer(thread=thread, author=other, body="An answer")
    opening = thread.posts.get(is_opening=True)
    client.force_login(thread.author)
    response = client.post(f"/forum/posts/{opening.pk}/delete/")
    assert str(errors.QUESTION_HAS_ANSWERS) in messages_of(response)
    assert Post.objects.get(pk=opening.pk).deleted_at is None


def test_deleting_an_unanswered_question_removes_the_thread(client, thread):
    opening = thread.posts.get()
    client.force_login(thread.author)
    response = client.post(f"/forum/posts/{opening.pk}/delete/")
    assert response["Location"] == "/forum/c/databases/"
    client.logout()
    assert client.get(thread.get_absolute_url()).status_code == 404
