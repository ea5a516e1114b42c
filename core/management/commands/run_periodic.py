import time

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

from core.jobs import registered_jobs, run_jobs


class Command(BaseCommand):
    help = (
        "Run the periodic jobs once: release lapsed seat holds and waitlist "
        "offers, prune old task results and Stripe events, retry failed "
        "emails. The platform's scheduler calls it every minute; every job is "
        "safe to run twice or on two machines at once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--job",
            action="append",
            dest="jobs",
            metavar="NAME",
            help="Run only this job (repeatable); --list shows the names.",
        )
        parser.add_argument(
            "--list",
            action="store_true",
            dest="list_jobs",
            help="List the jobs and exit.",
        )
        parser.add_argument(
            "--every",
            type=int,
            metavar="SECONDS",
            help=(
                "Keep running, once every SECONDS, until interrupted "
                "(python3 dev.py uses this; servers use a scheduler)."
            ),
        )

    def handle(self, *args, jobs=None, list_jobs=False, every=None, **options):
        self.verbosity = options["verbosity"]
        known = registered_jobs()
        if list_jobs:
            for name in known:
                self.stdout.write(name)
            return
        unknown = sorted(set(jobs or []) - set(known))
        if unknown:
            raise CommandError(
                f"Unknown job {', '.join(map(repr, unknown))}; "
                f"known: {', '.join(known)}"
            )
        if every is not None and every < 1:
            raise CommandError("--every needs a number of seconds, 1 or more.")
        if every is None:
            self._run_once(jobs, raise_on_failure=True)
            return
        try:
            while True:
                self._run_once(jobs, raise_on_failure=False)
                close_old_connections()
                time.sleep(every)
        except KeyboardInterrupt:
            return

    def _run_once(self, jobs, *, raise_on_failure: bool) -> None:
        outcomes = run_jobs(jobs)
        for outcome in outcomes:
            if outcome.failed:
                self.stderr.write(f"{outcome.name}: failed ({outcome.error})")
            elif self.verbosity >= 2 or (outcome.done and self.verbosity >= 1):
                self.stdout.write(f"{outcome.name}: {outcome.done}")
        failed = [outcome.name for outcome in outcomes if outcome.failed]
        if failed and raise_on_failure:
            # A non-zero exit lets the scheduler flag the run.
            raise CommandError(f"Failed: {', '.join(failed)} (see the log)")
