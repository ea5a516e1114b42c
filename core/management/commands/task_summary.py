"""One line on the background tasks: how many finished, and which failed."""

from collections import Counter

from django.conf import settings
from django.core.management.base import BaseCommand
from django.urls import reverse
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult


class Command(BaseCommand):
    help = "Print how many background tasks succeeded and which failed."

    def handle(self, *args, **options) -> None:
        counts = Counter(DBTaskResult.objects.values_list("status", flat=True))
        done = counts[TaskResultStatus.SUCCESSFUL]
        failed = (
            DBTaskResult.objects.filter(status=TaskResultStatus.FAILED)
            .values_list("task_path", "exception_class_path")
            .order_by()
        )
        if not failed:
            self.stdout.write(f"Background tasks: {done} done, none failed.")
            return
        kinds = Counter(
            f"{path.rsplit('.', 1)[-1]} ({_exception_name(error)})"
            for path, error in failed
        )
        listing = ", ".join(f"{kind} x{count}" for kind, count in kinds.most_common())
        admin = settings.SITE_URL + reverse(
            "admin:django_tasks_database_dbtaskresult_changelist"
        )
        self.stdout.write(
            self.style.WARNING(
                f"Background tasks: {done} done, {len(failed)} FAILED: {listing}. "
                f"Tracebacks: {admin}?status__exact=FAILED"
            )
        )


def _exception_name(path: str) -> str:
    """`experts.models.ExpertExperience.DoesNotExist` becomes
    `ExpertExperience.DoesNotExist`; `builtins.ValueError` becomes `ValueError`."""
    parts = path.split(".")
    if len(parts) > 2 and parts[-2][:1].isupper():
        return ".".join(parts[-2:])
    return parts[-1]
