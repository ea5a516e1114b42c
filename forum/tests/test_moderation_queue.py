"""The moderation queue in the Wagtail admin (forum/moderation_admin.py):
what moderators see and do there, and that nobody else reaches it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forum import errors
from forum.models import Ban, Flag, Post, Thread
from forum.services import moderation
from forum.services.posting import answer
from forum.tests.factories import ForumCategoryFactory
from sessions.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
Reason = Flag.Reason


def post_action(post, action) -> str:
    return reverse("forum_moderation_post_action", args=[post.pk, action])


def thread_action(thread, action) -> str:
    return reverse("forum_moderation_thread_action", args=[thread.pk, action])


# --- The queue in the admin ---------------------------------------------------------


QUEUE = "/admin/forum/moderation/"


def test_staff_see_flags_grouped_by_post_with_reasons_and_the_author(
    client, spam_answer, staff
):
    for reason in (Reason.SPAM, Reason.SPAM, Reason.RUDE):
        moderation.flag_post(post=spam_answer, reporter=MemberFactory(), reason=reason)
    Post.objects.filter(pk=spam_answer.pk).update(body="<b>Buy</b> pills")
    Ban.objects.create(user=spam_answer.author, reason="Earlier spam")
    client.force_login(staff)
    html = client.get(QUEUE).content.decode()
    assert html.count('class="forum-flagged"') == 1
    assert "3 open flags" in html
    assert "Spam or advertising (2), Rude or abusive (1)" in html
    assert "&lt;b&gt;Buy&lt;/b&gt; pills" in html
    assert "1 post" in html and "banned" in html
    assert spam_answer.thread.title in html


def test_the_queue_orders_by_newest_or_most_flagged(client, thread, staff):
    busy = answer(thread=thread, author=MemberFactory(), body="Busy post")
    recent = answer(thread=thread, author=MemberFactory(), body="Recent post")
    for _ in range(3):
        moderation.flag_post(post=busy, reporter=MemberFactory(), reason="spam")
    moderation.flag_post(post=recent, reporter=MemberFactory(), reason="spam")
    client.force_login(staff)
    newest = client.get(QUEUE).content.decode()
    assert newest.index("Recent post") < newest.index("Busy post")
    most = client.get(QUEUE + "?order=most").content.decode()
    assert most.index("Busy post") < most.index("Recent post")


def test_the_queue_query_count_is_flat(
    client, thread, staff, django_assert_num_queries
):
    def flag_new_post():
        post = answer(thread=thread, author=MemberFactory(), body="Flag me")
        moderation.flag_post(post=post, reporter=MemberFactory(), reason="spam")
        moderation.flag_post(post=post, reporter=MemberFactory(), reason="rude")

    flag_new_post()
    client.force_login(staff)
    client.get(QUEUE)  # warm Wagtail's per-process caches
    with CaptureQueriesContext(connection) as few:
        client.get(QUEUE)
    for _ in range(6):
        flag_new_post()
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(QUEUE)
    assert response.content.decode().count('class="forum-flagged"') == 7


def test_staff_act_from_the_admin(client, thread, spam_answer, reporter, staff):
    moderation.flag_post(post=spam_answer, reporter=reporter, reason="spam")
    client.force_login(staff)
    response = client.post(
        post_action(spam_answer, "hide"), {"reason": "Spam", "next": QUEUE}
    )
    assert response.status_code == 302 and response["Location"] == QUEUE
    assert Post.objects.get(pk=spam_answer.pk).is_hidden
    assert "Buy cheap pills" in client.get(QUEUE + "hidden/").content.decode()
    client.post(post_action(spam_answer, "restore"))
    assert not Post.objects.get(pk=spam_answer.pk).is_hidden
    assert client.post(post_action(spam_answer, "explode")).status_code == 404
    assert client.get(post_action(spam_answer, "restore")).status_code == 405

    thread_page = reverse("forum_moderation_thread", args=[thread.pk])
    assert client.get(thread_page).status_code == 200
    client.post(thread_action(thread, "lock"))
    assert Thread.objects.get(pk=thread.pk).is_locked
    elsewhere = ForumCategoryFactory()
    client.post(thread_action(thread, "move"), {"category": elsewhere.pk})
    assert Thread.objects.get(pk=thread.pk).category == elsewhere
    client.post(thread_action(thread, "hide"), {"reason": "Advert"})
    assert Thread.objects.get(pk=thread.pk).is_hidden

    member = spam_answer.author
    ban_page = reverse("forum_moderation_ban", args=[member.pk])
    response = client.post(ban_page, {"reason": "Spam", "until": ""})
    assert response.status_code == 302
    assert Ban.objects.get(user=member).until is None
    assert str(member) in client.get(QUEUE + "bans/").content.decode()
    client.post(reverse("forum_moderation_member_action", args=[member.pk, "unban"]))
    assert not Ban.objects.filter(user=member).exists()


def test_a_refused_admin_action_says_why(client, spam_answer, staff):
    client.force_login(staff)
    response = client.post(
        post_action(spam_answer, "hide"), {"reason": ""}, follow=True
    )
    assert str(errors.REASON_NEEDED) in response.content.decode()
    assert not Post.objects.get(pk=spam_answer.pk).is_hidden
    ban_page = reverse("forum_moderation_ban", args=[spam_answer.author_id])
    response = client.post(ban_page, {"reason": "Spam", "until": "2000-01-01"})
    assert response.status_code == 400
    assert str(errors.BAN_END_IN_PAST) in response.content.decode()


def test_members_cannot_reach_the_queue_or_act(client, thread, spam_answer, reporter):
    from experts.tests.factories import GroupExpertFactory

    moderation.flag_post(post=spam_answer, reporter=reporter, reason="spam")
    client.force_login(GroupExpertFactory())  # may use the admin, is not staff
    for url in (
        QUEUE,
        QUEUE + "hidden/",
        QUEUE + "bans/",
        reverse("forum_moderation_thread", args=[thread.pk]),
        reverse("forum_moderation_ban", args=[spam_answer.author_id]),
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert b"Buy cheap pills" not in response.content
    assert b"Forum moderation" not in client.get("/admin/").content
    for url, data in (
        (post_action(spam_answer, "hide"), {"reason": "x"}),
        (thread_action(thread, "lock"), {}),
        (
            reverse("forum_moderation_ban", args=[spam_answer.author_id]),
            {"reason": "x"},
        ),
    ):
        assert client.post(url, data).status_code in (302, 403), url
    assert not Post.objects.filter(is_hidden=True).exists()
    assert not Thread.objects.get(pk=thread.pk).is_locked
    assert not Ban.objects.exists()

    client.force_login(reporter)  # no admin access at all
    assert client.get(QUEUE).status_code in (302, 403)
    client.post(post_action(spam_answer, "hide"), {"reason": "x"})
    assert not Post.objects.filter(is_hidden=True).exists()
