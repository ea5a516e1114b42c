"""`manage.py run_periodic`: the jobs the scheduler runs every minute, and
core's own: pruning finished task results, retrying failed emails."""

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command
from django_tasks_db.models import DBTaskResult

from core import jobs
from core.maintenance import (
    prune_task_results,
    requeue_abandoned_tasks,
    retry_failed_emails,
)
from core.tasks import send_email
from core.tests.concurrency import needs_row_locks, run_at_once
from core.tests.task_support import BROKEN_MAIL, fail_to_index, run_ready_tasks

pytestmark = pytest.mark.django_db
START = datetime(2031, 3, 3, 9, 0, tzinfo=UTC)
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


def queue_welcome(to="ada@example.com"):
    send_email.enqueue(subject="Welcome", body="Hello", to=[to])


def test_the_command_runs_every_apps_jobs():
    out = StringIO()
    call_command("run_periodic", "--list", stdout=out)
    assert out.getvalue().splitlines() == [
        "forget unconfirmed newsletter addresses",
        "send weekly digests",
        "start scheduled campaigns",
        "submit assessment attempts whose time is up",
        "email members about unread messages",
        "cancel 1:1 sessions unpaid or unanswered at their start",
        "email members their forum notifications",
        "ask hosts for the recap of their live sessions",
        "release lapsed seat holds and waitlist offers",
        "prune old Stripe events",
        "prune finished task results",
        "retry failed emails",
        "queue again tasks abandoned by a dead worker",
    ]


def test_a_failing_job_is_reported_and_the_others_still_run(
    database_tasks, monkeypatch
):
    def broken() -> int:
        raise RuntimeError("boom")

    # First in line, so the jobs after it show the run went on.
    monkeypatch.setattr(jobs, "_registry", {"broken": broken, **jobs.registered_jobs()})
    with time_machine.travel(START - timedelta(days=30), tick=False):
        queue_welcome()
        run_ready_tasks()
    with time_machine.travel(START, tick=False):
        err = StringIO()
        with pytest.raises(CommandError, match="broken"):
            call_command("run_periodic", stderr=err)
    assert "broken: failed (RuntimeError: boom)" in err.getvalue()
    assert not DBTaskResult.objects.exists()  # pruned by a later job


def test_an_unknown_job_name_is_refused():
    with pytest.raises(CommandError, match="Unknown job 'sweep'"):
        call_command("run_periodic", "--job", "sweep")


def test_finished_task_results_are_pruned_after_the_retention_period(
    database_tasks, settings
):
    settings.EMAIL_BACKEND = BROKEN_MAIL
    with time_machine.travel(START - timedelta(days=15), tick=False):
        queue_welcome("failed@example.com")
        run_ready_tasks()
    settings.EMAIL_BACKEND = LOCMEM
    with time_machine.travel(START - timedelta(days=15), tick=False):
        queue_welcome("old@example.com")
        run_ready_tasks()
    with time_machine.travel(START - timedelta(days=13), tick=False):
        queue_welcome("recent@example.com")
        run_ready_tasks()
    with time_machine.travel(START - timedelta(days=15), tick=False):
        queue_welcome("waiting@example.com")  # no worker took it: kept

    with time_machine.travel(START, tick=False):
        settings.TASK_RESULT_RETENTION_DAYS = 16
        assert prune_task_results() == 0
        settings.TASK_RESULT_RETENTION_DAYS = 14
        assert prune_task_results() == 2
        assert prune_task_results() == 0  # a second run finds nothing

    left = {
        result.args_kwargs["kwargs"]["to"][0]: result.status
        for result in DBTaskResult.objects.all()
    }
    assert left == {"waiting@example.com": "READY", "recent@example.com": "SUCCESSFUL"}


def _attempts() -> list[tuple[str, int]]:
    return sorted(
        (result.status, result.args_kwargs["kwargs"].get("attempt", 1))
        for result in DBTaskResult.objects.all()
    )


