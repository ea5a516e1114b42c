"""/healthz watches the task worker: a task left waiting too long means
emails and reminders are not going out, so the check turns 503."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from core.tasks import send_email
from core.tests.task_support import run_ready_tasks

pytestmark = pytest.mark.django_db
START = datetime(2031, 3, 3, 9, 0, tzinfo=UTC)


def queue_welcome(**using):
    send_email.using(**using).enqueue(subject="Welcome", body="Hi", to=["a@b.test"])


def test_an_idle_queue_is_healthy(client, database_tasks):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["worker"] == "ok"
    assert response.json()["tasks"] == {
        "ready_tasks": 0,
        "oldest_ready_task_age_seconds": 0.0,
        "max_age_seconds": 300,
    }


def test_a_task_waiting_past_the_threshold_makes_it_unhealthy(
    client, database_tasks, settings
):
    with time_machine.travel(START, tick=False) as clock:
        queue_welcome()
        clock.shift(timedelta(seconds=299))
        response = client.get("/healthz")
        assert response.status_code == 200
        assert response.json()["tasks"]["oldest_ready_task_age_seconds"] == 299.0

        clock.shift(timedelta(seconds=2))
        queue_welcome()
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "database": "ok",
        "cache": "ok",
        "worker": "late",
        "tasks": {
            "ready_tasks": 2,
            "oldest_ready_task_age_seconds": 301.0,
            "max_age_seconds": 300,
        },
    }

    settings.TASK_QUEUE_MAX_AGE_SECONDS = 600
    with time_machine.travel(START + timedelta(seconds=301), tick=False):
        assert client.get("/healthz").status_code == 200


def test_started_and_future_tasks_are_not_late(client, database_tasks):
    with time_machine.travel(START, tick=False) as clock:
        queue_welcome()
        run_ready_tasks()
        # A reminder for tomorrow waits on purpose; it is late only once due.
        queue_welcome(run_after=START + timedelta(days=1))
        clock.shift(timedelta(hours=2))
        assert client.get("/healthz").status_code == 200
        clock.shift(timedelta(hours=22, seconds=301))
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["tasks"]["oldest_ready_task_age_seconds"] == 301.0
