"""The sessions app's periodic job (see core.jobs)."""

from core.jobs import periodic_job
from sessions.services.booking import release_expired_holds


@periodic_job("release lapsed seat holds and waitlist offers")
def release_lapsed_holds() -> int:
    return release_expired_holds()
