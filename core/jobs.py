"""Jobs that run by themselves: `python manage.py run_periodic`, which the
platform's scheduler calls every minute.

Core sits below every app, so it cannot import the ones whose work is swept
(session holds, Stripe events). Instead each app declares its jobs in its own
`periodic.py` with `@periodic_job`, found the way `admin.py` modules are, and
the command runs whatever is registered.

Every job must be idempotent and safe to run on two machines at once: a slow
run can overlap the next minute's, and more than one host may call it.
Row locks taken with `select_for_update(skip_locked=True)` let concurrent
runs share the work instead of waiting for each other.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.module_loading import autodiscover_modules

logger = logging.getLogger(__name__)

Job = Callable[[], int]
_registry: dict[str, Job] = {}


def periodic_job(name: str) -> Callable[[Job], Job]:
    """Register a job under `name`; it returns how many things it did."""

    def register(func: Job) -> Job:
        _registry[name] = func
        return func

    return register


def registered_jobs() -> dict[str, Job]:
    """Every app's jobs, in INSTALLED_APPS order."""
    autodiscover_modules("periodic")
    return dict(_registry)


@dataclass(frozen=True)
class JobOutcome:
    name: str
    done: int = 0
    error: str = ""

    @property
    def failed(self) -> bool:
        return bool(self.error)


def run_jobs(names: list[str] | None = None) -> list[JobOutcome]:
    """Run the registered jobs (or those named), each on its own: one that
    fails is logged and the others still run."""
    outcomes = []
    for name, job in registered_jobs().items():
        if names and name not in names:
            continue
        try:
            done = job()
        except Exception as error:  # noqa: BLE001 - one job must not stop the rest
            logger.exception("Periodic job %r failed", name)
            outcomes.append(JobOutcome(name, error=f"{type(error).__name__}: {error}"))
        else:
            outcomes.append(JobOutcome(name, done=done or 0))
    return outcomes
