"""The move of experts.MentorshipRequest into mentorship.Mentorship keeps
every request: its people, texts, times and (translated) status."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE_COPY = [
    ("mentorship", "0001_mentorships_and_questionnaire"),
    ("experts", "0004_mentor_skills_and_intro"),
]
SENT = datetime(2024, 3, 1, 9, 30, tzinfo=UTC)
ANSWERED = datetime(2024, 3, 2, 17, 0, tzinfo=UTC)


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_every_mentorship_request_becomes_a_mentorship():
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    old_apps = migrate(BEFORE_COPY)
    User = old_apps.get_model("accounts", "User")
    Request = old_apps.get_model("experts", "MentorshipRequest")
    expert = User.objects.create(username="grace", email="grace@example.com")
    members = [
        User.objects.create(username=f"m{n}", email=f"m{n}@example.com")
        for n in range(4)
    ]
    for member, status in zip(
        members, ["pending", "accepted", "declined", "withdrawn"], strict=True
    ):
        request = Request.objects.create(
            expert=expert,
            member=member,
            goals=f"Goals of {member.username}",
            response="" if status == "pending" else f"Answer to {member.username}",
            status=status,
            responded_at=None if status == "pending" else ANSWERED,
        )
        Request.objects.filter(pk=request.pk).update(created_at=SENT)

    new_apps = migrate(leaves)

    Mentorship = new_apps.get_model("mentorship", "Mentorship")
    rows = {
        row.mentee.username: row
        for row in Mentorship.objects.select_related("mentee", "mentor")
    }
    assert {name: row.status for name, row in rows.items()} == {
        "m0": "requested",
        "m1": "active",
        "m2": "declined",
        "m3": "cancelled",
    }
    assert {row.mentor.username for row in rows.values()} == {"grace"}
    assert all(row.requested_at == SENT for row in rows.values())
    assert rows["m0"].goals == "Goals of m0"
    assert rows["m0"].responded_at is None and rows["m0"].started_at is None
    assert rows["m1"].reply_message == "Answer to m1"
    assert rows["m1"].started_at == ANSWERED == rows["m1"].responded_at
    assert rows["m2"].started_at is None and rows["m2"].responded_at == ANSWERED
    assert rows["m3"].ended_at == ANSWERED
