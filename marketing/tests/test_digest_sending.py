"""The weekly digest's email, and what sending it costs: queries that do
not grow with members or items, and two runs at once mailing each member
once."""

from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from content.tests.factories import ArticlePageFactory, CoursePageFactory
from core import jobs
from core.tests.concurrency import ensure_site_tree, needs_row_locks, run_at_once
from forum.tests.factories import ThreadFactory
from marketing.digest_schedule import claim_weekly_digests
from marketing.digest_tasks import send_weekly_digest
from marketing.models import DigestSend
from marketing.tests.digest_support import (
    MONDAY,
    MONDAY_8_UTC,
    published,
    run_job,
    sent_to,
    subscriber,
)
from sessions.models import SessionPage
from sessions.tests.factories import (
    MemberFactory,
    SessionPageFactory,
    get_session_index,
)

pytestmark = pytest.mark.django_db


def _job_reads(count: int, capture) -> int:
    for _ in range(count):
        subscriber(["SQL"])
    with CaptureQueriesContext(connection) as queries, capture(execute=False):
        claim_weekly_digests()
    DigestSend.objects.all().delete()
    return sum(q["sql"].lstrip().upper().startswith("SELECT") for q in queries)


def test_the_jobs_reads_do_not_grow_with_the_number_of_members(
    django_capture_on_commit_callbacks,
):
    with time_machine.travel(MONDAY_8_UTC, tick=False):
        SessionPageFactory(skills=["SQL"])
        ThreadFactory(skills=["SQL"])
        published(ArticlePageFactory, skills=["SQL"])
        one = _job_reads(1, django_capture_on_commit_callbacks)
        many = _job_reads(10, django_capture_on_commit_callbacks)
    assert many == one


def _send_queries(member) -> int:
    row = DigestSend.objects.create(user=member, week=MONDAY)
    with CaptureQueriesContext(connection) as queries:
        assert send_weekly_digest.call(digest_send_id=row.pk) == "sent"
    return len(queries)


def test_a_full_digest_costs_the_send_no_more_queries_than_a_short_one():
    with time_machine.travel(MONDAY_8_UTC, tick=False):
        short, full = subscriber(["SQL"]), subscriber(["Python"])
        for skill, count in (("SQL", 1), ("Python", 6)):
            for _ in range(count):
                SessionPageFactory(skills=[skill])
                ThreadFactory(skills=[skill])
                published(ArticlePageFactory, skills=[skill])
                published(CoursePageFactory, skills=[skill])
        assert _send_queries(short) == _send_queries(full)
    assert DigestSend.objects.get(user=full).item_count == 6 + 3 + 3


def test_the_digest_job_is_registered():
    assert jobs.registered_jobs()["send weekly digests"]


# --- The email -----------------------------------------------------------------


def _query(url: str) -> dict:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def test_the_email_has_both_parts_utm_links_unsubscribe_headers_and_local_times(
    django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://masteryhub.example"
    with time_machine.travel(MONDAY_8_UTC, tick=False):
        member = subscriber(["SQL"], time_zone="Europe/Berlin")
        host = MemberFactory(name="Grace Hopper")
        session = SessionPageFactory(
            title="Query plans & you",
            skills=["SQL"],
            host=host,
            starts_at=datetime(2031, 1, 15, 17, 0, tzinfo=UTC),
            time_zone="UTC",
            price="25.00",
            format=SessionPage.Format.WEBINAR,
        )
        run_job(django_capture_on_commit_callbacks)

    (message,) = sent_to(member)
    assert message.subject == "[MasteryHub] 1 session for you this week"
    html = message.alternatives[0].content
    assert message.alternatives[0].mimetype == "text/html"
    for part in (message.body, html):
        # 17:00 UTC is 18:00 in Berlin; the session's own zone is named too.
        assert "Wed 15 Jan 2031, 18:00 CET (session time 17:00 UTC)" in part
        assert "Grace Hopper" in part
        assert "Webinar" in part and "25.00 EUR" in part
        assert "switched on the weekly digest in your email preferences" in part
    assert "Query plans & you" in message.body
    assert "Query plans &amp; you" in html

    link = f"https://masteryhub.example{session.url}?"
    (session_link,) = [w for w in message.body.split() if w.startswith(link)]
    assert _query(session_link) == {
        "utm_source": "digest",
        "utm_medium": "email",
        "utm_campaign": "weekly-digest-2031-01-13",
    }
    assert f'href="{session_link.replace("&", "&amp;")}"' in html
    assert 'href="/' not in html  # every link absolute
    assert message.extra_headers["List-Unsubscribe"].startswith(
        "<https://masteryhub.example/"
    )
    assert message.extra_headers["List-Unsubscribe-Post"] == (
        "List-Unsubscribe=One-Click"
    )


def test_the_subject_names_questions_when_there_are_no_sessions(
    django_capture_on_commit_callbacks,
):
    with time_machine.travel(MONDAY_8_UTC, tick=False):
        member = subscriber(["SQL"])
        ThreadFactory(title="What is a CTE?", skills=["SQL"])
        ThreadFactory(title="When to vacuum?", skills=["SQL"])
        run_job(django_capture_on_commit_callbacks)
    (message,) = sent_to(member)
    assert message.subject == "[MasteryHub] 2 questions you could answer this week"


# --- Two machines --------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_claim_and_mail_each_member_once():
    needs_row_locks()
    ensure_site_tree()
    get_session_index()
    with time_machine.travel(MONDAY_8_UTC, tick=False):
        members = [subscriber(["SQL"]) for _ in range(6)]
        SessionPageFactory(skills=["SQL"])
        claimed = run_at_once(claim_weekly_digests)

    assert sum(claimed) == 6
    assert DigestSend.objects.filter(status="sent").count() == 6
    assert sorted(m.to[0] for m in mail.outbox) == sorted(m.email for m in members)
