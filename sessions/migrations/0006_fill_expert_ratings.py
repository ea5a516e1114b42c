"""Fill each expert's rating totals from the reviews already written, as
sessions.services.expert_ratings would; the reverse empties the table."""

from django.db import migrations
from django.db.models import Count, Sum


def _totals(rows) -> dict:
    return {pk: (total, count) for pk, total, count in rows}


def fill(apps, schema_editor):
    ExpertRating = apps.get_model("skillsessions", "ExpertRating")
    Review = apps.get_model("skillsessions", "Review")
    MentorshipReview = apps.get_model("mentorship", "MentorshipReview")
    sessions = _totals(
        Review.objects.values_list("session__host_id")
        .annotate(total=Sum("rating"), count=Count("pk"))
        .order_by()
    )
    mentees = _totals(
        MentorshipReview.objects.filter(role="mentee")
        .values_list("mentor_id")
        .annotate(total=Sum("rating"), count=Count("rating"))
        .order_by()
    )
    rows = []
    for expert_id in sorted(set(sessions) | set(mentees)):
        session_sum, session_count = sessions.get(expert_id, (0, 0))
        mentee_sum, mentee_count = mentees.get(expert_id, (0, 0))
        count = session_count + mentee_count
        rows.append(
            ExpertRating(
                expert_id=expert_id,
                session_sum=session_sum,
                session_count=session_count,
                mentee_sum=mentee_sum,
                mentee_count=mentee_count,
                count=count,
                average=(session_sum + mentee_sum) / count if count else None,
            )
        )
    ExpertRating.objects.bulk_create(rows, batch_size=1000)


def empty(apps, schema_editor):
    apps.get_model("skillsessions", "ExpertRating").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("skillsessions", "0005_expert_rating_totals"),
        ("mentorship", "0008_reviews_kept_when_mentee_deleted"),
    ]

    operations = [migrations.RunPython(fill, empty)]
