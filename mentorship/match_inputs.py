"""What matching reads from the database: one mentee's questionnaire as
`MenteeNeeds`, every candidate mentor as a `MentorOffer`, and the open
requests already waiting on each mentor.

A fixed number of queries for any number of mentors, and no model
instances: the candidates come in one query of plain columns (active
mentees and open requests as subqueries), then skills, languages, weekly
windows, ratings and completed sessions in one flat query each, grouped
here by mentor. Building hundreds of ExpertPages with
their prefetched rows cost ten times the SQL, and a rating subquery per
candidate row twice the rest of the candidates query
(bench/bench_match_inputs.py).
"""

import operator
from collections import defaultdict
from decimal import Decimal
from functools import reduce

from django.core.exceptions import EmptyResultSet
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    Expression,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce

from accounts.models import User
from experts.directory import with_mentee_places
from experts.models import ExpertLanguage, ExpertPage
from experts.models import MentorSkill as MentorSkillRow
from experts.selectors import list_visible_experts
from mentorship import matching
from mentorship.models import (
    AvailabilityWindow,
    MenteeProfile,
    Mentorship,
)
from sessions.models import Booking, ExpertRating


def get_mentee_needs(profile: MenteeProfile) -> matching.MenteeNeeds:
    """`profile` as matching reads it; expects the profile from
    `selectors.get_mentee_profile` (languages and skills prefetched)."""
    if profile.budget_kind == MenteeProfile.Budget.PAID and profile.budget_max:
        budget = matching.Budget.up_to(profile.budget_max, profile.currency)
    else:
        budget = matching.Budget()
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
        windows=tuple(list_windows_by_user([profile.user_id])[profile.user_id]),
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
    """Live, visible expert pages taking mentees that matching would not
    turn away: a place left, a skill above the mentee's level in something
    they want, a language in common (or none listed on either side) and a
    rate within the budget, annotated with `active_mentees` and
    `open_requests` (waiting for the mentor's answer).

    These rules repeat matching's exclusions in SQL so that a pool of
    thousands shrinks before it is loaded; matching still applies them all,
    and the tests compare the two."""
    candidates = (
        with_mentee_places(list_visible_experts())
        .filter(accepts_mentees=True, active_mentees__lt=F("mentee_capacity"))
        .exclude(expert_id__in=exclude_user_ids)
        .exclude(expert_id=needs.mentee_id)
        .annotate(open_requests=_open_requests())
        .order_by("pk")
    )
    if not needs.skills:
        # Nothing wanted, nobody to suggest; still the annotated queryset,
        # so callers can ask it for the same columns.
        return candidates.none()
    teaches_a_wanted_skill = reduce(
        operator.or_,
        (
            Q(skill_id=target.skill_id, level__gt=target.current_level)
            for target in needs.skills
        ),
    )
    teaches = MentorSkillRow.objects.filter(teaches_a_wanted_skill, page=OuterRef("pk"))
    return (
        candidates.filter(Exists(teaches))
        .filter(_speaks_with(needs.languages))
        .filter(_within(needs.budget))
    )


