"""The forum in the demo: a few categories and questions members asked,
answered by the demo experts, with votes and accepted answers, and one
question an expert answers live in a session next week.

Written as the threads stand today rather than through the services, whose
rate limits and notifications are for people typing now. Categories are
keyed by slug and threads by title, so a second run adds nothing; the
counts the listings read (answers, scores, reputation) are set from what
was written.
"""

from datetime import timedelta

from django.db.models import Sum
from django.utils import timezone
from django.utils.text import slugify

from accounts.markdown import render_markdown
from accounts.models import User
from core.models import Skill
from forum.models import Category, Post, Reputation, Subscription, Thread, Vote
from forum.services.live import start_live_answer
from forum.services.voting import ACCEPTED_POINTS, DOWNVOTE_POINTS, UPVOTE_POINTS
from home.demo.pictures import cover_for
from home.demo.sessions import meeting_url

CATEGORIES = [
    ("data", "Data and analytics", "SQL, pipelines, dbt, dashboards.", 0),
    ("platform", "Platform and DevOps", "Kubernetes, Terraform, CI/CD.", 1),
    ("leadership", "Engineering leadership", "Managing, hiring, growing.", 2),
    ("careers", "Careers and learning", "Changing roles, finding a path.", 3),
]

# (category, asker, days ago, title, body, skills, answers); each answer is
# (author, body, voters up, accepted).
THREADS = [
    (
        "data",
        "sofia-lindqvist",
        12,
        "How do I find the first purchase per customer in SQL?",
        "I have an `orders` table (customer_id, ordered_at, total). I need each "
        "customer's first order, with its total. `MIN(ordered_at)` gives the "
        "date but not the total. What is the usual way?",
        ["SQL"],
        [
            (
                "amara-okafor",
                "Use a window function and keep the first row per customer:\n\n"
                "```\nSELECT customer_id, ordered_at, total\nFROM (\n"
                "  SELECT o.*, ROW_NUMBER() OVER (\n"
                "    PARTITION BY customer_id ORDER BY ordered_at, id) AS n\n"
                "  FROM orders o\n) first_orders\nWHERE n = 1;\n```\n\n"
                "Ordering by `id` as well breaks ties when two orders share a "
                "timestamp.",
                ["sofia-lindqvist", "kenji-watanabe", "grace-mensah"],
                True,
            ),
            (
                "nadia-haddad",
                "On PostgreSQL, `DISTINCT ON (customer_id)` with `ORDER BY "
                "customer_id, ordered_at` does the same in fewer lines.",
                ["kenji-watanabe"],
                False,
            ),
        ],
    ),
    (
        "data",
        "kenji-watanabe",
        5,
        "Should dbt models be views or tables for a small team?",
        "We have about forty models and a nightly run. Our dashboards feel "
        "slow. Is it worth materialising everything as tables?",
        ["dbt", "Data engineering"],
        [
            (
                "nadia-haddad",
                "Start with the models your dashboards read: make those "
                "tables (or incremental), keep staging models as views. "
                "Materialising everything mostly makes the nightly run longer.",
                ["kenji-watanabe", "sofia-lindqvist"],
                False,
            ),
        ],
    ),
    (
        "platform",
        "mateo-garcia",
        9,
        "Terraform: one state per environment or workspaces?",
        "We are splitting staging and production. Workspaces look simple, but "
        "people warn against them. What do you do?",
        ["Terraform", "DevOps"],
        [
            (
                "lucas-moreau",
                "Separate state per environment (a directory each, shared "
                "modules). Workspaces share one backend configuration, so a "
                "wrong `terraform workspace select` can plan production from "
                "a laptop meant for staging.",
                ["mateo-garcia", "grace-mensah"],
                True,
            ),
        ],
    ),
    (
        "leadership",
        "grace-mensah",
        3,
        "First month as a new engineering manager: what to focus on?",
        "I was promoted from the team I worked in. Where should my first month go?",
        ["Engineering management", "Leadership"],
        [],
    ),
    (
        "careers",
        "sofia-lindqvist",
        20,
        "Moving from marketing analytics to data engineering",
        "Has anyone made this move? Which skills mattered most once you were hired?",
        ["Data engineering", "Python"],
        [
            (
                "amara-okafor",
                "I did. SQL you already have; add Python for glue code, one "
                "orchestrator, and how to test data. Build one small pipeline "
                "end to end and write about what broke.",
                ["sofia-lindqvist"],
                False,
            ),
        ],
    ),
]


