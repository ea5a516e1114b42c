"""Answer it live (forum.services.live and the thread page): an expert turns
an open question into a draft session, publishing it tells the question's
followers, the two pages link to each other, and the host's recap is an
answer the asker can accept."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.html import escape

from core.tests.concurrency import ensure_site_tree, needs_row_locks, run_at_once
from forum import errors
from forum.errors import ForumError
from forum.models import Notification, Post, Subscription, Thread
from forum.services import live
from forum.services.following import follow_thread
from forum.services.posting import answer, ask
from forum.services.voting import accept_answer
from forum.tests.factories import ForumCategoryFactory, ThreadFactory
from sessions.models import SessionPage
from sessions.services.hosting import cancel_session
from sessions.tests.factories import ExpertFactory, MemberFactory, get_session_index

pytestmark = pytest.mark.django_db
QUESTION = "My <script>alert(1)</script> query takes **ten seconds**. What now?"


def make_host(**fields):
    """An expert in the Experts group, whom Wagtail lets add sessions."""
    expert = ExpertFactory(**fields)
    expert.groups.add(Group.objects.get(name="Experts"))
    return expert


@pytest.fixture
def host():
    return make_host(time_zone="Europe/Paris")


@pytest.fixture
def asker():
    return MemberFactory(name="Sam Asker")


@pytest.fixture
def thread(asker):
    question = ask(
        author=asker,
        category=ForumCategoryFactory(),
        title="Why is my JOIN so slow on big tables?",
        body=QUESTION,
    )
    question.skills.add("PostgreSQL")
    return question


def start(client, thread):
    return client.post(f"/forum/t/{thread.pk}/live/")


def publish(session, user):
    session.save_revision(user=user).publish(user=user)
    return SessionPage.objects.get(pk=session.pk)


def started_session(thread, host):
    """The question's live session, published and started an hour ago."""
    session = live.start_live_answer(thread=thread, host=host)
    session = publish(session, host)
    now = timezone.now()
    SessionPage.objects.filter(pk=session.pk).update(
        starts_at=now - timedelta(hours=1), ends_at=now + timedelta(minutes=5)
    )
    return SessionPage.objects.get(pk=session.pk)


# --- starting a live answer ---------------------------------------------------


def test_expert_turns_the_question_into_a_draft_session(client, thread, host):
    client.force_login(host)
    assert "Answer it live" in client.get(thread.get_absolute_url()).text

    response = start(client, thread)

    session = SessionPage.objects.get()
    assert response.status_code == 302
    assert response.url == f"/admin/pages/{session.pk}/edit/"
    assert not session.live
    assert session.host == host and session.owner == host
    assert session.title == thread.title
    assert session.time_zone == "Europe/Paris"
    assert session.starts_at > timezone.now() + timedelta(days=6)
    assert [skill.name for skill in session.skills.all()] == ["PostgreSQL"]
    quote = session.description[1].value
    assert "ten seconds" in quote["quote"] and "<script>" not in quote["quote"]
    assert quote["name"] == "Sam Asker"
    thread.refresh_from_db()
    assert thread.live_session_id == session.pk
    assert Subscription.objects.filter(user=host, thread=thread).exists()
    # Wagtail lets the expert finish it: they own the draft.
    edit = client.get(response.url)
    assert edit.status_code == 200
    assert thread.title in edit.text


def test_the_draft_shows_on_the_thread_only_to_its_host(client, thread, host):
    session = live.start_live_answer(thread=thread, host=host)
    client.force_login(host)
    html = client.get(thread.get_absolute_url()).text
    assert "Your draft session from this question" in html
    assert f"/admin/pages/{session.pk}/edit/" in html
    assert "Answer it live" not in html

    client.force_login(MemberFactory())
    html = client.get(thread.get_absolute_url()).text
    assert "draft session" not in html and session.url_path not in html


def test_a_member_who_cannot_host_sees_no_button_and_is_refused(client, thread):
    client.force_login(MemberFactory())
    assert "Answer it live" not in client.get(thread.get_absolute_url()).text
    response = start(client, thread)
    assert response.status_code == 302
    assert response.url == thread.get_absolute_url()
    assert not SessionPage.objects.exists()
    messages = client.get(thread.get_absolute_url()).text
    assert str(errors.LIVE_NOT_A_HOST) in messages


