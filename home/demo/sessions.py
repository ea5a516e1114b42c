"""The demo catalogue: upcoming, full, paid, cancelled and past sessions with
bookings, waitlists and reviews, hosted by the demo experts."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from sessions.models import Booking, Category, SessionIndexPage, SessionPage
from sessions.services.booking import book_session
from sessions.services.reviews import leave_review

CATEGORIES = ["Data", "Design", "Leadership", "Cloud & DevOps", "Marketing"]

# (title, host, category, format, level, days from now, hour UTC, minutes,
#  seats, price, skills, summary)
CATALOGUE = [
    (
        "SQL window functions in practice",
        "amara-okafor",
        "Data",
        "workshop",
        "intermediate",
        6,
        16,
        90,
        12,
        "0",
        ["SQL", "Data analysis"],
        "Rank, running totals and gaps-and-islands on real sales data.",
    ),
    (
        "Streaming pipelines with Kafka and dbt",
        "amara-okafor",
        "Data",
        "workshop",
        "advanced",
        13,
        15,
        120,
        3,
        "49",
        ["Apache Kafka", "dbt", "Data engineering"],
        "Design a change-data-capture pipeline end to end, with tests.",
    ),
    (
        "Ask me anything: moving into data engineering",
        "amara-okafor",
        "Data",
        "webinar",
        "all",
        20,
        17,
        60,
        100,
        "0",
        ["Data engineering", "Career"],
        "Bring your questions about the switch from analytics or backend work.",
    ),
    (
        "Design tokens that survive a rebrand",
        "lucas-moreau",
        "Design",
        "workshop",
        "intermediate",
        4,
        9,
        90,
        2,
        "0",
        ["Design systems", "Figma"],
        "Name, layer and ship tokens your developers will actually use.",
    ),
    (
        "Accessible components from scratch",
        "lucas-moreau",
        "Design",
        "group",
        "beginner",
        9,
        13,
        120,
        10,
        "25",
        ["Accessibility", "Front-end development"],
        "Build a menu, a dialog and tabs that work with a keyboard and a screen "
        "reader.",
    ),
    (
        "Your first 90 days as an engineering manager",
        "priya-raman",
        "Leadership",
        "group",
        "beginner",
        3,
        12,
        90,
        8,
        "0",
        ["Leadership", "Engineering management"],
        "One-to-ones, expectations and the first hard conversation.",
    ),
    (
        "Hiring loops that are fair and fast",
        "priya-raman",
        "Leadership",
        "webinar",
        "all",
        16,
        14,
        60,
        50,
        "0",
        ["Hiring", "Leadership"],
        "Structured interviews, rubrics and debriefs without bias creep.",
    ),
    (
        "1:1 career coaching",
        "priya-raman",
        "Leadership",
        "one_to_one",
        "all",
        7,
        11,
        45,
        1,
        "60",
        ["Coaching", "Career"],
        "Forty-five minutes on the decision you are stuck on.",
    ),
    (
        "Terraform modules your team can reuse",
        "daniel-schwartz",
        "Cloud & DevOps",
        "workshop",
        "intermediate",
        11,
        18,
        120,
        15,
        "35",
        ["Terraform", "AWS"],
        "Versioned modules, tests and a registry, without the yak shaving.",
    ),
    (
        "Kubernetes cost control",
        "daniel-schwartz",
        "Cloud & DevOps",
        "webinar",
        "advanced",
        24,
        19,
        60,
        80,
        "0",
        ["Kubernetes", "DevOps"],
        "Requests, limits, autoscaling and the bill at the end of the month.",
    ),
    # Past sessions, with reviews.
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
    # Cancelled by the host.
    (
        "Helm charts deep dive",
        "daniel-schwartz",
        "Cloud & DevOps",
        "workshop",
        "advanced",
        5,
        18,
        120,
        12,
        "0",
        ["Kubernetes"],
        "Templating, hooks and chart testing.",
    ),
]
CANCELLED = {"Helm charts deep dive"}
LEARNERS = ["sofia-lindqvist", "kenji-watanabe", "grace-mensah", "mateo-garcia"]
REVIEWS = [
    (5, "Clear, practical and exactly the right pace."),
    (4, "Great examples; I would have liked ten more minutes of Q&A."),
    (5, "I used it at work the next day."),
]


def _seed_categories() -> dict[str, Category]:
    return {
        name: Category.objects.get_or_create(
            slug=slugify(name), defaults={"name": name}
        )[0]
        for name in CATEGORIES
    }


def seed_sessions() -> None:
    index = SessionIndexPage.objects.first()
    if index is None:
        raise RuntimeError("No session index page; migrate first.")
    categories = _seed_categories()
    people = {user.username: user for user in User.objects.all()}
    today = timezone.now().replace(minute=0, second=0, microsecond=0)

    for row in CATALOGUE:
        (
            title,
            host,
            category,
            fmt,
            level,
            days,
            hour,
            minutes,
            seats,
            price,
            skills,
            summary,
        ) = row
        slug = slugify(title)
        if SessionPage.objects.filter(slug=slug).exists():
            continue
        starts_at = (today + timedelta(days=days)).replace(hour=hour)
        page = SessionPage(
            title=title,
            slug=slug,
            summary=summary,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=minutes),
            time_zone=people[host].profile.time_zone,
            host=people[host],
            category=categories[category],
            format=fmt,
            level=level,
            max_participants=seats,
            price=Decimal(price),
            meeting_url=f"https://meet.example.com/{slug}",
            owner=people[host],
        )
        page.skills.add(*skills)
        index.add_child(instance=page)
        page.save_revision(user=people[host]).publish()
        _seed_bookings(page, people, past=days < 0)
        if title in CANCELLED:
            SessionPage.objects.filter(pk=page.pk).update(status="cancelled")


def _seed_bookings(page: SessionPage, people: dict, *, past: bool) -> None:
    learners = [people[name] for name in LEARNERS if name in people]
    if past:
        # Bookings for sessions that already happened cannot go through
        # book_session (it refuses started sessions), so history is written
        # as it would have ended up.
        for learner in learners[:3]:
            Booking.objects.get_or_create(
                session=page,
                member=learner,
                defaults={"status": Booking.Status.ATTENDED},
            )
        for learner, (rating, comment) in zip(learners[:3], REVIEWS, strict=True):
            leave_review(session=page, author=learner, rating=rating, comment=comment)
        return
    if page.price:
        return
    # Free upcoming sessions fill up; small ones get a waitlist.
    for learner in learners:
        book_session(session=page, member=learner)