def seed_forum() -> None:
    categories = {
        slug: Category.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "description": description, "order": order},
        )[0]
        for slug, name, description, order in CATEGORIES
    }
    people = {user.username: user for user in User.objects.all()}
    now = timezone.now()
    for category, asker, days, title, body, skills, answers in THREADS:
        if asker not in people or Thread.objects.filter(title=title).exists():
            continue
        _seed_thread(
            category=categories[category],
            asker=people[asker],
            asked_at=now - timedelta(days=days),
            title=title,
            body=body,
            skills=skills,
            answers=answers,
            people=people,
        )
    _recount_reputation()
    _seed_live_answer(people)


# (question, expert): the expert answers it live, through the same service
# and publishing as on the site, so its followers are told.
LIVE_ANSWER = (
    "First month as a new engineering manager: what to focus on?",
    "priya-raman",
)


def _seed_live_answer(people) -> None:
    title, host = LIVE_ANSWER
    thread = Thread.objects.filter(title=title, live_session=None).first()
    if thread is None or host not in people:
        return
    session = start_live_answer(thread=thread, host=people[host])
    session.title = "Live Q&A: your first month as an engineering manager"
    session.summary = (
        "Priya answers a member's question live: where a new manager's first "
        "month should go, and what can wait. Bring your own questions."
    )
    session.max_participants = 40
    session.meeting_url = meeting_url("first-month-as-a-manager")
    session.cover_image = cover_for(
        slug=session.slug,
        title=session.title,
        skills=["Leadership"],
        owner=people[host],
    )
    session.save_revision(user=people[host]).publish(user=people[host])


def _post(thread, author, body, at, *, is_opening=False) -> Post:
    return Post.objects.create(
        thread=thread,
        author=author,
        body=body,
        body_html=render_markdown(body),
        created_at=at,
        is_opening=is_opening,
    )


def _seed_thread(*, category, asker, asked_at, title, body, skills, answers, people):
    thread = Thread.objects.create(
        category=category,
        author=asker,
        title=title,
        slug=slugify(title)[:80].strip("-"),
        created_at=asked_at,
        last_activity_at=asked_at,
    )
    thread.skills.set(list(Skill.objects.filter(name__in=skills)))
    _post(thread, asker, body, asked_at, is_opening=True)
    Subscription.objects.create(user=asker, thread=thread)
    at = asked_at
    for author, text, voters, accepted in answers:
        if author not in people:
            continue
        at += timedelta(hours=5)
        post = _post(thread, people[author], text, at)
        Vote.objects.bulk_create(
            Vote(post=post, voter=people[name], value=1, created_at=at)
            for name in voters
            if name in people and name != author
        )
        post.score = post.votes.aggregate(total=Sum("value"))["total"] or 0
        post.save(update_fields=["score"])
        if accepted:
            thread.accepted_answer = post
    thread.answer_count = len([a for a in answers if a[0] in people])
    thread.last_activity_at = at
    thread.save(update_fields=["accepted_answer", "answer_count", "last_activity_at"])


def _recount_reputation() -> None:
    """Each author's points from the votes on their posts and their
    accepted answers, as the voting services would have added them up."""
    points: dict[int, list[int]] = {}
    for vote in Vote.objects.select_related("post"):
        value = UPVOTE_POINTS if vote.value > 0 else DOWNVOTE_POINTS
        points.setdefault(vote.post.author_id, [0, 0])[0] += value
    for thread in Thread.objects.exclude(accepted_answer=None).select_related(
        "accepted_answer"
    ):
        row = points.setdefault(thread.accepted_answer.author_id, [0, 0])
        row[0] += ACCEPTED_POINTS
        row[1] += 1
    for user_id, (total, accepted) in points.items():
        if user_id is None:
            continue
        Reputation.objects.update_or_create(
            user_id=user_id,
            defaults={"points": total, "accepted_answers": accepted},
        )