def _open_requests() -> Coalesce:
    # For matching's `load`: a mentor everyone already asks drops down the
    # list.
    waiting = (
        Mentorship.objects.filter(
            mentor_id=OuterRef("expert_id"), status=Mentorship.Status.REQUESTED
        )
        .order_by()
        .values("mentor_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(waiting), 0)


def _speaks_with(languages: tuple[str, ...]) -> Q:
    # Matching turns a mentor away only when both sides list languages and
    # share none.
    if not languages:
        return Q()
    listed = ExpertLanguage.objects.filter(page=OuterRef("pk"))
    return ~Exists(listed) | Exists(listed.filter(language__in=languages))


def _within(budget: matching.Budget) -> Q:
    # `Budget.allows`: free mentoring always; a rate only in the budget's
    # currency and up to its amount.
    free = Q(hourly_rate__isnull=True) | Q(hourly_rate=0)
    if budget.max_rate <= 0:
        return free
    return free | Q(currency__iexact=budget.currency, hourly_rate__lte=budget.max_rate)


class OneOf(Expression):
    """`column` is one of `values`, as `column__in=values` but with the
    values as one array parameter on PostgreSQL: Django and psycopg handle a
    placeholder per value each time, which for hundreds of candidates cost
    more than running the query."""

    output_field = BooleanField()

    def __init__(self, column: str, values):
        super().__init__()
        self.column = F(column)
        self.values = list(values)

    def get_source_expressions(self):
        return [self.column]

    def set_source_expressions(self, expressions):
        (self.column,) = expressions

    def as_sql(self, compiler, connection):
        column, params = self._compile_column(compiler)
        placeholders = ", ".join(["%s"] * len(self.values))
        return f"{column} IN ({placeholders})", (*params, *self.values)

    def as_postgresql(self, compiler, connection):
        column, params = self._compile_column(compiler)
        return f"{column} = ANY(%s)", (*params, self.values)

    def _compile_column(self, compiler):
        if not self.values:
            raise EmptyResultSet  # Django then skips the query
        return compiler.compile(self.column)


def list_skills_by_page(page_ids: list[int]) -> dict[int, list[tuple]]:
    """{page id: [(skill id, skill name, level)]} in the page's order."""
    skills = defaultdict(list)
    rows = (
        MentorSkillRow.objects.filter(OneOf("page_id", page_ids))
        .order_by("page_id", "sort_order", "pk")
        .values_list("page_id", "skill_id", "skill__name", "level")
    )
    for page_id, *skill in rows:
        skills[page_id].append(skill)
    return skills


def list_languages_by_page(page_ids: list[int]) -> dict[int, list[str]]:
    languages = defaultdict(list)
    rows = (
        ExpertLanguage.objects.filter(OneOf("page_id", page_ids))
        .order_by("page_id", "sort_order", "pk")
        .values_list("page_id", "language")
    )
    for page_id, language in rows:
        languages[page_id].append(language)
    return languages


def get_ratings(mentor_ids: list[int]) -> dict[int, tuple]:
    """{mentor id: (average, count)} over the reviews of the sessions each
    hosted and their mentees' reviews, the stored totals `experts.selectors
    .with_ratings` annotates a page with, in one query; mentors without
    reviews are left out."""
    rows = ExpertRating.objects.filter(
        OneOf("expert_id", mentor_ids), count__gt=0
    ).values_list("expert_id", "average", "count")
    return {mentor_id: (average, count) for mentor_id, average, count in rows}


def count_completed_sessions(mentor_ids: list[int]) -> dict[tuple[int, int], int]:
    """{(mentor id, skill id): attended bookings of the sessions the mentor
    hosted that are tagged with the skill}, in one grouped query."""
    rows = (
        Booking.objects.filter(
            OneOf("session__host_id", mentor_ids), status=Booking.Status.ATTENDED
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


def list_windows_by_user(user_ids: list[int]) -> dict[int, list[matching.WeeklyWindow]]:
    windows = defaultdict(list)
    rows = AvailabilityWindow.objects.filter(OneOf("user_id", user_ids)).values_list(
        "user_id", "weekday", "starts_at", "ends_at"
    )
    for user_id, weekday, start, end in rows:
        windows[user_id].append(
            matching.WeeklyWindow(weekday=weekday, start=start, end=end)
        )
    return windows


NO_RATING = (None, 0)

# The candidate columns an offer is built from, in `_offer`'s order.
_OFFER_COLUMNS = (
    "pk",
    "expert_id",
    "title",
    "mentee_capacity",
    "active_mentees",
    "open_requests",
    "hourly_rate",
    "currency",
    # The zone a mentor's weekly windows are wall-clock times in: windows
    # are saved with the questionnaire's zone, so that comes first; then
    # the zone on their member profile.
    "expert__mentee_profile__time_zone",
    "expert__profile__time_zone",
)


def load_mentor_offers(
    needs: matching.MenteeNeeds, *, exclude_user_ids: set[int]
) -> tuple[list[matching.MentorOffer], dict[int, int], dict[int, int]]:
    """(offers, the expert page id of each mentor by user id, open requests
    per mentor): seven queries however many mentors there are."""
    rows = list(
        list_candidate_pages(needs, exclude_user_ids=exclude_user_ids).values_list(
            *_OFFER_COLUMNS
        )
    )
    if not rows:
        return [], {}, {}
    page_ids = [row[0] for row in rows]
    mentor_ids = [row[1] for row in rows]
    skills = list_skills_by_page(page_ids)
    languages = list_languages_by_page(page_ids)
    windows = list_windows_by_user(mentor_ids)
    ratings = get_ratings(mentor_ids)
    completed = count_completed_sessions(mentor_ids)
    offers = [
        _offer(
            row,
            skills=skills[row[0]],
            languages=languages[row[0]],
            windows=windows[row[1]],
            rating=ratings.get(row[1], NO_RATING),
            completed=completed,
        )
        for row in rows
    ]
    page_ids_by_mentor = dict(zip(mentor_ids, page_ids, strict=True))
    waiting = _OFFER_COLUMNS.index("open_requests")
    load = {row[1]: row[waiting] for row in rows if row[waiting]}
    return offers, page_ids_by_mentor, load


def _offer(
    row: tuple,
    *,
    skills: list[tuple],
    languages: list[str],
    windows: list[matching.WeeklyWindow],
    rating: tuple,
    completed: dict[tuple[int, int], int],
) -> matching.MentorOffer:
    (
        _page_id,
        expert_id,
        title,
        capacity,
        active_mentees,
        _waiting,
        rate,
        currency,
        questionnaire_zone,
        profile_zone,
    ) = row
    rating_average, rating_count = rating
    return matching.MentorOffer(
        user_id=expert_id,
        display_name=title,
        skills=tuple(
            matching.MentorSkill(
                skill_id=skill_id,
                name=name,
                level=level,
                completed_sessions=completed.get((expert_id, skill_id), 0),
            )
            for skill_id, name, level in skills
        ),
        windows=tuple(windows),
        time_zone=questionnaire_zone or profile_zone or "UTC",
        capacity=capacity,
        active_mentees=active_mentees,
        rating_average=rating_average,
        rating_count=rating_count,
        languages=tuple(languages),
        rate=rate or Decimal(0),
        currency=currency if rate else "",
    )
