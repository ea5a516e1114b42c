"""The large catalogue the benchmarks run against, written into their own
database: sessions, experts, reviews of the past sessions, articles and
courses, forum threads with answers, and one member to sign in as.

Every `seed_*` function tops its part up to a count and can be run again:
what is there stays, only the missing rows are written, in chunks that each
commit, so an interrupted run resumes where it stopped.

Pages go in in bulk (`add_pages`): one INSERT for the chunk's tree rows,
then each page's own row the way `loaddata` writes it. That skips what
`add_child` does per page (a tree lookup, validation, a search-index task)
and seeds the whole catalogue in under a minute on PostgreSQL;
`index_objects` then indexes the new rows in bulk for the site search.
"""

import logging
import os
import random
import sys
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SKILLS = ["SQL", "Python", "Kubernetes", "Figma", "Leadership", "Terraform"]
CHUNK = 1000
SESSION_HOSTS = 400
REVIEWERS = 1000
# Mostly happy, as on any review site.
RATINGS = [5, 5, 5, 5, 4, 4, 4, 3, 2, 1]
MEMBER_USERNAME = "bench-member"


def setup_django() -> None:
    """Dev settings on var/bench.sqlite3 or BENCH_DATABASE_URL, for the
    in-process benches (bench/run sets up its own, production settings)."""
    (ROOT / "var").mkdir(exist_ok=True)
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}"
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masteryhub.settings.dev")
    os.environ["DEBUG"] = "False"
    os.environ["ALLOWED_HOSTS"] = "testserver,localhost,127.0.0.1"
    import django

    django.setup()
    quiet()


def quiet() -> None:
    # Wagtail logs every page it creates; the progress lines say enough.
    logging.getLogger("wagtail").setLevel(logging.WARNING)
    logging.getLogger("django_tasks").setLevel(logging.WARNING)


def _chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _free_slugs(parent, prefix: str, count: int) -> list[str]:
    """`count` slugs `<prefix>-<n>` not yet taken under parent, lowest first."""
    taken = set(parent.get_children().values_list("slug", flat=True))
    slugs, n = [], 0
    while len(slugs) < count:
        if f"{prefix}-{n}" not in taken:
            slugs.append(f"{prefix}-{n}")
        n += 1
    return slugs


