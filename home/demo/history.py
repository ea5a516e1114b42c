"""Sessions that already happened: attendance with a no-show each, reviews
(the host answers the critical ones of paid sessions) and paid bookings
confirmed over the last months, so an expert's insights have history.

Nothing here can go through the booking services: they refuse sessions that
have started. Rows are written as they would have ended up, with their
timestamps in the past (earnings count the month a booking was confirmed).
"""

import zlib
from datetime import timedelta

from accounts.models import User
from sessions.models import Booking, Review, SessionPage
from sessions.services.reviews import leave_review, reply_to_review

# Same columns as sessions.CATALOGUE; days are negative.
PAST = [
    (
        "Intro to dbt",
        "amara-okafor",
        "Data",
        "workshop",
        "beginner",
        -20,
        16,
        90,
        10,
        "0",
        ["dbt", "SQL"],
        "Models, tests and docs for your first dbt project.",
    ),
    (
        "Inclusive forms",
        "lucas-moreau",
        "Design",
        "workshop",
        "all",
        -12,
        10,
        90,
        10,
        "0",
        ["Accessibility", "UX design"],
        "Labels, errors and flows that work for everyone.",
    ),
    (
        "Delegation without dropping the ball",
        "priya-raman",
        "Leadership",
        "group",
        "intermediate",
        -6,
        12,
        60,
        8,
        "0",
        ["Leadership"],
        "What to hand off, how to check in, and when to step back in.",
    ),
    # Paid ones, weeks apart, for the earnings and revenue charts.
    (
        "GitOps with Argo CD",
        "daniel-schwartz",
        "Cloud & DevOps",
        "webinar",
        "advanced",
        -90,
        18,
        60,
        40,
        "40",
        ["Kubernetes", "DevOps"],
        "Declarative deploys, drift detection and rollbacks you can trust.",
    ),
    (
        "AWS cost audit in an afternoon",
        "daniel-schwartz",
        "Cloud & DevOps",
        "workshop",
        "intermediate",
        -28,
        18,
        150,
        12,
        "35",
        ["AWS", "DevOps"],
        "Find the five line items that make up most of your bill, and cut them.",
    ),
    (
        "Performance reviews people do not dread",
        "priya-raman",
        "Leadership",
        "group",
        "intermediate",
        -40,
        12,
        90,
        8,
        "30",
        ["Leadership", "Engineering management"],
        "Write reviews with evidence, calibrate fairly, deliver them kindly.",
    ),
    (
        "Data contracts between teams",
        "amara-okafor",
        "Data",
        "workshop",
        "intermediate",
        -48,
        16,
        90,
        12,
        "45",
        ["Data engineering", "SQL"],
        "Agree schemas with the teams upstream before they break your models.",
    ),
    (
        "Figma variables for design tokens",
        "lucas-moreau",
        "Design",
        "workshop",
        "intermediate",
        -75,
        9,
        90,
        10,
        "25",
        ["Figma", "Design systems"],
        "Modes, aliases and a token export your developers can consume.",
    ),
    (
        "Kafka fundamentals for analysts",
        "amara-okafor",
        "Data",
        "workshop",
        "beginner",
        -105,
        16,
        120,
        10,
        "29",
        ["Apache Kafka", "Data engineering"],
        "Topics, partitions and consumer groups, explained with a whiteboard.",
    ),
    (
        "Running one-to-ones that matter",
        "priya-raman",
        "Leadership",
        "group",
        "beginner",
        -132,
        12,
        60,
        8,
        "20",
        ["Leadership", "Coaching"],
        "Agendas your reports own, notes that follow up, and silence that helps.",
    ),
]

# (rating, comment, the host's reply to it on a paid session or "").
REVIEWS = [
    (5, "Clear, practical and exactly the right pace.", ""),
    (
        4,
        "Great examples; I would have liked ten more minutes of Q&A.",
        "Thank you! I now keep the last twenty minutes for questions.",
    ),
    (5, "I used it at work the next day.", ""),
    (
        3,
        "Useful content, but the exercises assumed more background than the "
        "description said.",
        "Fair point: I have rewritten the prerequisites and added a warm-up exercise.",
    ),
    (5, "The best-prepared session I have joined here. Slides and notes shared.", ""),
    (
        4,
        "Very good; the recording would have helped, as I missed the last part.",
        "Thanks for coming. Sessions are live only, but the notes cover the end.",
    ),
]


def seed_past_bookings(page: SessionPage, learners: list[User]) -> None:
    """Three attended and one no-show; two attendees review it."""
    # A stable rotation per session, so each learner misses one now and then.
    turn = zlib.crc32(page.slug.encode()) % len(learners)
    order = learners[turn:] + learners[:turn]
    for position, learner in enumerate(order):
        status = Booking.Status.NO_SHOW if position == 0 else Booking.Status.ATTENDED
        booking, created = Booking.objects.get_or_create(
            session=page, member=learner, defaults={"status": status}
        )
        if created:
            # Booked a few days to a few weeks before the session.
            when = page.starts_at - timedelta(days=3 + 5 * position)
            Booking.objects.filter(pk=booking.pk).update(
                created_at=when, confirmed_at=when
            )
    attendees = order[1:3]
    for position, learner in enumerate(attendees):
        if Review.objects.filter(session=page, author=learner).exists():
            continue
        rating, comment, reply = REVIEWS[(turn * 2 + position) % len(REVIEWS)]
        review = leave_review(
            session=page, author=learner, rating=rating, comment=comment
        )
        written = page.ends_at + timedelta(hours=18 + 9 * position)
        Review.objects.filter(pk=review.pk).update(created_at=written)
        if reply and not page.is_free:
            reply_to_review(review=review, host=page.host, text=reply)
            Review.objects.filter(pk=review.pk).update(
                replied_at=written + timedelta(days=1)
            )
