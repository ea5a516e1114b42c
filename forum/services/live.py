"""Answer it live: an expert turns an open question into a session.

The expert starts a draft session from the thread (linked both ways: the
thread points at it, its page links back through `sessions.live_questions`),
finishes and publishes it in the admin; publishing tells the thread's
followers. After the session its host posts the recap as an answer, which
the asker may accept like any other; a periodic job asks for it once.
"""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape, strip_tags
from django.utils.text import Truncator
from wagtail.rich_text import RichText

from accounts.models import User
from core.emails import queue_email
from forum import notifications
from forum.errors import ForumError
from forum.models import Post, Thread
from forum.rules import live_answer_problem, recap_problem
from forum.services.following import follow_thread
from forum.services.posting import answer, lock_thread
from sessions.models import SessionPage
from sessions.selectors import get_index_for_new_session
from sessions.services.hosting import draft_session
from sessions.timezones import member_zone

# The draft's first guess at a time, which the host changes before
# publishing: a week ahead, early evening in the host's zone, one hour.
DAYS_AHEAD = 7
START_HOUR = 17
DURATION = timedelta(hours=1)
SUMMARY_MAX_LENGTH = 300
QUOTE_MAX_LENGTH = 600
# The host is asked for the recap of sessions that ended this recently;
# older ones (before the job ran, say) are left alone.
RECAP_REQUEST_WINDOW = timedelta(days=7)


def _first_guess_times(host: User) -> tuple[datetime, datetime]:
    day = timezone.localdate(timezone=member_zone(host)) + timedelta(days=DAYS_AHEAD)
    starts_at = datetime.combine(day, time(START_HOUR), tzinfo=member_zone(host))
    return starts_at, starts_at + DURATION


def _description(thread: Thread) -> list[tuple[str, object]]:
    opening = thread.posts.filter(is_opening=True).first()
    asker = thread.author
    intro = RichText(
        f'<p>A live answer to <a href="{escape(thread.get_absolute_url())}">'
        f"a question asked in the forum</a>: bring your own questions too.</p>"
    )
    quote = {
        "quote": Truncator(strip_tags(opening.body_html)).chars(QUOTE_MAX_LENGTH),
        "name": asker.get_full_name() or asker.username if asker else "",
        "role": "",
    }
    return [("paragraph", intro), ("quote", quote)]


@transaction.atomic
def start_live_answer(*, thread: Thread, host: User) -> SessionPage:
    """A draft session made from the question, hosted by `host`; the
    thread points at it and `host` follows the thread. One live session per
    question: the thread row is locked while it is made."""
    thread = lock_thread(thread.pk)
    problem = live_answer_problem(host, thread)
    if problem:
        raise ForumError(problem)
    starts_at, ends_at = _first_guess_times(host)
    session = draft_session(
        index=get_index_for_new_session(host),
        host=host,
        title=thread.title,
        summary=Truncator(
            f"A live answer to the forum question “{thread.title}”."
        ).chars(SUMMARY_MAX_LENGTH),
        description=_description(thread),
        skills=list(thread.skills.all()),
        starts_at=starts_at,
        ends_at=ends_at,
    )
    thread.live_session = session
    thread.save(update_fields=["live_session"])
    follow_thread(user=host, thread=thread)
    return session


@transaction.atomic
def announce_live_session(*, session: SessionPage) -> int:
    """Tell the followers of the questions `session` answers that it is
    published; once per question, however often it is published again.
    How many questions were announced."""
    threads = list(
        Thread.objects.select_for_update()
        .filter(
            live_session=session,
            live_announced_at__isnull=True,
            is_hidden=False,
            deleted_at__isnull=True,
        )
        .order_by("pk")
    )
    now = timezone.now()
    for thread in threads:
        notifications.live_session(thread, host_id=session.host_id)
        thread.live_announced_at = now
        thread.save(update_fields=["live_announced_at"])
    return len(threads)


def announce_on_publish(sender, instance, **kwargs) -> None:
    """Wagtail's page_published signal, for sessions (forum.apps)."""
    announce_live_session(session=instance)


@transaction.atomic
def post_live_recap(*, thread: Thread, author: User, body: str) -> Post:
    """The recap of the live session by its host, as an answer to the
    question (same arguments as posting.answer)."""
    thread = lock_thread(thread.pk)
    problem = recap_problem(author, thread)
    if problem:
        raise ForumError(problem)
    return answer(thread=thread, author=author, body=body, live_recap=True)


@transaction.atomic
def request_live_recaps(*, now: datetime | None = None) -> int:
    """Ask each host whose live session has ended for its recap, once, by
    email; how many were asked. Rows are locked with skip_locked and marked
    in the transaction that queues the email, so two runners ask once."""
    now = now or timezone.now()
    threads = list(
        Thread.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(
            recap_requested_at__isnull=True,
            is_hidden=False,
            deleted_at__isnull=True,
            live_session__live=True,
            live_session__ends_at__lte=now,
            live_session__ends_at__gt=now - RECAP_REQUEST_WINDOW,
        )
        .exclude(live_session__status=SessionPage.Status.CANCELLED)
        .exclude(posts__is_live_recap=True)
        .select_related("live_session__host")
        .order_by("pk")
    )
    for thread in threads:
        host = thread.live_session.host
        if host.is_active and host.email:
            queue_email(
                template_prefix="forum/email/live_recap",
                to=host.email,
                context={
                    "name": host.get_short_name() or host.username,
                    "session_title": thread.live_session.title,
                    "thread_title": thread.title,
                    "recap_url": f"{settings.SITE_URL}"
                    f"{thread.get_absolute_url()}#answer-form-heading",
                    "site_url": settings.SITE_URL,
                },
            )
    Thread.objects.filter(pk__in=[thread.pk for thread in threads]).update(
        recap_requested_at=now
    )
    return len(threads)
