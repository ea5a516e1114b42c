#!/usr/bin/env python3
"""Mentor matching with the database: latency of the whole selection behind
/mentorship/matches/ for one mentee against 2,000 mentors.

    MATCH_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/masteryhub_match \
        .venv/bin/python bench/bench_match_inputs.py [--mentors 2000] [--runs 100]

Writes the synthetic mentors of bench_matching.py (same seed: skills with
levels, languages, weekly windows in 30 zones, rates, capacity, active
mentees) as live ExpertPages with their rows into MATCH_BENCH_DATABASE_URL
(kept, so the next run skips seeding) or, without it, a throwaway SQLite
file; adds hosted sessions with attended bookings and reviews for one mentor
in three (1-3 sessions each, in skills they teach, 1-20 attendees, up to 5
reviews) and an open request on one in four; on PostgreSQL, runs ANALYZE so
the planner has the statistics a running database has. Then times, --runs
times after one warm-up run:

- load: `match_inputs.load_mentor_offers` (the candidates narrowed in SQL,
  their skills, languages, windows, ratings, completed sessions and open
  requests);
- find_matches: the whole selection for one mentee (questionnaire, load,
  score and rank, the suggested pages with their photos).

It prints the candidates loaded, the median and p95 milliseconds, and the
queries each takes.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_matching import build  # noqa: E402


def setup_django() -> None:
    if "MATCH_BENCH_DATABASE_URL" in os.environ:
        url = os.environ["MATCH_BENCH_DATABASE_URL"]
    else:
        handle, path = tempfile.mkstemp(prefix="match-bench-", suffix=".sqlite3")
        os.close(handle)
        url = f"sqlite:///{path}"
    os.environ["BENCH_DATABASE_URL"] = url
    from bench.sessions_bench import setup_django as setup

    setup()
    import logging

    logging.getLogger("django_tasks").setLevel(logging.WARNING)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def analyze() -> None:
    """Planner statistics for the rows just written; autovacuum would get
    there too, but not before the first timings."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def seed(mentor_count: int, seed_number: int):
    """The mentee's user, after writing bench_matching's world to the DB."""
    from datetime import timedelta

    from django.contrib.auth.models import Group
    from django.db import transaction
    from django.utils import timezone
    from rich.progress import track
    from wagtail.models import Site

    from accounts.models import EXPERTS_GROUP_NAME, Profile, User
    from core.models import Skill
    from experts.models import (
        ExpertIndexPage,
        ExpertLanguage,
        ExpertPage,
        MentorSkill,
    )
    from mentorship.models import (
        AvailabilityWindow,
        MenteeLanguage,
        MenteeProfile,
        Mentorship,
        TargetSkill,
    )
    from sessions.models import (
        Booking,
        Review,
        SessionIndexPage,
        SessionPage,
        SessionPageSkill,
    )

    mentee = User.objects.filter(username="bench-mentee").first()
    if mentee is not None:  # a kept MATCH_BENCH_DATABASE_URL, seeded before
        return mentee
    needs, offers = build(mentor_count, seed_number)
    rng = random.Random(seed_number)
    skills = {
        n: Skill.objects.get_or_create(name=f"Skill {n}", slug=f"skill-{n}")[0]
        for n in range(1, 25)
    }
    group, _ = Group.objects.get_or_create(name=EXPERTS_GROUP_NAME)
    home = Site.objects.get(is_default_site=True).root_page
    expert_index = ExpertIndexPage.objects.first() or home.add_child(
        instance=ExpertIndexPage(title="Experts", slug="experts")
    )
    session_index = SessionIndexPage.objects.first() or home.add_child(
        instance=SessionIndexPage(title="Sessions", slug="sessions")
    )
    users = User.objects.bulk_create(
        User(username=f"mentor-{offer.user_id}", email=f"m{offer.user_id}@x.test")
        for offer in offers
    )
    Profile.objects.bulk_create(
        Profile(user=user, time_zone=offer.time_zone)
        for user, offer in zip(users, offers, strict=True)
    )
    group.user_set.add(*users)
    fillers = User.objects.bulk_create(
        User(username=f"filler-{n}", email=f"f{n}@x.test") for n in range(60)
    )
    pages = []
    with transaction.atomic():
        for user, offer in track(
            list(zip(users, offers, strict=True)), description="Expert pages"
        ):
            page = ExpertPage(
                title=offer.display_name,
                slug=user.username,
                expert=user,
                owner=user,
                headline="Mentor",
                accepts_mentees=True,
                mentee_capacity=offer.capacity,
                hourly_rate=offer.rate or None,
                currency=offer.currency or "EUR",
            )
            expert_index.add_child(instance=page)
            pages.append(page)
    MentorSkill.objects.bulk_create(
        MentorSkill(page=page, skill=skills[skill.skill_id], level=skill.level)
        for page, offer in zip(pages, offers, strict=True)
        for skill in offer.skills
    )
    ExpertLanguage.objects.bulk_create(
        ExpertLanguage(page=page, language=code, sort_order=order)
        for page, offer in zip(pages, offers, strict=True)
        for order, code in enumerate(offer.languages)
    )
    AvailabilityWindow.objects.bulk_create(
        AvailabilityWindow(
            user=user, weekday=w.weekday, starts_at=w.start, ends_at=w.end
        )
        for user, offer in zip(users, offers, strict=True)
        for w in offer.windows
        if w.end > w.start  # the model splits windows at midnight
    )
    Mentorship.objects.bulk_create(
        [
            Mentorship(mentor=user, mentee=fillers[n], goals="x", status="active")
            for user, offer in zip(users, offers, strict=True)
            for n in range(offer.active_mentees)
        ]
        + [
            Mentorship(mentor=user, mentee=fillers[59], goals="x")
            for user in users[::4]
        ]
    )
    start = timezone.now() - timedelta(days=30)
    with transaction.atomic():
        hosts = list(zip(users, offers, strict=True))[::3]
        for user, offer in track(hosts, description="Hosted sessions"):
            for number in range(rng.randint(1, 3)):
                session = SessionPage(
                    title=f"Session {number} by {user.username}",
                    slug=f"session-{number}-{user.username}",
                    summary="x",
                    host=user,
                    owner=user,
                    starts_at=start,
                    ends_at=start + timedelta(hours=1),
                )
                session_index.add_child(instance=session)
                # Mentors host sessions in what they teach.
                taught = skills[rng.choice(offer.skills).skill_id]
                SessionPageSkill.objects.create(content_object=session, tag=taught)
                attendees = rng.sample(fillers, rng.randint(1, 20))
                Booking.objects.bulk_create(
                    Booking(session=session, member=member, status="attended")
                    for member in attendees
                )
                Review.objects.bulk_create(
                    Review(session=session, author=member, rating=rng.randint(3, 5))
                    for member in attendees[:5]
                )
    mentee = User.objects.create(username="bench-mentee", email="mentee@x.test")
    profile = MenteeProfile.objects.create(
        user=mentee,
        goals="x",
        time_zone=needs.time_zone,
        budget_kind="paid",
        budget_max=needs.budget.max_rate,
        currency=needs.budget.currency,
    )
    MenteeLanguage.objects.bulk_create(
        MenteeLanguage(profile=profile, language=code) for code in needs.languages
    )
    TargetSkill.objects.bulk_create(
        TargetSkill(
            profile=profile,
            skill=skills[target.skill_id],
            current_level=max(1, target.current_level),
            target_level=target.target_level,
        )
        for target in needs.skills
    )
    AvailabilityWindow.objects.bulk_create(
        AvailabilityWindow(
            user=mentee, weekday=w.weekday, starts_at=w.start, ends_at=w.end
        )
        for w in needs.windows
        if w.end > w.start
    )
    return mentee


