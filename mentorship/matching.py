"""Mentor matching: which mentors fit a mentee, how well, and why.

Pure code over frozen dataclasses, no models and no database: the mentorship
services map a mentee's questionnaire to `MenteeNeeds` and each mentor's
profile to `MentorOffer`, then show what `rank` returns.

How matching works
------------------
A mentor is not suggested when:

- they have no mentee place left (active mentees >= capacity);
- you both list languages and share none;
- their 1:1 rate is over your budget: anything but free when you asked for
  free mentoring; above your amount, or in another currency (nothing is
  converted), when you set one;
- they are not above your current level in any skill you want to grow.

Every other mentor scores 0-100, the sum of:

- Skill coverage, up to 40 points (`SKILL_COVERAGE_WEIGHT`). Each skill you
  want counts by your gap (target - current level), so a 2→5 skill weighs
  three times a 3→4 one. A mentor at or above your target covers the whole
  gap; a mentor between your level and your target covers the part they can
  take you through (level 3 covers two thirds of 1→4).
- Rating, up to 15 points (`RATING_WEIGHT`). The average counts as if the
  mentor also had 5 reviews of 4.0★ (`PRIOR_REVIEWS`, `PRIOR_RATING`): one
  5★ review counts as 4.2★, forty reviews of 4.8★ as 4.7★. 3★ or less earns
  nothing, 5★ everything.
- Experience, up to 10 points (`EXPERIENCE_WEIGHT`): completed 1:1 sessions
  in the skills the mentor covers for you, weighted by your gap, with
  diminishing returns: log(1 + sessions) / log(1 + 50), so 10 sessions earn
  61 % and 50 or more earn all (`SESSIONS_FOR_FULL_MARKS`).
- Availability, up to 25 points (`AVAILABILITY_WEIGHT`): the hours per week
  when you are both free, each side's weekly hours read in its own time zone
  on the real dates of the week asked about (so daylight saving and windows
  running past midnight count right); 6 hours or more earn all
  (`OVERLAP_HOURS_FOR_FULL_MARKS`).
- Language, 5 points (`LANGUAGE_WEIGHT`) for a shared language, half when
  either of you listed none.
- Room, up to 5 points (`CAPACITY_WEIGHT`): the share of the mentor's places
  still free, so a mentor with more room is a little preferred.
- Minus up to 10 points (`LOAD_PENALTY_WEIGHT`) when requests are already
  waiting on the mentor: open requests / places left, at most 1, so a
  mentor everyone is already asking drops down the list before they are full.

Order (`rank`): best score first, after a nudge of 0 to 3 points
(`NEAR_TIE_POINTS`) that is fixed for each mentee and mentor pair. Mentors
within a few points of each other come in a different order for different
mentees, so one star mentor is not everyone's first suggestion, while a
mentor more than 3 points ahead always stays ahead. The same mentee sees the
same order every time.
"""

import hashlib
import heapq
import itertools
import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.conf.locale import LANG_INFO

SKILL_COVERAGE_WEIGHT = 40
RATING_WEIGHT = 15
EXPERIENCE_WEIGHT = 10
AVAILABILITY_WEIGHT = 25
LANGUAGE_WEIGHT = 5
CAPACITY_WEIGHT = 5
LOAD_PENALTY_WEIGHT = 10
NEAR_TIE_POINTS = 3

PRIOR_RATING = 4.0
PRIOR_REVIEWS = 5
RATING_FLOOR = 3.0
SESSIONS_FOR_FULL_MARKS = 50
OVERLAP_HOURS_FOR_FULL_MARKS = 6
LANGUAGE_UNKNOWN_SHARE = 0.5

MAX_LEVEL = 5
MINUTES_PER_DAY = 24 * 60
MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY
_LOG_SESSIONS_FOR_FULL_MARKS = math.log1p(SESSIONS_FOR_FULL_MARKS)
# Django names languages by locale; a bare "zh" has no entry there.
_LANGUAGE_NAMES = {"zh": "Chinese"}


@dataclass(frozen=True)
class WeeklyWindow:
    """A weekly slot in its owner's local time. `weekday` 0 is Monday; an
    `end` at or before `start` runs past midnight into the next day."""

    weekday: int
    start: time
    end: time


@dataclass(frozen=True)
class TargetSkill:
    skill_id: int
    name: str
    current_level: int  # 0 (never used it) to 4
    target_level: int  # 1 to 5, above current_level

    def __post_init__(self):
        if not 0 <= self.current_level < self.target_level <= MAX_LEVEL:
            raise ValueError(f"{self.name}: want 0 <= current < target <= 5")

    @property
    def gap(self) -> int:
        return self.target_level - self.current_level


