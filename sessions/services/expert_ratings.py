"""Each expert's rating totals (sessions.models.ExpertRating), kept in step
with their reviews.

Every service that writes a review, session or mentee, calls
`recompute_expert_ratings` in its own transaction, after its own locks (the
session, the mentorship): rating rows are always locked last, in expert id
order, so no two writers wait on each other in a circle. Under the lock the
totals are recomputed from the reviews rather than incremented: a review
committed by whoever held the lock before is read and counted.
"""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from sessions import rating_sources
from sessions.models import ExpertRating, Review

TOTAL_FIELDS = [
    "session_count",
    "session_sum",
    "mentee_count",
    "mentee_sum",
    "count",
    "average",
    "updated_at",
]
# Experts per statement when recomputing many (seeding, a data repair).
BATCH = 500


def _lock(expert_ids: list[int]) -> list[ExpertRating]:
    # ON CONFLICT DO NOTHING: two first reviews of the same expert both
    # insert; the second waits for the first to commit and then locks its row.
    ExpertRating.objects.bulk_create(
        [ExpertRating(expert_id=pk) for pk in expert_ids], ignore_conflicts=True
    )
    return list(
        ExpertRating.objects.select_for_update()
        .filter(expert_id__in=expert_ids)
        .order_by("expert_id")
    )


def _session_totals(expert_ids: list[int]) -> dict[int, tuple[int, int]]:
    rows = (
        Review.objects.filter(session__host_id__in=expert_ids)
        .values_list("session__host_id")
        .annotate(total=Sum("rating"), count=Count("pk"))
        .order_by()
    )
    return {host_id: (total, count) for host_id, total, count in rows}


@transaction.atomic
def recompute_expert_ratings(*, expert_ids: Iterable[int | None]) -> None:
    """Lock these experts' rating rows (creating the missing ones) and set
    them from every review they have."""
    ids = sorted({pk for pk in expert_ids if pk is not None})
    now = timezone.now()
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        rows = _lock(batch)
        # Read only now, under the lock (see the module's docstring).
        sessions = _session_totals(batch)
        mentees = rating_sources.mentee_totals(batch)
        for row in rows:
            row.session_sum, row.session_count = sessions.get(row.expert_id, (0, 0))
            row.mentee_sum, row.mentee_count = mentees.get(row.expert_id, (0, 0))
            row.count = row.session_count + row.mentee_count
            total = row.session_sum + row.mentee_sum
            row.average = total / row.count if row.count else None
            row.updated_at = now
        ExpertRating.objects.bulk_update(rows, TOTAL_FIELDS)
