"""Reads of experts that pages, the directory and the workspace reuse."""

from dataclasses import dataclass

from django.db.models import (
    CharField,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Value,
)
from django.db.models.functions import Cast, Coalesce

from accounts.models import User
from core.access import visible_pages
from core.models import Skill
from experts.forum_answers import accepted_answers_expression
from experts.mentee_count import active_mentees_expression, count_active_mentees
from experts.models import (
    ExpertLanguage,
    ExpertPage,
    ExpertPageSkill,
    MentorSkill,
)
from sessions.models import ExpertRating


def _rating_annotations(to_user: str) -> dict:
    """rating_count and rating_average of the user at the path `to_user`
    ("" for a user, "expert__" for an expert page): their stored totals
    (sessions.models.ExpertRating), joined. Their session reviews plus
    what their mentees said, averaged over every review, never as an
    average of averages; no reviews, no average (NULL)."""
    rating = f"{to_user}expert_rating__"
    return {
        "rating_count": Coalesce(F(f"{rating}count"), Value(0)),
        "rating_average": F(f"{rating}average"),
    }


def with_ratings(queryset: QuerySet[ExpertPage]) -> QuerySet[ExpertPage]:
    """Annotate each expert page with the average and number of reviews of
    its expert (sessions they hosted, mentorships they completed): one join
    to the totals the review services keep, for any number of experts."""
    return queryset.annotate(**_rating_annotations("expert__"))


def list_visible_experts() -> QuerySet[ExpertPage]:
    """Live expert pages anyone may see (core.access), bare."""
    return visible_pages(ExpertPage.objects.all())


def get_expert_rating(expert: User) -> dict:
    """{"average": float | None, "count": int} over all their reviews, the
    same numbers `with_ratings` gives their page, in one query."""
    numbers = (
        ExpertRating.objects.filter(expert=expert)
        .values_list("average", "count")
        .first()
    )
    average, count = numbers or (None, 0)
    return {"average": average, "count": count}


