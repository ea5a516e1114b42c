"""Skill assessment and progress in the demo: three assessments by the
demo experts under /assessments/, and members' progress over the last six
months, so the charts at /progress/skills/<skill>/ have a history to draw.

Sofia is the main story: her SQL self-ratings rise, she took Nadia's SQL
assessment three times, Amara (her mentor) reviewed her level, she reached
one goal and aims at the next, and she shows SQL on her public profile.
Grace waits for Nadia's feedback (Nadia sees it in the admin under
"Feedback requests"), and Mateo's answer to Priya's scenario waits in
Priya's marking queue.

The pages are published as an editor would. Everything members did is
written as it stands today rather than through the services, which stamp
"now" and email people about results from months ago. Each part is keyed so
a second run adds nothing: an assessment by its slug, self-ratings by
member and skill, attempts by member and assessment, a feedback request by
member, expert and skill, a goal by member, skill and target, evidence by
its link, sharing by its member.
"""

import uuid
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.models import Skill
from home.demo.assessment_data import ASSESSMENTS
from progress import scoring
from progress.models import (
    AssessmentIndexPage,
    AssessmentPage,
    Attempt,
    Evidence,
    FeedbackRequest,
    Goal,
    LevelBand,
    LevelRecord,
    ProgressSharing,
)
from progress.questions import max_points, read_questions
from progress.services.sharing import save_sharing

Source = LevelRecord.Source

# (member, skill): self-ratings as (days ago, level), rising over time.
SELF_RATINGS = {
    ("sofia-lindqvist", "SQL"): [(170, 1), (120, 2), (55, 3)],
    ("sofia-lindqvist", "Data analysis"): [(150, 2), (40, 3)],
    ("sofia-lindqvist", "Python"): [(95, 1), (20, 2)],
    ("grace-mensah", "SQL"): [(125, 1), (35, 2)],
    ("grace-mensah", "Leadership"): [(90, 2), (15, 3)],
    ("kenji-watanabe", "Kubernetes"): [(160, 2), (40, 3)],
    ("kenji-watanabe", "Python"): [(150, 3), (25, 4)],
    ("mateo-garcia", "Engineering management"): [(28, 2)],
}

# (member, assessment slug, days ago, questions missed (numbered from 1),
# hand marks {question number: points}, or None while awaiting review).
SQL = "sql-joins-grouping-and-window-functions"
KUBERNETES = "kubernetes-workloads-and-troubleshooting"
MANAGEMENT = "engineering-management-one-to-ones-feedback-delegation"
ATTEMPTS = [
    ("sofia-lindqvist", SQL, 140, {3, 5, 6}, {}),  # 4/10: advanced beginner
    ("sofia-lindqvist", SQL, 70, {3, 6}, {}),  # 6/10: competent
    ("sofia-lindqvist", SQL, 16, {4, 6}, {}),  # 7/10: competent
    ("grace-mensah", SQL, 45, {2, 5, 6, 7}, {}),  # 4/10: advanced beginner
    ("grace-mensah", MANAGEMENT, 50, {2, 4}, {5: 2}),  # 5/10, marked by Priya
    ("kenji-watanabe", KUBERNETES, 110, {2, 3, 6}, {}),  # 3/7: adv. beginner
    ("kenji-watanabe", KUBERNETES, 25, {3}, {}),  # 5/7: competent
    ("mateo-garcia", MANAGEMENT, 2, {3}, None),  # in Priya's queue
]

# (member, expert, skill, asked days ago, message, the answer: (days ago,
# level, feedback), or None while it waits).
FEEDBACK = [
    (
        "sofia-lindqvist",
        "amara-okafor",
        "SQL",
        30,
        "Could you look at the campaign report I wrote in SQL (linked in my "
        "evidence) and tell me where I stand? I rate myself competent.",
        (
            28,
            3,
            "Competent, and close to proficient. Your CTEs read well and you "
            "check row counts after each join. Next: window functions beyond "
            "ROW_NUMBER (LAG for week-on-week changes) and an index or two "
            "once your queries get slow.",
        ),
    ),
    (
        "grace-mensah",
        "nadia-haddad",
        "SQL",
        2,
        "I wrote my first adoption query on my own this week. Could you tell "
        "me whether I am past the beginner stage? The query is in our notes.",
        None,
    ),
]

# (member, skill, target level, set days ago, by (days from now),
# achieved days ago or None while open).
GOALS = [
    ("sofia-lindqvist", "SQL", 3, 150, -50, 70),
    ("sofia-lindqvist", "SQL", 4, 14, 90, None),
    ("grace-mensah", "SQL", 2, 100, -10, 45),
    ("kenji-watanabe", "Kubernetes", 4, 30, 120, None),
]