def test_a_failed_email_is_retried_with_exponential_backoff(database_tasks, settings):
    settings.EMAIL_BACKEND = BROKEN_MAIL
    settings.EMAIL_RETRY_BACKOFF_SECONDS = 300
    with time_machine.travel(START, tick=False) as clock:
        queue_welcome()
        run_ready_tasks()
        assert _attempts() == [("FAILED", 1)]

        clock.shift(timedelta(seconds=299))
        assert retry_failed_emails() == 0  # not yet: five minutes first
        clock.shift(timedelta(seconds=2))
        assert retry_failed_emails() == 1
        assert retry_failed_emails() == 0  # queued once, however many runs
        assert _attempts() == [("READY", 2)]

        run_ready_tasks()
        clock.shift(timedelta(seconds=301))
        assert retry_failed_emails() == 0  # the second wait is ten minutes
        clock.shift(timedelta(seconds=300))
        assert retry_failed_emails() == 1

        settings.EMAIL_BACKEND = LOCMEM  # the mail server is back
        run_ready_tasks()
    assert _attempts() == [("SUCCESSFUL", 3)]
    (message,) = mail.outbox
    assert message.to == ["ada@example.com"]
    assert message.subject == "Welcome"


def test_retries_stop_after_the_last_attempt(database_tasks, settings):
    settings.EMAIL_BACKEND = BROKEN_MAIL
    settings.EMAIL_RETRY_MAX_ATTEMPTS = 2
    with time_machine.travel(START, tick=False) as clock:
        queue_welcome()
        run_ready_tasks()
        clock.shift(timedelta(hours=1))
        assert retry_failed_emails() == 1
        run_ready_tasks()
        clock.shift(timedelta(days=1))
        assert retry_failed_emails() == 0
    # The last failure stays on record, with its error, for staff to see.
    (result,) = DBTaskResult.objects.all()
    assert (result.status, result.args_kwargs["kwargs"]["attempt"]) == ("FAILED", 2)
    assert "SMTPServerDisconnected" in result.exception_class_path


def test_only_email_tasks_are_retried(database_tasks):
    with time_machine.travel(START, tick=False) as clock:
        fail_to_index.enqueue(page_id=3)
        run_ready_tasks()
        clock.shift(timedelta(hours=1))
        assert retry_failed_emails() == 0
    assert DBTaskResult.objects.get().status == "FAILED"


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_queue_each_failed_email_once(database_tasks, settings):
    needs_row_locks()
    settings.EMAIL_BACKEND = BROKEN_MAIL
    with time_machine.travel(START, tick=False):
        for n in range(5):
            queue_welcome(f"member{n}@example.com")
        run_ready_tasks()
    retried = run_at_once(lambda: retry_failed_emails(now=START + timedelta(hours=1)))
    assert sum(retried) == 5
    assert _attempts() == [("READY", 2)] * 5


def test_an_email_whose_worker_was_killed_mid_send_is_sent_once_requeued(
    database_tasks, settings
):
    settings.EMAIL_BACKEND = LOCMEM
    settings.TASK_ABANDONED_AFTER_SECONDS = 3600
    with time_machine.travel(START, tick=False) as clock:
        queue_welcome()
        # The worker claims it, then dies before sending (SIGKILL).
        DBTaskResult.objects.get().claim("killed-worker")
        clock.shift(timedelta(minutes=59))
        assert requeue_abandoned_tasks() == 0  # it may still be running
        assert run_ready_tasks() == 0
        clock.shift(timedelta(minutes=2))
        assert requeue_abandoned_tasks() == 1
        assert requeue_abandoned_tasks() == 0  # queued once
        assert run_ready_tasks() == 1
    assert _attempts() == [("SUCCESSFUL", 1)]
    (message,) = mail.outbox
    assert message.to == ["ada@example.com"]