def _profile_annotations(expert_id: OuterRef) -> dict:
    return {
        **_rating_annotations(""),
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


# The page's four entry lists: (slug, relation), each its own table so the
# editor shows four lists.
ENTRY_LISTS = (
    ("experience", "experiences"),
    ("achievements", "achievements"),
    ("certifications", "certifications"),
    ("projects", "projects"),
)
ENTRY_FIELDS = ("title", "organisation", "period", "description", "link", "image_id")


@dataclass(frozen=True)
class ProfileLists:
    """An expert page's lists, in their editor's order: the short ones as
    instances that read like the related objects, the entries as dicts
    (ENTRY_FIELDS) by list slug (ENTRY_LISTS)."""

    skills: list[Skill]
    languages: list[ExpertLanguage]
    mentor_skills: list[MentorSkill]
    entries: dict[str, list[dict]]


def _text(value: str) -> Value:
    return Value(value, output_field=CharField())


# The columns every part of get_profile_lists' UNION has, in this order,
# with what a part that has no such column puts there. Names with a leading
# underscore: the models' own field names are taken.
_NO_COLUMNS = {
    "_skill": Value(0),
    "_name": _text(""),
    "_slug": _text(""),
    "_code": _text(""),
    "_said": _text(""),
    "_level": Value(0),
    "_title": _text(""),
    "_organisation": _text(""),
    "_period": _text(""),
    "_description": _text(""),
    "_link": _text(""),
    # Cast: PostgreSQL types two bare NULLs of a UNION as text.
    "_image_id": Cast(Value(None), IntegerField()),
}


def _part(queryset, kind: str, sort, **columns) -> QuerySet:
    return queryset.order_by().values(
        _kind=_text(kind),
        _sort=sort,
        _row=F("pk"),
        **{name: columns.get(name, empty) for name, empty in _NO_COLUMNS.items()},
    )


def get_profile_lists(page: ExpertPage) -> ProfileLists:
    """The page's skills, languages, the skills they mentor and its entry
    lists in one query (a UNION ALL of the seven tables). A preview reads
    the editor's unsaved lists from memory instead."""
    if not page.pk or getattr(page, "_cluster_related_objects", None):
        return ProfileLists(
            skills=list(page.skills.all()),
            languages=list(page.languages.all()),
            mentor_skills=list(page.mentor_skills.select_related("skill")),
            entries={
                slug: [
                    {name: getattr(entry, name) for name in ENTRY_FIELDS}
                    for entry in getattr(page, relation).all()
                ]
                for slug, relation in ENTRY_LISTS
            },
        )
    sorted_by = Coalesce("sort_order", Value(0))
    parts = [
        _part(
            ExpertPageSkill.objects.filter(content_object=page),
            "skill",
            Value(0),
            _skill=F("tag_id"),
            _name=F("tag__name"),
            _slug=F("tag__slug"),
        ),
        _part(
            ExpertLanguage.objects.filter(page=page),
            "language",
            sorted_by,
            _code=F("language"),
            _said=F("level"),
        ),
        _part(
            MentorSkill.objects.filter(page=page),
            "mentor_skill",
            sorted_by,
            _skill=F("skill_id"),
            _name=F("skill__name"),
            _slug=F("skill__slug"),
            _level=F("level"),
        ),
        *(
            _part(
                getattr(page, relation).all(),
                slug,
                sorted_by,
                **{f"_{name}": F(name) for name in ENTRY_FIELDS},
            )
            for slug, relation in ENTRY_LISTS
        ),
    ]
    lists = ProfileLists(
        skills=[],
        languages=[],
        mentor_skills=[],
        entries={slug: [] for slug, _ in ENTRY_LISTS},
    )
    rows = [
        {name[1:]: value for name, value in row.items()}
        for row in parts[0].union(*parts[1:], all=True)
    ]
    for row in sorted(rows, key=lambda row: (row["sort"], row["row"])):
        kind = row["kind"]
        if kind in lists.entries:
            lists.entries[kind].append({name: row[name] for name in ENTRY_FIELDS})
        elif kind == "language":
            lists.languages.append(
                ExpertLanguage(pk=row["row"], language=row["code"], level=row["said"])
            )
        else:
            skill = Skill(pk=row["skill"], name=row["name"], slug=row["slug"])
            if kind == "skill":
                lists.skills.append(skill)
            else:
                lists.mentor_skills.append(
                    MentorSkill(pk=row["row"], skill=skill, level=row["level"])
                )
    return lists


def get_card_lists(
    page_ids: list[int],
) -> dict[int, tuple[list[Skill], list[ExpertLanguage]]]:
    """The skills and languages of each of these expert pages, in their
    editor's order, in one query (a UNION ALL of the two tables), for
    their directory cards."""
    skills = ExpertPageSkill.objects.filter(content_object_id__in=page_ids).values(
        _kind=_text("skill"),
        _page=F("content_object_id"),
        _sort=Value(0),
        _row=F("pk"),
        _skill=F("tag_id"),
        _name=F("tag__name"),
        _slug=F("tag__slug"),
        _code=_text(""),
        _said=_text(""),
    )
    languages = ExpertLanguage.objects.filter(page_id__in=page_ids).values(
        _kind=_text("language"),
        _page=F("page_id"),
        _sort=Coalesce("sort_order", Value(0)),
        _row=F("pk"),
        _skill=Value(0),
        _name=_text(""),
        _slug=_text(""),
        _code=F("language"),
        _said=F("level"),
    )
    lists: dict[int, tuple[list[Skill], list[ExpertLanguage]]] = {
        pk: ([], []) for pk in page_ids
    }
    rows = skills.order_by().union(languages.order_by(), all=True)
    for row in sorted(rows, key=lambda row: (row["_sort"], row["_row"])):
        page_skills, page_languages = lists[row["_page"]]
        if row["_kind"] == "skill":
            page_skills.append(
                Skill(pk=row["_skill"], name=row["_name"], slug=row["_slug"])
            )
        else:
            page_languages.append(
                ExpertLanguage(
                    pk=row["_row"], language=row["_code"], level=row["_said"]
                )
            )
    return lists