def test_signed_out_visitors_are_sent_to_sign_in(client, thread):
    response = start(client, thread)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    assert not SessionPage.objects.exists()


def test_a_hidden_thread_is_not_found(client, thread, host):
    Thread.objects.filter(pk=thread.pk).update(is_hidden=True)
    client.force_login(host)
    assert start(client, thread).status_code == 404
    assert not SessionPage.objects.exists()


@pytest.mark.parametrize(
    "change, message",
    [
        ({"is_locked": True}, errors.THREAD_LOCKED),
        ({"kind": Thread.Kind.DISCUSSION}, errors.NOT_A_QUESTION),
    ],
)
def test_only_an_open_question_can_be_answered_live(thread, host, change, message):
    Thread.objects.filter(pk=thread.pk).update(**change)
    with pytest.raises(ForumError) as refused:
        live.start_live_answer(thread=Thread.objects.get(pk=thread.pk), host=host)
    assert refused.value.message == message
    assert not SessionPage.objects.exists()


def test_a_solved_question_is_not_answered_live(thread, asker, host):
    accept_answer(
        answer=answer(thread=thread, author=MemberFactory(), body="Add an index."),
        user=asker,
    )
    with pytest.raises(ForumError) as refused:
        live.start_live_answer(thread=Thread.objects.get(pk=thread.pk), host=host)
    assert refused.value.message == errors.LIVE_SOLVED


def test_experts_do_not_answer_their_own_question_live(host):
    own = ThreadFactory(author=host)
    with pytest.raises(ForumError) as refused:
        live.start_live_answer(thread=own, host=host)
    assert refused.value.message == errors.LIVE_OWN_QUESTION


def test_an_unverified_expert_is_refused(thread):
    expert = make_host(verified=False)
    with pytest.raises(ForumError) as refused:
        live.start_live_answer(thread=thread, host=expert)
    assert refused.value.message == errors.EMAIL_NOT_VERIFIED


def test_one_live_session_per_question_until_it_is_cancelled(thread, host):
    session = live.start_live_answer(thread=thread, host=host)
    other = make_host()
    with pytest.raises(ForumError) as refused:
        live.start_live_answer(thread=thread, host=other)
    assert refused.value.message == errors.LIVE_ALREADY

    cancel_session(session=publish(session, host), by=host)
    second = live.start_live_answer(thread=thread, host=other)
    thread.refresh_from_db()
    assert thread.live_session_id == second.pk != session.pk


@pytest.mark.django_db(transaction=True)
def test_two_experts_at_once_make_one_live_session():
    needs_row_locks()
    # A flushed database lost the page tree and the session index.
    ensure_site_tree()
    get_session_index()
    thread = ThreadFactory()
    # Superusers: a flushed database has no Experts group, and Wagtail lets
    # a superuser add a session anywhere.
    hosts = iter(ExpertFactory.create_batch(2, is_superuser=True, is_staff=True))

    def try_to_start():
        try:
            return live.start_live_answer(thread=thread, host=next(hosts)).pk
        except ForumError as error:
            return error.message

    outcomes = run_at_once(try_to_start)
    assert sorted(outcomes, key=str).count(errors.LIVE_ALREADY) == 1
    assert SessionPage.objects.count() == 1


def test_a_reserved_word_never_becomes_a_threads_slug(asker):
    thread = ask(
        author=asker,
        category=ForumCategoryFactory(),
        title="Live !!!!!!!!!",
        body="What is it?",
    )
    assert thread.slug == "live-thread"


# --- publishing and the links both ways -----------------------------------------


def test_publishing_tells_the_followers_once(client, thread, asker, host):
    follower = MemberFactory()
    follow_thread(user=follower, thread=thread)
    session = live.start_live_answer(thread=thread, host=host)
    assert not Notification.objects.filter(kind=Notification.Kind.LIVE).exists()

    session = publish(session, host)
    publish(session, host)  # edited and published again

    told = Notification.objects.filter(kind=Notification.Kind.LIVE, thread=thread)
    assert sorted(told.values_list("user_id", flat=True)) == sorted(
        [asker.pk, follower.pk]
    )
    client.force_login(follower)
    listing = client.get("/forum/notifications/").text
    assert f"An expert will answer “{thread.title}” live" in listing