@dataclass(frozen=True)
class Budget:
    """What a mentee pays per 1:1: nothing (the default), or up to
    `max_rate` in `currency`."""

    max_rate: Decimal = Decimal(0)
    currency: str = ""

    def __post_init__(self):
        if self.max_rate > 0 and not self.currency:
            raise ValueError("A paid budget needs its currency")

    @classmethod
    def up_to(cls, amount: Decimal | str, currency: str) -> "Budget":
        return cls(max_rate=Decimal(amount), currency=currency.upper())

    def allows(self, rate: Decimal, currency: str) -> bool:
        if rate == 0:
            return True
        # No conversion: rates move daily and the mentor is paid in theirs.
        same_currency = currency.upper() == self.currency.upper()
        return self.max_rate > 0 and same_currency and rate <= self.max_rate


@dataclass(frozen=True)
class MenteeNeeds:
    mentee_id: int  # seeds the near-tie order, so it must be stable
    skills: tuple[TargetSkill, ...]
    windows: tuple[WeeklyWindow, ...]
    time_zone: str  # IANA, e.g. "Europe/Lisbon"
    languages: tuple[str, ...] = ()  # base codes, most preferred first
    budget: Budget = Budget()


@dataclass(frozen=True)
class MentorSkill:
    skill_id: int
    name: str
    level: int  # 1 to 5
    completed_sessions: int = 0  # 1:1 sessions in this skill


@dataclass(frozen=True)
class MentorOffer:
    user_id: int
    display_name: str
    skills: tuple[MentorSkill, ...]
    windows: tuple[WeeklyWindow, ...]
    time_zone: str
    capacity: int
    active_mentees: int = 0
    rating_average: Decimal | float | None = None
    rating_count: int = 0
    languages: tuple[str, ...] = ()
    rate: Decimal = Decimal(0)  # per 1:1 session; 0 is free
    currency: str = ""


@dataclass(frozen=True)
class ScoreParts:
    """Each factor from 0 to 1 before its weight; the penalty in points."""

    skill_coverage: float
    rating: float
    experience: float
    availability: float
    language: float
    capacity: float
    load_penalty: float
    overlap_hours: float

    @property
    def total(self) -> float:
        weighted = (
            SKILL_COVERAGE_WEIGHT * self.skill_coverage
            + RATING_WEIGHT * self.rating
            + EXPERIENCE_WEIGHT * self.experience
            + AVAILABILITY_WEIGHT * self.availability
            + LANGUAGE_WEIGHT * self.language
            + CAPACITY_WEIGHT * self.capacity
        )
        return max(0.0, weighted - self.load_penalty)


@dataclass(frozen=True)
class Match:
    mentor: MentorOffer
    score: int  # 0 to 100
    reasons: tuple[str, ...]
    parts: ScoreParts


class _Prepared(NamedTuple):
    """A mentee's needs in the shape every mentor is compared against."""

    needs: MenteeNeeds
    targets: dict[int, TargetSkill]
    total_gap: int
    languages: frozenset[str]
    intervals: tuple[tuple[int, int], ...]
    # free_before[m]: the mentee's free minutes in the week before minute m,
    # so each mentor window's overlap is one subtraction.
    free_before: list[int]
    monday: date


def score(
    needs: MenteeNeeds, offer: MentorOffer, *, week_of: date, open_requests: int = 0
) -> Match | None:
    """How well `offer` fits `needs` in the week holding `week_of`; None when
    the mentor cannot be suggested (see the module docstring)."""
    prepared = _prepare(needs, week_of)
    parts = _score_parts(prepared, offer, open_requests)
    return None if parts is None else _match(prepared, offer, parts, open_requests)


def rank(
    needs: MenteeNeeds,
    offers: Iterable[MentorOffer],
    *,
    week_of: date,
    limit: int = 5,
    load: Mapping[int, int] | None = None,
) -> list[Match]:
    """The `limit` best mentors for `needs`, best first. `load` maps a mentor's
    user id to their open (unanswered) requests."""
    prepared = _prepare(needs, week_of)
    load = load or {}
    scored = []
    for offer in offers:
        parts = _score_parts(prepared, offer, load.get(offer.user_id, 0))
        if parts is not None:
            scored.append((parts.total, offer, parts))
    if not scored or limit <= 0:
        return []
    # Only mentors within NEAR_TIE_POINTS of the last place can be nudged into
    # the list, so the hash is worked out for a handful, not for everyone.
    cutoff = heapq.nlargest(limit, scored, key=lambda row: row[0])[-1][0]
    contenders = [row for row in scored if row[0] >= cutoff - NEAR_TIE_POINTS]
    best = heapq.nlargest(
        limit,
        contenders,
        key=lambda row: (
            row[0] + NEAR_TIE_POINTS * _tie_nudge(needs.mentee_id, row[1].user_id),
            -row[1].user_id,
        ),
    )
    return [
        _match(prepared, offer, parts, load.get(offer.user_id, 0))
        for _, offer, parts in best
    ]


