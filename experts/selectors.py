"""Reads of experts that pages, the directory and the workspace reuse."""

from dataclasses import dataclass

from django.db.models import (
    CharField,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, NullIf

from accounts.models import User
from core.access import visible_pages
from core.models import Skill
from experts.forum_answers import accepted_answers_expression
from experts.mentee_count import active_mentees_expression, count_active_mentees
from experts.mentor_ratings import mentee_rating_count, mentee_rating_sum
from experts.models import (
    ExpertLanguage,
    ExpertPage,
    ExpertPageSkill,
    MentorSkill,
)
from sessions.models import Review


def _rating_annotations(expert_id: OuterRef) -> dict:
    """rating_count and rating_average of the user `expert_id` points at:
    their session reviews plus what their mentees said (experts.mentor_ratings),
    averaged over every review, never as an average of averages."""
    reviews = (
        Review.objects.filter(session__host=expert_id)
        .order_by()
        .values("session__host")
    )
    session_sum = Coalesce(
        Subquery(reviews.annotate(value=Sum("rating")).values("value")),
        Value(0),
        output_field=IntegerField(),
    )
    session_count = Coalesce(
        Subquery(reviews.annotate(value=Count("pk")).values("value")),
        Value(0),
        output_field=IntegerField(),
    )
    count = session_count + mentee_rating_count(expert_id)
    total = session_sum + mentee_rating_sum(expert_id)
    return {
        "rating_count": count,
        # × 1.0: a real division on every database, like Avg; no reviews,
        # no average (NULL), as before.
        "rating_average": ExpressionWrapper(
            total * Value(1.0) / NullIf(count, Value(0)), output_field=FloatField()
        ),
    }


def with_ratings(queryset: QuerySet[ExpertPage]) -> QuerySet[ExpertPage]:
    """Annotate each expert page with the average and number of reviews of
    its expert (sessions they hosted, mentorships they completed): one query
    for any number of experts, and never stale (no copy of the numbers to
    keep in step)."""
    return queryset.annotate(**_rating_annotations(OuterRef("expert_id")))


def list_visible_experts() -> QuerySet[ExpertPage]:
    """Live expert pages anyone may see (core.access), bare."""
    return visible_pages(ExpertPage.objects.all())


def get_expert_rating(expert: User) -> dict:
    """{"average": Decimal | float | None, "count": int} over all their
    reviews, the same numbers `with_ratings` gives their page, in one query."""
    numbers = (
        User.objects.filter(pk=expert.pk)
        .annotate(**_rating_annotations(OuterRef("pk")))
        .values("rating_average", "rating_count")
        .get()
    )
    return {"average": numbers["rating_average"], "count": numbers["rating_count"]}


def _profile_annotations(expert_id: OuterRef) -> dict:
    return {
        **_rating_annotations(expert_id),
        "active_mentees": active_mentees_expression(expert_id),
        "accepted_answers": accepted_answers_expression(expert_id),
    }


PROFILE_NUMBERS = (
    "rating_average",
    "rating_count",
    "active_mentees",
    "accepted_answers",
)


def get_profile_numbers(page: ExpertPage) -> dict:
    """{rating_average, rating_count, active_mentees, accepted_answers} of
    the page's expert, read with the expert themselves in one query; the
    page keeps that expert (no second read of the user)."""
    expert = (
        User.objects.annotate(**_profile_annotations(OuterRef("pk")))
        .filter(pk=page.expert_id)
        .get()
    )
    page.expert = expert
    return {name: getattr(expert, name) for name in PROFILE_NUMBERS}


def get_mentee_places_left(expert_page: ExpertPage) -> int:
    active = count_active_mentees(expert_page.expert)
    return max(expert_page.mentee_capacity - active, 0)


@dataclass(frozen=True)
class ProfileTags:
    """An expert page's short lists, in their editor's order."""

    skills: list[Skill]
    languages: list[ExpertLanguage]
    mentor_skills: list[MentorSkill]


def _text(value: str) -> Value:
    return Value(value, output_field=CharField())


def get_profile_tags(page: ExpertPage) -> ProfileTags:
    """The page's skills, languages and the skills they mentor in one query
    (a UNION ALL of the three tables), as unsaved instances that read like
    the related objects. A preview reads the editor's unsaved lists from
    memory instead."""
    if not page.pk or getattr(page, "_cluster_related_objects", None):
        return ProfileTags(
            skills=list(page.skills.all()),
            languages=list(page.languages.all()),
            mentor_skills=list(page.mentor_skills.select_related("skill")),
        )
    skills = ExpertPageSkill.objects.filter(content_object=page).values(
        _kind=_text("skill"),
        _sort=Value(0),
        _row=F("pk"),
        _skill=F("tag_id"),
        _name=F("tag__name"),
        _slug=F("tag__slug"),
        _code=_text(""),
        _said=_text(""),
        _level=Value(0),
    )
    languages = ExpertLanguage.objects.filter(page=page).values(
        _kind=_text("language"),
        _sort=Coalesce("sort_order", Value(0)),
        _row=F("pk"),
        _skill=Value(0),
        _name=_text(""),
        _slug=_text(""),
        _code=F("language"),
        _said=F("level"),
        _level=Value(0),
    )
    mentored = MentorSkill.objects.filter(page=page).values(
        _kind=_text("mentor_skill"),
        _sort=Coalesce("sort_order", Value(0)),
        _row=F("pk"),
        _skill=F("skill_id"),
        _name=F("skill__name"),
        _slug=F("skill__slug"),
        _code=_text(""),
        _said=_text(""),
        _level=F("level"),
    )
    lists = ProfileTags(skills=[], languages=[], mentor_skills=[])
    # Names with a leading underscore: the models' own field names are
    # taken.
    rows = [
        {name[1:]: value for name, value in row.items()}
        for row in skills.order_by().union(
            languages.order_by(), mentored.order_by(), all=True
        )
    ]
    for row in sorted(rows, key=lambda row: (row["sort"], row["row"])):
        if row["kind"] == "language":
            lists.languages.append(
                ExpertLanguage(pk=row["row"], language=row["code"], level=row["said"])
            )
            continue
        skill = Skill(pk=row["skill"], name=row["name"], slug=row["slug"])
        if row["kind"] == "skill":
            lists.skills.append(skill)
        else:
            lists.mentor_skills.append(
                MentorSkill(pk=row["row"], skill=skill, level=row["level"])
            )
    return lists