def test_the_thread_and_the_session_link_to_each_other(client, thread, host):
    session = publish(live.start_live_answer(thread=thread, host=host), host)

    html = client.get(thread.get_absolute_url()).text
    assert "An expert answers this live in" in html
    assert f'href="{session.url}"' in html
    assert "Answer it live" not in html

    html = client.get(session.url).text
    assert "This session answers a question from the forum" in html
    assert f'href="{thread.get_absolute_url()}"' in html
    assert "recap is posted" not in html


def test_a_cancelled_session_is_no_longer_shown_on_the_thread(client, thread, host):
    session = publish(live.start_live_answer(thread=thread, host=host), host)
    cancel_session(session=session, by=host)
    html = client.get(thread.get_absolute_url()).text
    assert "answers this live" not in html


def test_a_hidden_question_is_not_linked_from_its_session(client, thread, host):
    session = publish(live.start_live_answer(thread=thread, host=host), host)
    Thread.objects.filter(pk=thread.pk).update(is_hidden=True)
    html = client.get(session.url).text
    assert "answers a question from the forum" not in html


# --- the recap ------------------------------------------------------------------


def test_the_host_posts_the_recap_and_the_asker_accepts_it(client, thread, asker, host):
    session = started_session(thread, host)
    client.force_login(host)
    html = client.get(thread.get_absolute_url()).text
    assert "Post the recap of your live session" in html

    response = client.post(
        thread.get_absolute_url(),
        {"body": "We covered **indexes**.", "action": "post", "recap": "1"},
    )

    recap = Post.objects.get(is_live_recap=True)
    assert response.status_code == 302
    assert recap.author == host and recap.is_answer
    assert "Recap of the live session" in client.get(thread.get_absolute_url()).text
    assert "recap is posted there" in client.get(session.url).text

    accept_answer(answer=recap, user=asker)
    thread.refresh_from_db()
    assert thread.accepted_answer_id == recap.pk
    with pytest.raises(ForumError) as refused:
        live.post_live_recap(thread=thread, author=host, body="Again")
    assert refused.value.message == errors.RECAP_ALREADY


def test_no_recap_before_the_session_starts(thread, host):
    publish(live.start_live_answer(thread=thread, host=host), host)
    with pytest.raises(ForumError) as refused:
        live.post_live_recap(thread=thread, author=host, body="Too soon")
    assert refused.value.message == errors.RECAP_TOO_EARLY
    assert not Post.objects.filter(is_live_recap=True).exists()


def test_only_the_host_posts_the_recap(client, thread, host):
    started_session(thread, host)
    member = MemberFactory()
    client.force_login(member)
    assert "Post the recap" not in client.get(thread.get_absolute_url()).text
    response = client.post(
        thread.get_absolute_url(),
        {"body": "My fake recap", "action": "post", "recap": "1"},
    )
    assert response.status_code == 400
    assert escape(str(errors.RECAP_NOT_HOST)) in response.text
    assert not Post.objects.filter(body="My fake recap").exists()


def test_the_host_is_asked_for_the_recap_once_after_the_session(
    thread, host, django_capture_on_commit_callbacks, mailoutbox
):
    session = started_session(thread, host)
    assert live.request_live_recaps() == 0  # not over yet

    later = session.ends_at + timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert live.request_live_recaps(now=later) == 1
        assert live.request_live_recaps(now=later) == 0
    [email] = mailoutbox
    assert email.to == [host.email]
    assert session.title in email.subject
    assert thread.get_absolute_url() in email.body


def test_no_recap_request_once_posted_or_cancelled(thread, host, mailoutbox):
    session = started_session(thread, host)
    live.post_live_recap(thread=thread, author=host, body="What we covered.")
    other = ThreadFactory()
    cancelled = started_session(other, make_host())
    cancel_session(session=cancelled, by=cancelled.host)

    later = max(session.ends_at, cancelled.ends_at) + timedelta(minutes=1)
    assert live.request_live_recaps(now=later) == 0
    assert mailoutbox == []
