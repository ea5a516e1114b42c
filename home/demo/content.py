"""Demo articles and a course under /learn/: free, members-only and sold on
their own, written by the demo experts, so the paywall can be seen from
every side."""

from decimal import Decimal

from django.utils.text import slugify

from accounts.models import User
from content.models import ArticlePage, CourseLesson, CoursePage, LearnIndexPage
from home.demo.pictures import cover_for


def _body(*paragraphs: str) -> list:
    return [("paragraph", f"<p>{text}</p>") for text in paragraphs]


# (title, author, access, price, skills, summary, paragraphs)
ARTICLES = [
    (
        "Five SQL habits that make analysts faster",
        "amara-okafor",
        "free",
        None,
        ["SQL"],
        "Small habits that save an hour a week: CTEs, naming, and checking "
        "your joins before you trust them.",
        [
            "Most slow analysis is not slow SQL; it is SQL you cannot read a "
            "week later. These five habits fix that.",
            "Name every CTE after what it holds, not how it was made. "
            "<em>orders_last_30_days</em> beats <em>tmp2</em>.",
            "Count rows before and after every join. A join that multiplies "
            "rows silently is the most common wrong number in a dashboard.",
        ],
    ),
    (
        "Idempotent pipelines: the checklist we use",
        "amara-okafor",
        "membership",
        None,
        ["Data engineering", "Apache Kafka"],
        "Exactly-once is a promise, not a guarantee. The checklist our team "
        "runs before a pipeline goes to production.",
        [
            "Every pipeline will run twice one day: a retry, a replay, a "
            "deploy at the wrong moment. The question is whether it matters.",
            "Key every write on something the source gives you, never on a "
            "sequence you generate. Upserts, not inserts.",
            "Store the offset or watermark in the same transaction as the "
            "data it produced; anything else is a race you will lose.",
        ],
    ),
    (
        "Running your first design critique",
        "lucas-moreau",
        "membership",
        None,
        ["Design systems"],
        "How to run a critique that improves the work instead of the "
        "designer's defences.",
        [
            "A critique is a meeting about the work's goals, not its author's "
            "taste. Say the goal out loud before anyone opens the file.",
            "Ask for observations first, opinions second and solutions last; "
            "most critiques fail by jumping to solutions.",
        ],
    ),
    (
        "The first 90 days as an engineering manager",
        "priya-raman",
        "purchase",
        Decimal("12.00"),
        ["Leadership", "Engineering management"],
        "A week-by-week plan for new managers: one-to-ones, expectations, "
        "and the first hard conversation.",
        [
            "Your first month is for listening. Hold a one-to-one with every "
            "person and ask the same three questions.",
            "By day 60 write down what you expect of the team and of "
            "yourself, and ask them to hold you to it.",
            "The first hard conversation comes sooner than you think; "
            "prepare the facts, the impact and one concrete request.",
        ],
    ),
]

COURSE = (
    "Terraform from zero to a real module",
    "daniel-schwartz",
    "membership",
    ["Terraform", "DevOps"],
    "Four lessons from your first resource to a reusable, tested module.",
    ["Why infrastructure as code pays off in the first month."],
    [
        ("Your first resource", "Providers, state, plan and apply."),
        ("Variables and outputs", "Making one configuration fit many stages."),
        ("Modules", "Packaging what you repeat."),
        ("Testing and review", "Plans in pull requests, and terraform test."),
    ],
)


def seed_content() -> None:
    index = LearnIndexPage.objects.first()
    if index is None:
        return
    for title, author, access, price, skills, summary, paragraphs in ARTICLES:
        existing = ArticlePage.objects.filter(slug=slugify(title)).first()
        if existing is not None:
            _catch_up(existing, skills)
            continue
        user = User.objects.get(username=author)
        article = ArticlePage(
            title=title,
            slug=slugify(title),
            author=user,
            owner=user,
            summary=summary,
            access=access,
            price=price,
            body=_body(*paragraphs),
            cover_image=cover_for(
                slug=slugify(title), title=title, skills=skills, owner=user
            ),
        )
        index.add_child(instance=article)
        article.skills.add(*skills)
        article.save_revision(user=user).publish()
    _seed_course(index)


def _seed_course(index: LearnIndexPage) -> None:
    title, author, access, skills, summary, overview, lessons = COURSE
    existing = CoursePage.objects.filter(slug=slugify(title)).first()
    if existing is not None:
        _catch_up(existing, skills)
        return
    user = User.objects.get(username=author)
    course = CoursePage(
        title=title,
        slug=slugify(title),
        author=user,
        owner=user,
        summary=summary,
        access=access,
        overview=_body(*overview),
        cover_image=cover_for(
            slug=slugify(title), title=title, skills=skills, owner=user
        ),
    )
    course.lessons = [
        CourseLesson(
            title=lesson,
            summary=lesson_summary,
            body=_body(f"{lesson_summary} Worked through step by step."),
            sort_order=order,
        )
        for order, (lesson, lesson_summary) in enumerate(lessons)
    ]
    index.add_child(instance=course)
    course.skills.add(*skills)
    course.save_revision(user=user).publish()


def _catch_up(page, skills: list[str]) -> None:
    """Give a page seeded before the demo had covers one; an editor's cover
    stays. The row only, as sessions._catch_up does."""
    if page.cover_image_id is None:
        cover = cover_for(slug=page.slug, title=page.title, skills=skills)
        type(page).objects.filter(pk=page.pk).update(cover_image=cover)
