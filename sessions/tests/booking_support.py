"""Shared helpers for the booking tests (not a test module itself)."""

from django.utils import timezone
from django_tasks.backends.immediate import ImmediateBackend

from sessions.tests.factories import MemberFactory, SessionPageFactory

DEFERRING_BACKEND = "sessions.tests.booking_support.DeferringImmediateBackend"


class DeferringImmediateBackend(ImmediateBackend):
    """Runs tasks at once, except those with a future `run_after`, which it
    keeps in `deferred` until `run_due()` is called (under time_machine)."""

    supports_defer = True
    deferred: list = []

    def enqueue(self, task, args, kwargs):
        if task.run_after is not None and task.run_after > timezone.now():
            DeferringImmediateBackend.deferred.append((task, args, kwargs))
            return None
        return super().enqueue(task.using(), args, kwargs)

    def validate_task(self, task):
        # The immediate backend refuses run_after; this one stores it.
        return None


def run_due() -> list:
    """Run the deferred tasks whose time has come; return their results."""
    now = timezone.now()
    due = [
        item for item in DeferringImmediateBackend.deferred if item[0].run_after <= now
    ]
    for item in due:
        DeferringImmediateBackend.deferred.remove(item)
    return [task.call(*args, **kwargs) for task, args, kwargs in due]


def deferred(name: str) -> list:
    return [
        (task, kwargs)
        for task, _args, kwargs in DeferringImmediateBackend.deferred
        if task.name == name
    ]


def make_session(**kwargs):
    return SessionPageFactory(**kwargs)


def make_member(**kwargs):
    return MemberFactory(**kwargs)