def timed(function, runs: int) -> tuple[float, float, int, object]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        result = function()  # warm: zone offsets, site root
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    p95 = statistics.quantiles(times, n=20)[-1]
    return statistics.median(times), p95, len(queries), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentors", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()

    setup_django()
    from experts.models import ExpertPage

    started = time.perf_counter()
    mentee = seed(args.mentors, args.seed)
    analyze()
    print(
        f"seeded {ExpertPage.objects.count()} expert pages in "
        f"{time.perf_counter() - started:.0f} s"
    )
    from mentorship.match_inputs import get_mentee_needs, load_mentor_offers
    from mentorship.selectors import get_mentee_profile
    from mentorship.suggestions import find_matches

    needs = get_mentee_needs(get_mentee_profile(mentee))
    print(f"{'path':14} {'loaded':>8} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    median, p95, queries, (offers, _page_ids, _load) = timed(
        lambda: load_mentor_offers(needs, exclude_user_ids=set()), args.runs
    )
    print(f"{'load':14} {len(offers):8d} {median:10.1f} {p95:8.1f} {queries:8d}")
    median, p95, queries, results = timed(lambda: find_matches(mentee), args.runs)
    print(
        f"{'find_matches':14} {len(offers):8d} {median:10.1f} {p95:8.1f} {queries:8d}"
    )
    for suggestion in results.suggestions:
        match = suggestion.match
        print(f"  {match.score:3d}  {'; '.join(match.reasons)}")


if __name__ == "__main__":
    main()