def add_pages(parent, pages: list) -> list:
    """Publish unsaved pages of one type under parent, in one transaction."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.db.models import F
    from django.utils import timezone
    from wagtail.models import Page

    if not pages:
        return pages
    content_type = ContentType.objects.get_for_model(type(pages[0]))
    base_fields = [f.attname for f in Page._meta.concrete_fields if not f.primary_key]
    with transaction.atomic():
        parent = Page.objects.select_for_update().get(pk=parent.pk)
        last = parent.get_last_child()
        step = Page._str2int(last.path[-Page.steplen :]) if last else 0
        now = timezone.now()
        for offset, page in enumerate(pages, start=1):
            page.depth = parent.depth + 1
            page.path = Page._get_path(parent.path, page.depth, step + offset)
            page.numchild = 0
            page.url_path = f"{parent.url_path}{page.slug}/"
            page.draft_title = page.title
            page.locale_id = parent.locale_id
            page.content_type = content_type
            page.live = True
            page.first_published_at = page.last_published_at = now
        rows = Page.objects.bulk_create(
            Page(**{name: getattr(page, name) for name in base_fields})
            for page in pages
        )
        for page, row in zip(pages, rows, strict=True):
            page.id = page.pk = row.pk
            # Only the page type's own table, as fixtures are loaded; raw
            # saves also leave the search index alone (index_objects).
            page.save_base(raw=True, force_insert=True)
        Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    return pages


def index_objects(model, pks: list[int]) -> None:
    """Add rows written in bulk to the site search, as update_index would."""
    from wagtail.search.backends import get_search_backends

    for chunk in _chunks(pks):
        objects = list(model.get_indexed_objects().filter(pk__in=chunk))
        for backend in get_search_backends():
            backend.add_bulk(model, objects)


def _skills() -> list:
    from core.models import Skill

    return [
        Skill.objects.get_or_create(name=name, defaults={"slug": name.lower()})[0]
        for name in SKILLS
    ]


def _users(prefix: str, count: int) -> list:
    """Users `<prefix>-0` … `<prefix>-<count-1>`, created when missing."""
    return _users_named([f"{prefix}-{n}" for n in range(count)])


def _users_named(names: list[str]) -> list:
    from accounts.models import User

    have = User.objects.in_bulk(names, field_name="username")
    User.objects.bulk_create(
        User(username=name, email=f"{name}@bench.example", name=name)
        for name in names
        if name not in have
    )
    found = User.objects.in_bulk(names, field_name="username")
    return [found[name] for name in names]


def seed_sessions(target: int) -> int:
    """Top up to `target` session pages; returns how many were added."""
    from django.utils import timezone

    from sessions.models import Category, SessionIndexPage, SessionPage
    from sessions.models import SessionPageSkill as Tagged

    missing = target - SessionPage.objects.count()
    if missing <= 0:
        return 0
    index = SessionIndexPage.objects.get()
    # Hosted by experts (seed_experts gives these users their pages), so
    # the reviews seed_reviews writes count in the expert directory.
    hosts = _users("bench-expert", SESSION_HOSTS)
    categories = [
        Category.objects.get_or_create(name=name, slug=name.lower())[0]
        for name in ("Data", "Design", "Leadership", "Cloud", "Marketing")
    ]
    skills = _skills()
    rng = random.Random(42 + missing)
    now = timezone.now()
    formats = [choice for choice, _ in SessionPage.Format.choices]
    for slugs in _chunks(_free_slugs(index, "bench-session", missing)):
        pages = []
        for slug in slugs:
            starts = now + timedelta(hours=rng.randint(-24 * 60, 24 * 120))
            pages.append(
                SessionPage(
                    title=f"Session {slug[14:]}: {rng.choice(SKILLS)} in practice",
                    slug=slug,
                    summary="A hands-on session for working professionals.",
                    starts_at=starts,
                    ends_at=starts + timedelta(minutes=90),
                    host=rng.choice(hosts),
                    category=rng.choice(categories),
                    format=rng.choice(formats),
                    max_participants=rng.randint(5, 40),
                    price=rng.choice([0, 0, 25, 49]),
                    rating_average=rng.choice([None, 3.5, 4.2, 4.8]),
                    rating_count=rng.randint(0, 40),
                )
            )
        add_pages(index, pages)
        Tagged.objects.bulk_create(
            Tagged(content_object=page, tag=rng.choice(skills)) for page in pages
        )
        index_objects(SessionPage, [page.pk for page in pages])
        _progress("sessions", SessionPage.objects.count(), target)
    return missing


def seed_experts(target: int) -> int:
    from django.contrib.auth.models import Group

    from accounts.models import EXPERTS_GROUP_NAME
    from experts.models import ExpertIndexPage, ExpertPage
    from experts.models import ExpertPageSkill as Tagged

    missing = target - ExpertPage.objects.count()
    if missing <= 0:
        return 0
    index = ExpertIndexPage.objects.get()
    group = Group.objects.get(name=EXPERTS_GROUP_NAME)
    skills = _skills()
    rng = random.Random(7 + missing)
    with_page = set(ExpertPage.objects.values_list("expert_id", flat=True))
    for slugs in _chunks(_free_slugs(index, "bench-expert", missing)):
        users = _users_named(slugs)
        users = [user for user in users if user.pk not in with_page]
        group.user_set.add(*users)
        chosen = [rng.choice(skills) for _user in users]
        pages = [
            ExpertPage(
                title=f"Expert {user.username[13:]}",
                slug=user.username,
                expert=user,
                owner=user,
                headline=f"{skill.name} practitioner and data engineer",
                accepts_mentees=rng.choice([True, False]),
            )
            for user, skill in zip(users, chosen, strict=True)
        ]
        add_pages(index, pages)
        Tagged.objects.bulk_create(
            Tagged(content_object=page, tag=skill)
            for page, skill in zip(pages, chosen, strict=True)
        )
        index_objects(ExpertPage, [page.pk for page in pages])
        _progress("experts", ExpertPage.objects.count(), target)
    return missing


def seed_reviews(per_session: int = 5) -> int:
    """`per_session` reviews of each past session that has none yet, by
    members drawn from a pool, written in bulk; then each reviewed
    session's own rating and its host's rating totals, as the review
    service keeps them. Returns how many reviews were added."""
    from decimal import ROUND_HALF_UP, Decimal

    from django.utils import timezone

    from sessions.models import Review, SessionPage
    from sessions.services.expert_ratings import recompute_expert_ratings

    sessions = list(
        SessionPage.objects.filter(ends_at__lt=timezone.now(), reviews__isnull=True)
        .order_by("pk")
        .only("pk", "host_id", "ends_at")
    )
    if not sessions:
        return 0
    reviewers = _users("bench-reviewer", REVIEWERS)
    rng = random.Random(13 + len(sessions))
    added = done = 0
    for chunk in _chunks(sessions):
        reviews = []
        for session in chunk:
            ratings = [rng.choice(RATINGS) for _ in range(per_session)]
            for author, rating in zip(
                rng.sample(reviewers, per_session), ratings, strict=True
            ):
                reviews.append(
                    Review(
                        session_id=session.pk,
                        author=author,
                        rating=rating,
                        comment="Clear, practical and well paced.",
                    )
                )
            average = Decimal(sum(ratings)) / len(ratings)
            session.rating_average = average.quantize(
                Decimal("0.01"), rounding=ROUND_HALF_UP
            )
            session.rating_count = len(ratings)
        Review.objects.bulk_create(reviews)
        SessionPage.objects.bulk_update(chunk, ["rating_average", "rating_count"])
        added += len(reviews)
        done += len(chunk)
        _progress("past sessions reviewed", done, len(sessions))
    recompute_expert_ratings(expert_ids={session.host_id for session in sessions})
    return added


def seed_content(target: int) -> int:
    """Articles and courses (one in five, with three lessons) under /learn/."""
    from accounts.models import User
    from content.models import (
        ArticlePage,
        CourseLesson,
        CoursePage,
        LearnIndexPage,
    )

    missing = target - ArticlePage.objects.count() - CoursePage.objects.count()
    if missing <= 0:
        return 0
    index = LearnIndexPage.objects.get()
    author = User.objects.filter(username__startswith="bench-expert-").first()
    author = author or _users("bench-host", 1)[0]
    skills = _skills()
    rng = random.Random(11 + missing)
    for slugs in _chunks(_free_slugs(index, "bench-content", missing)):
        made = {ArticlePage: [], CoursePage: []}
        for slug in slugs:
            skill = rng.choice(SKILLS)
            course = int(slug.rsplit("-", 1)[1]) % 5 == 4
            common = {
                "slug": slug,
                "author": author,
                "owner": author,
                "summary": f"What we learnt about {skill} in production.",
                "access": rng.choice(["free", "membership"]),
            }
            paragraph = ("paragraph", f"<p>{skill} design systems leadership.</p>")
            if course:
                page = CoursePage(
                    title=f"A course in {skill} {slug[14:]}",
                    overview=[paragraph],
                    **common,
                )
            else:
                page = ArticlePage(
                    title=f"Notes on {skill} {slug[14:]}", body=[paragraph], **common
                )
            made[type(page)].append(page)
        for model, pages in made.items():
            add_pages(index, pages)
            model.skills.through.objects.bulk_create(
                model.skills.through(content_object=page, tag=rng.choice(skills))
                for page in pages
            )
        CourseLesson.objects.bulk_create(
            CourseLesson(
                page=page,
                sort_order=n,
                title=f"Lesson {n + 1}",
                summary="Practice with feedback.",
                body=[("paragraph", "<p>Work through the exercise.</p>")],
            )
            for page in made[CoursePage]
            for n in range(3)
        )
        for model, pages in made.items():
            index_objects(model, [page.pk for page in pages])
        total = ArticlePage.objects.count() + CoursePage.objects.count()
        _progress("articles and courses", total, target)
    return missing


def seed_forum(target: int) -> int:
    """Threads with an opening post and 0-8 answers, a third of the
    questions with an accepted answer."""
    from django.utils import timezone
    from django.utils.text import slugify

    from accounts.markdown import render_markdown
    from forum.models import Category, Post, Thread, ThreadSkill

    missing = target - Thread.objects.count()
    if missing <= 0:
        return 0
    categories = [
        Category.objects.get_or_create(
            slug=name.lower(), defaults={"name": name, "order": order}
        )[0]
        for order, name in enumerate(("Data", "Design", "Careers", "Cloud"))
    ]
    people = _users("bench-host", 50) + [member()]
    skills = _skills()
    rng = random.Random(5 + missing)
    now = timezone.now()
    body = "I tried the **official tutorial** but got stuck on:\n\n- setup\n- tests"
    answer = "Start small: one `query`, one test, then [the docs](https://example.com)."
    rendered = {text: render_markdown(text) for text in (body, answer)}
    threads = []
    for n in range(missing):
        skill = rng.choice(skills)
        title = f"How do I get started with {skill.name} at work? ({n})"
        at = now - timedelta(hours=rng.randint(1, 24 * 90))
        threads.append(
            Thread(
                category=rng.choice(categories),
                author=rng.choice(people),
                kind=rng.choice(Thread.Kind.values),
                title=title,
                slug=slugify(title),
                created_at=at,
                last_activity_at=at,
                score=rng.randint(0, 12),
            )
        )
    threads = Thread.objects.bulk_create(threads)
    ThreadSkill.objects.bulk_create(
        ThreadSkill(content_object=thread, tag=rng.choice(skills)) for thread in threads
    )
    posts = [
        Post(
            thread=thread,
            is_opening=True,
            author=thread.author,
            body=body,
            body_html=rendered[body],
            created_at=thread.created_at,
        )
        for thread in threads
    ]
    for thread in threads:
        thread.answer_count = rng.randint(0, 8)
        for k in range(thread.answer_count):
            posts.append(
                Post(
                    thread=thread,
                    author=rng.choice(people),
                    body=answer,
                    body_html=rendered[answer],
                    score=rng.randint(-1, 9),
                    created_at=thread.created_at + timedelta(minutes=10 * (k + 1)),
                )
            )
        thread.last_activity_at += timedelta(minutes=10 * thread.answer_count)
    posts = Post.objects.bulk_create(posts)
    for post in posts:
        thread = post.thread
        if not post.is_opening and thread.is_question and rng.random() < 0.1:
            thread.accepted_answer = post
    Thread.objects.bulk_update(
        threads, ["answer_count", "last_activity_at", "accepted_answer"]
    )
    index_objects(Thread, [thread.pk for thread in threads])
    _progress("forum threads", Thread.objects.count(), target)
    return missing


def member():
    """The member `bench/run --members` signs in as."""
    from accounts.models import User

    return User.objects.get_or_create(
        username=MEMBER_USERNAME,
        defaults={"email": f"{MEMBER_USERNAME}@bench.example", "name": "Member"},
    )[0]


def analyze() -> None:
    """Planner statistics for the rows just written, and the dead rows that
    seeding leaves (each search index row is rewritten several times) gone:
    autovacuum would get there too, but not before the first timings, and
    some servers run without it."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def _progress(what: str, have: int, target: int) -> None:
    print(f"  {what}: {have:,} of {target:,}", flush=True)
