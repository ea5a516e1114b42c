"""Running tasks through the database queue in tests (not a test module).

Tests use the immediate backend; the `database_tasks` fixture (conftest.py)
switches to the database backend production runs, and `run_ready_tasks`
does what one worker pass does.
"""

from smtplib import SMTPServerDisconnected

from django.core.mail.backends.base import BaseEmailBackend
from django_tasks import task
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

BROKEN_MAIL = "core.tests.task_support.BrokenMailBackend"


class BrokenMailBackend(BaseEmailBackend):
    """A mail server that hangs up on every message."""

    def send_messages(self, email_messages):
        raise SMTPServerDisconnected("Connection unexpectedly closed")


@task()
def fail_to_index(*, page_id: int) -> None:
    """A task other than an email's, failing as a search server that is
    down would."""
    raise ConnectionError(f"search server unreachable while indexing {page_id}")


def run_ready_tasks() -> int:
    """Claim and run every ready task once, as `db_worker` does (without
    its connection recycling, which would end the test's transaction)."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    ran = 0
    for result in DBTaskResult.objects.ready():
        result.claim(worker.worker_id)
        worker.run_task(result)
        ran += 1
    return ran
