"""Every experts.MentorshipRequest becomes a Mentorship, keeping its texts and
times; experts' next migration then drops the old table.

pending → requested, accepted → active (started when it was accepted),
declined → declined, withdrawn → cancelled (ended when it was withdrawn).
Reversed, mentorships go back to requests (paused as accepted, completed
and cancelled after acceptance as withdrawn: the old model had no words for
them)."""

from django.db import migrations

FORWARD = {
    "pending": "requested",
    "accepted": "active",
    "declined": "declined",
    "withdrawn": "cancelled",
}
BACKWARD = {
    "requested": "pending",
    "active": "accepted",
    "paused": "accepted",
    "declined": "declined",
    "completed": "withdrawn",
    "cancelled": "withdrawn",
}


def copy_requests(apps, schema_editor):
    MentorshipRequest = apps.get_model("experts", "MentorshipRequest")
    Mentorship = apps.get_model("mentorship", "Mentorship")
    for old in MentorshipRequest.objects.order_by("pk").iterator():
        status = FORWARD[old.status]
        new = Mentorship.objects.create(
            mentor_id=old.expert_id,
            mentee_id=old.member_id,
            goals=old.goals,
            reply_message=old.response,
            status=status,
            responded_at=old.responded_at,
            started_at=old.responded_at if status == "active" else None,
            ended_at=old.responded_at if status == "cancelled" else None,
        )
        # auto_now_add / auto_now overwrite on create: set the real times after.
        Mentorship.objects.filter(pk=new.pk).update(
            requested_at=old.created_at,
            updated_at=old.responded_at or old.created_at,
        )


def copy_back(apps, schema_editor):
    MentorshipRequest = apps.get_model("experts", "MentorshipRequest")
    Mentorship = apps.get_model("mentorship", "Mentorship")
    for new in Mentorship.objects.order_by("pk").iterator():
        old = MentorshipRequest.objects.create(
            expert_id=new.mentor_id,
            member_id=new.mentee_id,
            goals=new.goals,
            response=new.reply_message,
            status=BACKWARD[new.status],
            responded_at=new.responded_at or new.ended_at,
        )
        MentorshipRequest.objects.filter(pk=old.pk).update(created_at=new.requested_at)
    Mentorship.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("mentorship", "0001_mentorships_and_questionnaire"),
        ("experts", "0004_mentor_skills_and_intro"),
    ]

    operations = [migrations.RunPython(copy_requests, copy_back)]