def _prepare(needs: MenteeNeeds, week_of: date) -> _Prepared:
    monday = week_of - timedelta(days=week_of.weekday())
    intervals = weekly_utc_intervals(needs.windows, needs.time_zone, monday)
    free = bytearray(MINUTES_PER_WEEK)
    for start, end in intervals:
        free[start:end] = b"\x01" * (end - start)
    return _Prepared(
        needs=needs,
        targets={skill.skill_id: skill for skill in needs.skills},
        total_gap=sum(skill.gap for skill in needs.skills),
        languages=frozenset(needs.languages),
        intervals=intervals,
        free_before=[0, *itertools.accumulate(free)],
        monday=monday,
    )


def _score_parts(
    prepared: _Prepared, offer: MentorOffer, open_requests: int
) -> ScoreParts | None:
    places_left = offer.capacity - offer.active_mentees
    if places_left <= 0:
        return None
    languages_known = bool(prepared.languages and offer.languages)
    if languages_known and prepared.languages.isdisjoint(offer.languages):
        return None
    if not prepared.needs.budget.allows(offer.rate, offer.currency):
        return None
    covered_gap = 0
    taught_gap = 0
    experience = 0.0
    for skill in offer.skills:
        target = prepared.targets.get(skill.skill_id)
        if target is None or skill.level <= target.current_level:
            continue
        covered_gap += min(skill.level, target.target_level) - target.current_level
        taught_gap += target.gap
        sessions = math.log1p(skill.completed_sessions) / _LOG_SESSIONS_FOR_FULL_MARKS
        experience += target.gap * min(1.0, sessions)
    if not covered_gap:
        return None
    free_before = prepared.free_before
    overlap = sum(
        free_before[end] - free_before[start]
        for start, end in weekly_utc_intervals(
            offer.windows, offer.time_zone, prepared.monday
        )
    )
    rating = (_bayesian_rating(offer) - RATING_FLOOR) / (MAX_LEVEL - RATING_FLOOR)
    return ScoreParts(
        skill_coverage=covered_gap / prepared.total_gap,
        rating=min(1.0, max(0.0, rating)),
        experience=experience / taught_gap,
        availability=min(1.0, overlap / (OVERLAP_HOURS_FOR_FULL_MARKS * 60)),
        language=1.0 if languages_known else LANGUAGE_UNKNOWN_SHARE,
        capacity=places_left / offer.capacity,
        load_penalty=LOAD_PENALTY_WEIGHT * min(1.0, open_requests / places_left),
        overlap_hours=overlap / 60,
    )


def _bayesian_rating(offer: MentorOffer) -> float:
    if not offer.rating_count or offer.rating_average is None:
        return PRIOR_RATING
    stars = float(offer.rating_average) * offer.rating_count
    return (PRIOR_RATING * PRIOR_REVIEWS + stars) / (PRIOR_REVIEWS + offer.rating_count)


def _tie_nudge(mentee_id: int, mentor_id: int) -> float:
    """A number in [0, 1) fixed for the pair; Python's hash() is not stable
    across processes for strings, and this must be."""
    digest = hashlib.blake2b(f"{mentee_id}:{mentor_id}".encode(), digest_size=8)
    return int.from_bytes(digest.digest(), "big") / 2**64


# Availability ----------------------------------------------------------------
# Past the house's ~400 lines so the score reads in one module; these weekly
# time helpers are what moves to availability.py should it grow.


def weekly_utc_intervals(
    windows: Iterable[WeeklyWindow], time_zone: str, monday: date
) -> tuple[tuple[int, int], ...]:
    """`windows` as sorted, merged [start, end) minutes from Monday 00:00 UTC of
    the week starting `monday`. The week wraps: a Monday 07:00 window in Tokyo
    is Sunday 22:00 UTC, and lands at the end of this week, as it recurs."""
    offsets = _week_offsets(time_zone, monday)
    pieces = []
    for window in windows:
        start_minute = window.start.hour * 60 + window.start.minute
        end_minute = window.end.hour * 60 + window.end.minute
        end_day = window.weekday + (end_minute <= start_minute)
        start = _utc_minute(offsets, window.weekday, start_minute)
        length = _utc_minute(offsets, end_day, end_minute) - start
        if length <= 0:  # fell into a daylight-saving gap
            continue
        start %= MINUTES_PER_WEEK
        if start + length > MINUTES_PER_WEEK:
            pieces.append((start, MINUTES_PER_WEEK))
            pieces.append((0, start + length - MINUTES_PER_WEEK))
        else:
            pieces.append((start, start + length))
    pieces.sort()
    merged: list[tuple[int, int]] = []
    for start, end in pieces:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)


