"""The migration giving each mentorship review its own mentor fills it from
the mentorship, and going back drops only what the old schema cannot hold
(reviews of deleted mentees, which have no mentorship any more)."""

import pytest

from mentorship.tests.test_migrations import migrate

BEFORE = [("mentorship", "0007_email_preferences_to_accounts")]
AFTER = [("mentorship", "0008_reviews_kept_when_mentee_deleted")]


@pytest.mark.django_db(transaction=True)
def test_each_review_gets_its_mentorships_mentor_and_back_again():
    old_apps = migrate(BEFORE)
    User = old_apps.get_model("accounts", "User")
    Mentorship = old_apps.get_model("mentorship", "Mentorship")
    Review = old_apps.get_model("mentorship", "MentorshipReview")
    grace, alan, ada = (
        User.objects.create(username=name, email=f"{name}@example.com")
        for name in ("grace", "alan", "ada")
    )
    with_grace = Mentorship.objects.create(
        mentor=grace, mentee=ada, goals="SQL", status="completed"
    )
    with_alan = Mentorship.objects.create(
        mentor=alan, mentee=ada, goals="Proofs", status="completed"
    )
    Review.objects.create(mentorship=with_grace, author=ada, role="mentee", rating=4)
    Review.objects.create(
        mentorship=with_grace, author=grace, role="mentor", comment="Well done."
    )
    Review.objects.create(mentorship=with_alan, author=ada, role="mentee", rating=2)

    new_apps = migrate(AFTER)

    Review = new_apps.get_model("mentorship", "MentorshipReview")
    filled = {
        (review.role, review.mentorship.mentor.username): review.mentor.username
        for review in Review.objects.select_related("mentor", "mentorship__mentor")
    }
    assert filled == {
        ("mentee", "grace"): "grace",
        ("mentor", "grace"): "grace",
        ("mentee", "alan"): "alan",
    }
    # Ada deletes her account: her review of Alan is kept without her.
    Review.objects.filter(mentorship_id=with_alan.pk, role="mentee").update(
        author=None, mentorship=None
    )

    old_apps = migrate(BEFORE)

    Review = old_apps.get_model("mentorship", "MentorshipReview")
    assert sorted(Review.objects.values_list("mentorship_id", "role")) == sorted(
        [(with_grace.pk, "mentee"), (with_grace.pk, "mentor")]
    )
    migrate(AFTER)
