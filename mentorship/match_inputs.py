"""What matching reads from the database: one mentee's questionnaire as
`MenteeNeeds`, every candidate mentor's ExpertPage as a `MentorOffer`, and
the open requests already waiting on each mentor.

A fixed number of queries for any number of mentors: ratings, active
mentees and completed sessions are aggregated in the database, skills,
languages and weekly windows come in one query each.
"""

import operator
from collections import defaultdict
from decimal import Decimal
from functools import reduce

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet

from accounts.models import User
from experts.directory import with_mentee_places
from experts.models import ExpertPage
from experts.models import MentorSkill as MentorSkillRow
from experts.selectors import list_visible_experts, with_ratings
from mentorship import matching
from mentorship.models import AvailabilityWindow, MenteeProfile, Mentorship
from sessions.models import Booking


def _weekly(window: AvailabilityWindow) -> matching.WeeklyWindow:
    return matching.WeeklyWindow(
        weekday=window.weekday, start=window.starts_at, end=window.ends_at
    )


def get_mentee_needs(profile: MenteeProfile) -> matching.MenteeNeeds:
    """`profile` as matching reads it; expects the profile from
    `selectors.get_mentee_profile` (languages and skills prefetched)."""
    if profile.budget_kind == MenteeProfile.Budget.PAID and profile.budget_max:
        budget = matching.Budget.up_to(profile.budget_max, profile.currency)
    else:
        budget = matching.Budget()
    windows = AvailabilityWindow.objects.filter(user_id=profile.user_id)
    return matching.MenteeNeeds(
        mentee_id=profile.user_id,
        skills=tuple(
            matching.TargetSkill(
                skill_id=target.skill_id,
                name=target.skill.name,
                current_level=target.current_level,
                target_level=target.target_level,
            )
            for target in profile.target_skills.all()
        ),
        windows=tuple(_weekly(window) for window in windows),
        time_zone=profile.time_zone,
        # Rows in the order the member ticked them: the first is preferred.
        languages=tuple(
            row.language for row in sorted(profile.languages.all(), key=_pk)
        ),
        budget=budget,
    )


def _pk(row) -> int:
    return row.pk


def list_open_mentor_ids(mentee: User) -> set[int]:
    """Mentors `mentee` already asked or works with: suggesting them again
    would only lead to a refusal."""
    return set(
        Mentorship.objects.filter(
            mentee=mentee, status__in=Mentorship.OPEN_STATUSES
        ).values_list("mentor_id", flat=True)
    )


def list_candidate_pages(
    needs: matching.MenteeNeeds, *, exclude_user_ids: set[int]
) -> QuerySet[ExpertPage]:
    """Live, visible expert pages taking mentees, with a place left and a
    skill above the mentee's level in something they want.

    These two rules repeat matching's own exclusions in SQL so that a pool of
    thousands shrinks before it is loaded; matching still applies every rule
    (languages and budget are left to it alone)."""
    if not needs.skills:
        return ExpertPage.objects.none()
    teaches_a_wanted_skill = reduce(
        operator.or_,
        (
            Q(skill_id=target.skill_id, level__gt=target.current_level)
            for target in needs.skills
        ),
    )
    teaches = MentorSkillRow.objects.filter(teaches_a_wanted_skill, page=OuterRef("pk"))
    return (
        with_ratings(with_mentee_places(list_visible_experts()))
        .filter(accepts_mentees=True, active_mentees__lt=F("mentee_capacity"))
        .filter(Exists(teaches))
        .exclude(expert_id__in=exclude_user_ids)
        .exclude(expert_id=needs.mentee_id)
        .select_related("expert__profile", "expert__mentee_profile")
        .prefetch_related(
            Prefetch(
                "mentor_skills",
                MentorSkillRow.objects.select_related("skill").order_by("sort_order"),
            ),
            "languages",
        )
        .order_by("pk")
    )


def count_completed_sessions(mentor_ids: list[int]) -> dict[tuple[int, int], int]:
    """{(mentor id, skill id): attended bookings of the sessions the mentor
    hosted that are tagged with the skill}, in one grouped query."""
    rows = (
        Booking.objects.filter(
            status=Booking.Status.ATTENDED, session__host_id__in=mentor_ids
        )
        .values_list("session__host_id", "session__skill_items__tag_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {
        (host_id, skill_id): count
        for host_id, skill_id, count in rows
        if skill_id is not None
    }


def list_windows_by_user(user_ids: list[int]) -> dict[int, list[AvailabilityWindow]]:
    windows = defaultdict(list)
    for window in AvailabilityWindow.objects.filter(user_id__in=user_ids):
        windows[window.user_id].append(window)
    return windows


def get_open_request_load(mentor_ids: list[int]) -> dict[int, int]:
    """{mentor id: requests waiting for their answer}, for matching's
    `load` (a mentor everyone already asks drops down the list)."""
    rows = (
        Mentorship.objects.filter(
            mentor_id__in=mentor_ids, status=Mentorship.Status.REQUESTED
        )
        .values_list("mentor_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return dict(rows)


def mentor_time_zone(expert: User) -> str:
    """The zone a mentor's weekly windows are wall-clock times in. Windows
    are saved with the questionnaire's zone, so that comes first; then the
    zone on their member profile."""
    for related in ("mentee_profile", "profile"):
        zone = getattr(getattr(expert, related, None), "time_zone", "")
        if zone:
            return zone
    return "UTC"


def to_offer(
    page: ExpertPage,
    *,
    windows: list[AvailabilityWindow],
    completed: dict[tuple[int, int], int],
) -> matching.MentorOffer:
    """One annotated page from `list_candidate_pages` as matching reads it."""
    expert_id = page.expert_id
    return matching.MentorOffer(
        user_id=expert_id,
        display_name=page.title,
        skills=tuple(
            matching.MentorSkill(
                skill_id=row.skill_id,
                name=row.skill.name,
                level=row.level,
                completed_sessions=completed.get((expert_id, row.skill_id), 0),
            )
            for row in page.mentor_skills.all()
        ),
        windows=tuple(_weekly(window) for window in windows),
        time_zone=mentor_time_zone(page.expert),
        capacity=page.mentee_capacity,
        active_mentees=page.active_mentees,
        rating_average=page.rating_average,
        rating_count=page.rating_count,
        languages=tuple(row.language for row in page.languages.all()),
        rate=page.hourly_rate or Decimal(0),
        currency=page.currency if page.hourly_rate else "",
    )


def load_mentor_offers(
    needs: matching.MenteeNeeds, *, exclude_user_ids: set[int]
) -> tuple[list[matching.MentorOffer], dict[int, ExpertPage], dict[int, int]]:
    """(offers, the page of each mentor by user id, open requests per
    mentor): six queries however many mentors there are."""
    pages = list(list_candidate_pages(needs, exclude_user_ids=exclude_user_ids))
    mentor_ids = [page.expert_id for page in pages]
    if not mentor_ids:
        return [], {}, {}
    windows = list_windows_by_user(mentor_ids)
    completed = count_completed_sessions(mentor_ids)
    offers = [
        to_offer(page, windows=windows[page.expert_id], completed=completed)
        for page in pages
    ]
    pages_by_mentor = {page.expert_id: page for page in pages}
    return offers, pages_by_mentor, get_open_request_load(mentor_ids)