def _utc_minute(
    offsets: tuple[tuple[int, int, int], ...], day: int, minute: int
) -> int:
    before, changes_at, after = offsets[day]
    return day * MINUTES_PER_DAY + minute - (before if minute < changes_at else after)


@lru_cache(maxsize=4096)
def _week_offsets(time_zone: str, monday: date) -> tuple[tuple[int, int, int], ...]:
    """Per local day from `monday` (eight: a Sunday window may end on Monday):
    the UTC offset in minutes at midnight, the local minute it changes at
    (1440 when it does not), and the offset after. zoneinfo is the slow part
    of matching, so each zone is asked about each week once."""
    zone = ZoneInfo(time_zone)
    days = []
    for number in range(8):
        day = monday + timedelta(days=number)
        before = _offset_minutes(zone, day, 0)
        after = _offset_minutes(zone, day, MINUTES_PER_DAY - 1)
        changes_at = MINUTES_PER_DAY
        if before != after:
            low, high = 0, MINUTES_PER_DAY - 1  # the change lies in (low, high]
            while high - low > 1:
                middle = (low + high) // 2
                if _offset_minutes(zone, day, middle) == before:
                    low = middle
                else:
                    high = middle
            changes_at = high
        days.append((before, changes_at, after))
    return tuple(days)


def _offset_minutes(zone: ZoneInfo, day: date, minute: int) -> int:
    local = datetime.combine(day, time(minute // 60, minute % 60), zone)
    return int(local.utcoffset().total_seconds()) // 60


# Reasons ---------------------------------------------------------------------


def _match(
    prepared: _Prepared, offer: MentorOffer, parts: ScoreParts, open_requests: int
) -> Match:
    return Match(
        mentor=offer,
        score=min(100, round(parts.total)),
        reasons=_reasons(prepared, offer, parts, open_requests),
        parts=parts,
    )


def _reasons(
    prepared: _Prepared, offer: MentorOffer, parts: ScoreParts, open_requests: int
) -> tuple[str, ...]:
    reasons = [
        _skill_reason(target, skill, offer)
        for target, skill in _taught_skills(prepared.needs, offer)
    ]
    # The rating is the mentor's, not a skill's: say it once, on the headline.
    reasons[0] += f", {_rating_text(offer)}"
    if not prepared.intervals or not offer.windows:
        reasons.append("No weekly hours to compare")
    elif parts.overlap_hours:
        reasons.append(f"{_hours_text(parts.overlap_hours)} h overlap per week")
    else:
        reasons.append("No overlap in your weekly hours")
    shared = [code for code in prepared.needs.languages if code in offer.languages]
    if shared:
        reasons.append("Speaks " + ", ".join(_language_name(code) for code in shared))
    if offer.rate == 0:
        reasons.append("Free")
    else:
        rate = f"{offer.rate:.2f}".removesuffix(".00")
        reasons.append(f"{rate} {offer.currency.upper()} per 1:1, within your budget")
    places_left = offer.capacity - offer.active_mentees
    reasons.append(f"{places_left} of {offer.capacity} mentee places left")
    if open_requests:
        reasons.append(f"{_count(open_requests, 'request')} already waiting")
    return tuple(reasons)


def _taught_skills(
    needs: MenteeNeeds, offer: MentorOffer
) -> Iterator[tuple[TargetSkill, MentorSkill]]:
    """(what the mentee wants, what the mentor has), in the mentee's order."""
    mentor_skills = {skill.skill_id: skill for skill in offer.skills}
    for target in needs.skills:
        skill = mentor_skills.get(target.skill_id)
        if skill is not None and skill.level > target.current_level:
            yield target, skill


def _skill_reason(target: TargetSkill, skill: MentorSkill, offer: MentorOffer) -> str:
    sessions = skill.completed_sessions
    done = _count(sessions, "session") if sessions else "no sessions yet"
    return (
        f"You want {target.name} {target.current_level}→{target.target_level}; "
        f"{offer.display_name}: {skill.level}/{MAX_LEVEL} in {target.name}, {done}"
    )


def _rating_text(offer: MentorOffer) -> str:
    if not offer.rating_count or offer.rating_average is None:
        return "no reviews yet"
    average = float(offer.rating_average)
    return f"{average:.1f}★ ({_count(offer.rating_count, 'review')})"


def _hours_text(hours: float) -> str:
    return f"{round(hours, 1):g}"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _language_name(code: str) -> str:
    return _LANGUAGE_NAMES.get(code) or LANG_INFO.get(code, {}).get("name", code)
