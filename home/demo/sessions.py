"""The demo catalogue: upcoming, full, paid and cancelled sessions with
bookings and waitlists, hosted by the demo experts; past ones with their
attendance and reviews are in `history`."""

import zlib
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from home.demo import history
from home.demo.pictures import cover_for
from sessions.models import Booking, Category, SessionIndexPage, SessionPage
from sessions.services.booking import book_session, confirm_paid_booking

JITSI = "https://meet.jit.si/"
# Where the demo's links used to point: a reserved name that opens nothing.
OLD_MEETING_HOST = "https://meet.example.com/"

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
# Each expert charges in the currency they are paid in.
HOST_CURRENCY = {"amara-okafor": "GBP", "daniel-schwartz": "USD"}


def _seed_categories() -> dict[str, Category]:
    return {
        name: Category.objects.get_or_create(
            slug=slugify(name), defaults={"name": name}
        )[0]
        for name in CATEGORIES
    }


def seed_sessions() -> None:
    """Create the catalogue's missing sessions; a session without any
    booking gets its demo bookings (so a database seeded before a step was
    added catches up, and one seeded already changes nothing)."""
    index = SessionIndexPage.objects.first()
    if index is None:
        raise RuntimeError("No session index page; migrate first.")
    categories = _seed_categories()
    people = {user.username: user for user in User.objects.all()}
    learners = [people[name] for name in LEARNERS if name in people]
    today = timezone.now().replace(minute=0, second=0, microsecond=0)

    for row in [*CATALOGUE, *history.PAST]:
        page = SessionPage.objects.filter(slug=slugify(row[0])).first()
        if page is None:
            page = _create_session(index, row, categories, people, today)
        else:
            _catch_up(page, row)
        if not page.bookings.exists():
            _seed_bookings(page, learners)


def meeting_url(slug: str) -> str:
    """A Jitsi Meet room: a link that opens a real call, free and without
    an account for the guests, where a made-up host would have pasted theirs."""
    return f"{JITSI}MasteryHub-{slug}"


def _catch_up(page: SessionPage, row) -> None:
    """A session seeded before the demo had covers and working meeting links
    gets them; a cover or link an editor set stays. Written to the row only:
    publishing again would tell the participants their session changed."""
    changes = {}
    if page.cover_image_id is None:
        changes["cover_image"] = cover_for(
            slug=page.slug, title=page.title, skills=row[10], owner=page.host
        )
    if page.meeting_url.startswith(OLD_MEETING_HOST):
        changes["meeting_url"] = meeting_url(page.slug)
    if changes:
        SessionPage.objects.filter(pk=page.pk).update(**changes)


def _create_session(index, row, categories, people, today) -> SessionPage:
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
        currency=HOST_CURRENCY.get(host, SessionPage.Currency.EUR),
        meeting_url=meeting_url(slug),
        cover_image=cover_for(
            slug=slug, title=title, skills=skills, owner=people[host]
        ),
        owner=people[host],
    )
    page.skills.add(*skills)
    index.add_child(instance=page)
    page.save_revision(user=people[host]).publish()
    return page


def _seed_bookings(page: SessionPage, learners: list[User]) -> None:
    now = timezone.now()
    if not page.live or page.status == SessionPage.Status.CANCELLED:
        return  # taken off since it was seeded
    if page.ends_at <= now:
        history.seed_past_bookings(page, learners)
        return
    if page.starts_at <= now or page.status != SessionPage.Status.SCHEDULED:
        return  # under way: too late to book, too early for history
    # One more booking than seats, so the small sessions show a waitlist.
    for learner in learners[: page.max_participants + 1]:
        # Stripe is off in the demo; the payments below are simulated.
        book_session(session=page, member=learner, without_stripe=True)
    if not page.is_free:
        # The payments seam: these members paid for the seat they held.
        for booking in page.bookings.filter(status=Booking.Status.PENDING):
            confirm_paid_booking(booking=booking)
    else:
        _spread_over_recent_weeks(page, now)
    if page.slug in {slugify(title) for title in CANCELLED}:
        # As the host's cancel_session leaves it, without emailing the cast.
        SessionPage.objects.filter(pk=page.pk).update(
            status=SessionPage.Status.CANCELLED
        )
        page.bookings.update(status=Booking.Status.CANCELLED, cancelled_at=now)


def _spread_over_recent_weeks(page: SessionPage, now) -> None:
    """Free seats were taken over the last weeks, not all this minute, so
    the bookings chart has a shape. Paid ones keep their confirmation time:
    it is when the payment came in, and earnings count by it."""
    confirmed = list(
        page.bookings.filter(status=Booking.Status.CONFIRMED).order_by("pk")
    )
    lag = zlib.crc32(page.slug.encode()) % 5
    for position, booking in enumerate(confirmed):
        when = now - timedelta(days=1 + lag + 4 * (len(confirmed) - position - 1))
        Booking.objects.filter(pk=booking.pk).update(created_at=when, confirmed_at=when)