# (member, skill, kind, title, link, added days ago).
EVIDENCE = [
    (
        "sofia-lindqvist",
        "SQL",
        Evidence.Kind.REPOSITORY,
        "campaign-reports: weekly campaign performance in SQL",
        "https://github.com/sofia-lindqvist/campaign-reports",
        60,
    ),
    (
        "sofia-lindqvist",
        "SQL",
        Evidence.Kind.CERTIFICATE,
        "SQL for Data Analysis: certificate of completion",
        "https://www.coursera.org/account/accomplishments/certificate/DEMO5QL42",
        100,
    ),
    (
        "kenji-watanabe",
        "Kubernetes",
        Evidence.Kind.REPOSITORY,
        "ml-serving: model services on Kubernetes with Helm charts",
        "https://github.com/kenji-watanabe/ml-serving",
        35,
    ),
]

# member: (skills shown on their public profile, shared with mentors).
SHARING = {"sofia-lindqvist": (["SQL"], True)}


def seed_progress() -> None:
    people = {user.username: user for user in User.objects.all()}
    index = AssessmentIndexPage.objects.first()
    if index is not None:
        for data in ASSESSMENTS:
            if data["author"] in people:
                _seed_assessment(index, data, people[data["author"]])
    for (username, skill), ratings in SELF_RATINGS.items():
        if username in people:
            _seed_self_ratings(people[username], _skill(skill), ratings)
    _seed_attempts(people)
    for row in FEEDBACK:
        if row[0] in people and row[1] in people:
            _seed_feedback(people[row[0]], people[row[1]], _skill(row[2]), *row[3:])
    for username, skill, *rest in GOALS:
        if username in people:
            _seed_goal(people[username], _skill(skill), *rest)
    for username, skill, kind, title, url, days in EVIDENCE:
        if (
            username in people
            and not Evidence.objects.filter(member=people[username], url=url).exists()
        ):
            Evidence.objects.create(
                member=people[username],
                skill=_skill(skill),
                kind=kind,
                title=title,
                url=url,
                created_at=_ago(days),
            )
    for username, (skills, with_mentors) in SHARING.items():
        member = people.get(username)
        if member and not ProgressSharing.objects.filter(member=member).exists():
            save_sharing(
                member=member,
                public_skills=[_skill(name) for name in skills],
                share_with_mentors=with_mentors,
            )


def _skill(name: str) -> Skill:
    """The vocabulary's skill of that name, whatever its case."""
    skill = Skill.objects.filter(name__iexact=name).first()
    return skill or Skill.objects.create(name=name)


def _ago(days: int, hour: int = 18) -> datetime:
    day = timezone.now() - timedelta(days=days)
    return day.replace(hour=hour, minute=0, second=0, microsecond=0)


# --- Assessments ------------------------------------------------------------------


def _raw_question(question: tuple) -> dict:
    """One question as the raw stream Wagtail stores."""
    kind, prompt, key, points, explanation = question[:5]
    value = {"prompt": prompt, "points": points, "explanation": explanation}
    if kind == "short":
        value["keywords"] = key
    else:
        value["choices"] = [
            {
                "type": "item",
                "id": str(uuid.uuid4()),
                "value": {"text": text, "correct": correct},
            }
            for text, correct in key
        ]
    block_type = {"single": "single_choice", "multiple": "multiple_choice"}
    return {
        "type": block_type.get(kind, "short_answer"),
        "id": str(uuid.uuid4()),
        "value": value,
    }


@transaction.atomic
def _seed_assessment(index: AssessmentIndexPage, data: dict, author: User) -> None:
    if AssessmentPage.objects.filter(slug=data["slug"]).exists():
        return
    page = AssessmentPage(
        title=data["title"],
        slug=data["slug"],
        owner=author,
        skill=_skill(data["skill"]),
        summary=data["summary"],
        intro=data["intro"],
        time_limit_minutes=data["time_limit_minutes"],
        retake_after_days=data["retake_after_days"],
        questions=[_raw_question(question) for question in data["questions"]],
    )
    page.bands = [
        LevelBand(min_percent=percent, level=level, sort_order=order)
        for order, (percent, level) in enumerate(data["bands"])
    ]
    index.add_child(instance=page)
    page.save_revision(user=author).publish(user=author)


# --- What members did -------------------------------------------------------------


def _seed_self_ratings(member: User, skill: Skill, ratings: list) -> None:
    records = LevelRecord.objects.filter(member=member, skill=skill, source=Source.SELF)
    if records.exists():
        return
    LevelRecord.objects.bulk_create(
        LevelRecord(
            member=member,
            skill=skill,
            source=Source.SELF,
            level=level,
            recorded_at=_ago(days, hour=9),
        )
        for days, level in ratings
    )


