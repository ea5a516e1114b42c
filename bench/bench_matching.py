#!/usr/bin/env python3
"""Mentor matching for one mentee against a large pool: latency of rank().

    .venv/bin/python bench/bench_matching.py [--mentors 2000] [--runs 50]

Pure Python, no database: builds --mentors synthetic mentors from a fixed
seed (3-8 skills, 1-4 languages, 2-10 weekly windows, 30 time zones, free
and paid in three currencies, some at capacity) and one mentee, then times
mentorship.matching.rank() --runs times on two pools: the mixed one, where
most mentors fall to an exclusion, and the same mentors with every exclusion
lifted, the worst case. It prints the median and p95 milliseconds, the first
run apart (it fills the per-zone cache of daylight-saving offsets that a
running process keeps warm), the median CPU time, and the top matches of
the worst case.
"""

import argparse
import random
import statistics
import sys
import time
from dataclasses import replace
from datetime import date
from datetime import time as clock
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mentorship import matching  # noqa: E402
from mentorship.matching import (  # noqa: E402
    Budget,
    MenteeNeeds,
    MentorOffer,
    MentorSkill,
    TargetSkill,
    WeeklyWindow,
    rank,
    score,
)

TIME_ZONES = [
    "Europe/London", "Europe/Lisbon", "Europe/Berlin", "Europe/Madrid",
    "Europe/Warsaw", "Europe/Athens", "Europe/Kyiv", "Europe/Istanbul",
    "Africa/Lagos", "Africa/Nairobi", "Africa/Johannesburg", "Asia/Dubai",
    "Asia/Karachi", "Asia/Kolkata", "Asia/Dhaka", "Asia/Bangkok",
    "Asia/Singapore", "Asia/Shanghai", "Asia/Tokyo", "Australia/Sydney",
    "Pacific/Auckland", "America/Sao_Paulo", "America/Buenos_Aires",
    "America/Bogota", "America/Mexico_City", "America/New_York",
    "America/Chicago", "America/Denver", "America/Los_Angeles",
    "America/Halifax",
]  # fmt: skip
LANGUAGES = ["en", "es", "pt", "de", "fr", "hi", "zh", "ja", "ar", "pl", "uk", "it"]
# A small vocabulary, so most mentors share a skill with the mentee and the
# whole scoring path runs, not only the early exits.
SKILLS = [(n, f"Skill {n}") for n in range(1, 25)]
# Expert weeks are spread over a month; DST differs between hemispheres then.
WEEK_OF = date(2026, 3, 11)


def random_windows(rng: random.Random) -> tuple[WeeklyWindow, ...]:
    windows = []
    for _ in range(rng.randint(2, 10)):
        start = rng.randrange(0, 48) / 2  # on the hour or the half hour
        length = rng.choice([1, 1.5, 2, 3, 4])
        end = (start + length) % 24
        windows.append(
            WeeklyWindow(
                weekday=rng.randrange(7),
                start=clock(int(start), int(start % 1 * 60)),
                end=clock(int(end), int(end % 1 * 60)),
            )
        )
    return tuple(windows)


def random_mentor(rng: random.Random, user_id: int) -> MentorOffer:
    ratings = rng.choice([0, 0, 1, 3, 12, 40, 120])
    paid = rng.random() < 0.6
    capacity = rng.randint(1, 8)
    return MentorOffer(
        user_id=user_id,
        display_name=f"Mentor {user_id}",
        skills=tuple(
            MentorSkill(skill_id, name, rng.randint(1, 5), rng.choice([0, 2, 9, 40]))
            for skill_id, name in rng.sample(SKILLS, rng.randint(3, 8))
        ),
        windows=random_windows(rng),
        time_zone=rng.choice(TIME_ZONES),
        capacity=capacity,
        active_mentees=rng.randint(0, capacity),
        rating_average=Decimal(rng.randint(38, 50)) / 10 if ratings else None,
        rating_count=ratings,
        languages=tuple(rng.sample(LANGUAGES, rng.randint(1, 4))),
        rate=Decimal(rng.choice([25, 45, 60, 90])) if paid else Decimal(0),
        currency=rng.choice(["EUR", "EUR", "USD", "GBP"]) if paid else "",
    )


def build(mentors: int, seed: int) -> tuple[MenteeNeeds, list[MentorOffer]]:
    rng = random.Random(seed)
    offers = [random_mentor(rng, user_id) for user_id in range(1, mentors + 1)]
    needs = MenteeNeeds(
        mentee_id=1,
        skills=tuple(
            TargetSkill(skill_id, name, current, current + rng.randint(1, 3))
            for (skill_id, name), current in zip(
                rng.sample(SKILLS[:8], 3), (0, 1, 2), strict=True
            )
        ),
        windows=random_windows(rng),
        time_zone="Europe/Lisbon",
        languages=("en", "pt"),
        budget=Budget.up_to("60", "EUR"),
    )
    return needs, offers


def open_pool(needs: MenteeNeeds, offers: list[MentorOffer]) -> list[MentorOffer]:
    """The same mentors with every exclusion lifted (shared language, free,
    a place left, a wanted skill): the worst case, where each one runs the
    whole scoring path."""
    wanted = needs.skills[0]
    return [
        replace(
            offer,
            languages=(*offer.languages, "en"),
            rate=Decimal(0),
            active_mentees=min(offer.active_mentees, offer.capacity - 1),
            skills=(MentorSkill(wanted.skill_id, wanted.name, 4, 9), *offer.skills),
        )
        for offer in offers
    ]


def measure(needs: MenteeNeeds, offers: list[MentorOffer], runs: int):
    # Forget the per-zone offsets so the first run pays for them, as a fresh
    # process would; later runs find them cached, as a running server does.
    matching._week_offsets.cache_clear()
    load = {offer.user_id: offer.user_id % 4 for offer in offers}
    wall, cpu = [], []
    for _ in range(runs + 1):
        t0, c0 = time.perf_counter(), time.process_time()
        matches = rank(needs, offers, week_of=WEEK_OF, limit=5, load=load)
        wall.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    p95 = statistics.quantiles(wall[1:], n=20)[-1]
    # CPU time too: on a shared machine wall time also measures the neighbours.
    median_cpu = statistics.median(cpu[1:])
    return statistics.median(wall[1:]), p95, wall[0], median_cpu, matches


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentors", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()

    needs, offers = build(args.mentors, args.seed)
    print(f"one mentee, {len(offers)} mentors, {args.runs} runs of rank()")
    print(
        f"{'pool':14} {'eligible':>8} {'median ms':>10} {'p95 ms':>8}"
        f" {'first ms':>9} {'median cpu ms':>14}"
    )
    pools = [("mixed", offers), ("all eligible", open_pool(needs, offers))]
    for label, pool in pools:
        eligible = sum(score(needs, o, week_of=WEEK_OF) is not None for o in pool)
        median, p95, first, cpu, matches = measure(needs, pool, args.runs)
        print(
            f"{label:14} {eligible:8d} {median:10.1f} {p95:8.1f} {first:9.1f}"
            f" {cpu:14.1f}"
        )
    for match in matches:
        print(f"  {match.score:3d}  {'; '.join(match.reasons)}")


if __name__ == "__main__":
    main()