def _seed_attempts(people: dict) -> None:
    pages = {page.slug: page for page in AssessmentPage.objects.live()}
    # Members who took an assessment already keep what they have.
    taken = {
        (attempt.member.username, attempt.assessment.slug)
        for attempt in Attempt.objects.filter(assessment__isnull=False).select_related(
            "member", "assessment"
        )
    }
    for username, slug, days, misses, hand_marks in ATTEMPTS:
        if username in people and slug in pages and (username, slug) not in taken:
            _seed_attempt(people[username], pages[slug], days, misses, hand_marks)


def _answer(question, wrong: bool, texts: dict):
    """What a member who got `question` right (or wrong) would have sent."""
    if question.kind == "short_answer":
        good, weak = texts[question.number]
        return weak if wrong else good
    right = sorted(question.correct)
    others = [choice.id for choice in question.choices if choice.id not in right]
    if question.kind == "single_choice":
        return others[0] if wrong else right[0]
    # All or nothing: one right choice too few is wrong.
    return (right[:-1] or others[:1]) if wrong else right


@transaction.atomic
def _seed_attempt(
    member: User,
    page: AssessmentPage,
    days: int,
    misses: set,
    hand_marks: dict | None,
) -> None:
    """One attempt as it stands `days` after it was taken: scored with its
    level in the member's history, or awaiting the author's marks."""
    data = next(item for item in ASSESSMENTS if item["slug"] == page.slug)
    texts = {
        number: question[5]
        for number, question in enumerate(data["questions"], start=1)
        if question[0] == "short"
    }
    raw = [child.get_prep_value() for child in page.questions]
    questions = read_questions(raw)
    answers = {
        question.id: _answer(question, question.number in misses, texts)
        for question in questions
        if question.kind != "short_answer" or question.number in texts
    }
    marking = scoring.mark_automatically(questions, answers)
    marks = dict(marking.marks)
    by_number = {question.id: question.number for question in questions}
    for question_id in marking.awaiting:
        if hand_marks is not None:
            marks[question_id] = hand_marks.get(by_number[question_id], 0)
    started = _ago(days, hour=19)
    submitted = started + timedelta(minutes=14)
    limit = page.time_limit_minutes
    bands = [[band.min_percent, band.level] for band in page.bands.all()]
    attempt = Attempt(
        member=member,
        assessment=page,
        assessment_title=page.title,
        skill_id=page.skill_id,
        questions=raw,
        bands=bands,
        answers=answers,
        marks=marks,
        started_at=started,
        deadline_at=started + timedelta(minutes=limit) if limit else None,
        submitted_at=submitted,
        max_points=max_points(questions),
    )
    if hand_marks is None and marking.awaiting:
        attempt.status = Attempt.Status.AWAITING_REVIEW
        attempt.save()
        return
    # Marked by hand the next day, or scored the moment it was submitted.
    scored = submitted + timedelta(days=1) if marking.awaiting else submitted
    attempt.status = Attempt.Status.SCORED
    attempt.points = sum(marks.values())
    attempt.level = scoring.level_for(attempt.points, attempt.max_points, bands)
    attempt.scored_at = scored
    attempt.save()
    LevelRecord.objects.create(
        member=member,
        skill_id=page.skill_id,
        source=Source.ASSESSMENT,
        level=attempt.level,
        attempt=attempt,
        recorded_at=scored,
    )


@transaction.atomic
def _seed_feedback(
    member: User,
    expert: User,
    skill: Skill,
    days: int,
    message: str,
    answer: tuple | None,
) -> None:
    asked = FeedbackRequest.objects.filter(member=member, expert=expert, skill=skill)
    if asked.exists():
        return
    feedback = FeedbackRequest.objects.create(
        member=member,
        expert=expert,
        skill=skill,
        message=message,
        created_at=_ago(days, hour=8),
    )
    if answer is None:
        return
    answered_days, level, text = answer
    answered = _ago(answered_days, hour=12)
    feedback.status = FeedbackRequest.Status.REVIEWED
    feedback.reviewed_level = level
    feedback.feedback = text
    feedback.answered_at = answered
    feedback.save()
    LevelRecord.objects.create(
        member=member,
        skill=skill,
        source=Source.EXPERT,
        level=level,
        feedback=feedback,
        recorded_at=answered,
    )


def _seed_goal(
    member: User,
    skill: Skill,
    target_level: int,
    set_days_ago: int,
    due_in_days: int,
    achieved_days_ago: int | None,
) -> None:
    goals = Goal.objects.filter(member=member, skill=skill)
    # One open goal per skill: the member's own stays as they set it.
    if goals.filter(target_level=target_level).exists() or (
        achieved_days_ago is None and goals.filter(achieved_at__isnull=True).exists()
    ):
        return
    Goal.objects.create(
        member=member,
        skill=skill,
        target_level=target_level,
        target_date=(timezone.now() + timedelta(days=due_in_days)).date(),
        created_at=_ago(set_days_ago, hour=10),
        achieved_at=(
            _ago(achieved_days_ago, hour=19) + timedelta(minutes=14)
            if achieved_days_ago is not None
            else None
        ),
    )
