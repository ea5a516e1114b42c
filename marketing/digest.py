"""The weekly digest: what one member is offered (upcoming sessions in their
skills and interests, forum questions they could answer, new articles and
courses), and the send of it.

Matching is done in Python over tag-id sets: a periodic run loads every
candidate once (a fixed number of queries, however many members it serves)
and each member's skills and bookings for the whole batch at once, then
intersects sets per member. Asking the database per member would cost
queries per member and per item kind, thousands of round trips for a big
list where a handful do.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.email_preferences import wants_email
from accounts.models import EmailKind, ProfileInterest, ProfileSkill, User
from content.models import ArticlePage, ArticlePageSkill, CoursePage, CoursePageSkill
from core.access import visible_pages
from core.tasks import send_email
from forum.models import Thread, ThreadSkill
from forum.selectors import list_visible_threads
from marketing.mailing import Recipient, marketing_email
from marketing.models import DigestSend
from marketing.utm import with_utm
from sessions.models import Booking, SessionPage, SessionPageSkill
from sessions.selectors import list_upcoming_sessions, seats_left
from sessions.templatetags.sessions_tags import price_label
from sessions.timezones import format_for_member

SESSION_LIMIT = 6
QUESTION_LIMIT = 3
ARTICLE_LIMIT = 3
# Sessions starting within this; questions and articles newer than this.
HORIZON = timedelta(days=14)
# A question with this many answers or fewer still wants another voice.
FEW_ANSWERS = 2
TEMPLATE_PREFIX = "marketing/email/digest"


@dataclass
class Candidates:
    """Everything any member could be offered this run, with each item's
    skill ids, loaded once."""

    sessions: list[tuple[SessionPage, frozenset[int]]] = field(default_factory=list)
    questions: list[tuple[Thread, frozenset[int]]] = field(default_factory=list)
    articles: list[tuple[ArticlePage | CoursePage, frozenset[int]]] = field(
        default_factory=list
    )


@dataclass(frozen=True)
class MemberFacts:
    skill_ids: frozenset[int] = frozenset()
    booked_session_ids: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Digest:
    sessions: list[SessionPage]
    questions: list[Thread]
    articles: list[ArticlePage | CoursePage]

    @property
    def item_count(self) -> int:
        return len(self.sessions) + len(self.questions) + len(self.articles)

    def __bool__(self) -> bool:
        return self.item_count > 0


def _skill_ids(item) -> frozenset[int]:
    return frozenset(skill.pk for skill in item.skills.all())


def _tagged(queryset: QuerySet, through, skill_ids: Iterable[int] | None):
    if skill_ids is None:
        return queryset
    tagged = through.objects.filter(tag_id__in=list(skill_ids))
    return queryset.filter(pk__in=tagged.values("content_object_id"))


def load_candidates(
    *, now: datetime, skill_ids: Iterable[int] | None = None
) -> Candidates:
    """What could go in a digest at `now`: public, live, scheduled sessions
    starting within the horizon (a full one still takes waitlist places);
    visible, open, unsolved questions with few answers asked within it; public
    articles and courses first published within it. `skill_ids` narrows them
    to those tagged with one of these skills (for one member)."""
    until, since = now + HORIZON, now - HORIZON
    sessions = _tagged(
        list_upcoming_sessions().filter(starts_at__gte=now, starts_at__lt=until),
        SessionPageSkill,
        skill_ids,
    ).order_by("starts_at", "pk")
    questions = _tagged(
        list_visible_threads()
        .filter(
            kind=Thread.Kind.QUESTION,
            accepted_answer__isnull=True,
            is_locked=False,
            answer_count__lte=FEW_ANSWERS,
            created_at__gte=since,
            created_at__lte=now,
        )
        .select_related("category")
        .prefetch_related("skills"),
        ThreadSkill,
        skill_ids,
    ).order_by("-created_at", "-pk")
    candidates = Candidates(
        sessions=[(s, _skill_ids(s)) for s in sessions if s.skills.all()],
        questions=[(t, _skill_ids(t)) for t in questions if t.skills.all()],
    )
    for model, through in (
        (ArticlePage, ArticlePageSkill),
        (CoursePage, CoursePageSkill),
    ):
        pages = _tagged(
            visible_pages(model.objects.all()).filter(
                first_published_at__gte=since, first_published_at__lte=now
            ),
            through,
            skill_ids,
        )
        pages = pages.select_related("author").prefetch_related("skills")
        candidates.articles += [(p, _skill_ids(p)) for p in pages if p.skills.all()]
    candidates.articles.sort(key=lambda pair: pair[0].first_published_at, reverse=True)
    return candidates


def _skills_by_user(user_ids: list[int]) -> dict[int, set[int]]:
    skills: dict[int, set[int]] = defaultdict(set)
    for through in (ProfileSkill, ProfileInterest):
        rows = through.objects.filter(content_object__user_id__in=user_ids)
        for user_id, tag_id in rows.values_list("content_object__user_id", "tag_id"):
            skills[user_id].add(tag_id)
    return skills


def load_member_facts(
    user_ids: Iterable[int], candidates: Candidates
) -> dict[int, MemberFacts]:
    """Each member's profile skills and interests, and which of the candidate
    sessions they already booked (a cancelled booking does not count): three
    queries for the whole batch."""
    user_ids = list(user_ids)
    skills = _skills_by_user(user_ids)
    booked: dict[int, set[int]] = defaultdict(set)
    session_ids = [session.pk for session, _ in candidates.sessions]
    if session_ids:
        rows = (
            Booking.objects.filter(member_id__in=user_ids, session_id__in=session_ids)
            .exclude(status=Booking.Status.CANCELLED)
            .values_list("member_id", "session_id")
        )
        for user_id, session_id in rows:
            booked[user_id].add(session_id)
    return {
        pk: MemberFacts(frozenset(skills[pk]), frozenset(booked[pk])) for pk in user_ids
    }


def _ranked(pairs, wanted: frozenset[int], keep, limit: int) -> list:
    """The items sharing a skill with `wanted`, most shared skills first; ties
    keep the candidates' order (soonest session, newest question or page)."""
    scored = [
        (-len(skills & wanted), position, item)
        for position, (item, skills) in enumerate(pairs)
        if skills & wanted and keep(item)
    ]
    scored.sort(key=lambda row: row[:2])
    return [item for _, _, item in scored[:limit]]


def choose(user_id: int, facts: MemberFacts, candidates: Candidates) -> Digest:
    """The member's digest: nothing they host, booked or wrote themselves."""
    wanted = facts.skill_ids
    return Digest(
        sessions=_ranked(
            candidates.sessions,
            wanted,
            lambda s: s.host_id != user_id and s.pk not in facts.booked_session_ids,
            SESSION_LIMIT,
        ),
        questions=_ranked(
            candidates.questions,
            wanted,
            lambda t: t.author_id != user_id,
            QUESTION_LIMIT,
        ),
        articles=_ranked(
            candidates.articles,
            wanted,
            lambda p: p.author_id != user_id,
            ARTICLE_LIMIT,
        ),
    )


def choose_for_member(user: User, *, now: datetime) -> Digest:
    """One member's digest, read afresh (what the send task uses)."""
    skill_ids = _skills_by_user([user.pk])[user.pk]
    if not skill_ids:
        return Digest([], [], [])
    candidates = load_candidates(now=now, skill_ids=skill_ids)
    facts = load_member_facts([user.pk], candidates)[user.pk]
    return choose(user.pk, facts, candidates)


# --- The email --------------------------------------------------------------------


def campaign_name(week: date) -> str:
    return f"weekly-digest-{week:%Y-%m-%d}"


def _link(path: str, week: date) -> str:
    return with_utm(path, source="digest", campaign=campaign_name(week))


def _session_item(session: SessionPage, user: User, week: date) -> dict:
    host = session.host
    return {
        "title": session.title,
        "summary": session.summary,
        "host": host.get_full_name() or host.username,
        "starts": format_for_member(session.starts_at, user, session),
        "format": session.get_format_display(),
        "price": price_label(session),
        "seats_left": seats_left(session),
        "skills": sorted(skill.name for skill in session.skills.all()),
        "url": _link(session.get_url() or "/", week),
    }


def _question_item(thread: Thread, week: date) -> dict:
    return {
        "title": thread.title,
        "category": thread.category.name,
        "answer_count": thread.answer_count,
        "skills": sorted(skill.name for skill in thread.skills.all()),
        "url": _link(thread.get_absolute_url(), week),
    }


def _article_item(page, week: date) -> dict:
    author = page.author
    return {
        "title": page.title,
        "kind": page.kind_label,
        "summary": page.summary,
        "author": author.get_full_name() or author.username,
        "is_premium": page.is_premium,
        "url": _link(page.get_url() or "/", week),
    }


def digest_email(*, user: User, digest: Digest, week: date) -> dict:
    """The send_email arguments for this member's digest."""
    recipient = Recipient.for_user(user)
    context = {
        "name": recipient.name,
        "week": week,
        "time_zone": recipient.time_zone,
        "sessions": [_session_item(s, user, week) for s in digest.sessions],
        "questions": [_question_item(t, week) for t in digest.questions],
        "articles": [_article_item(p, week) for p in digest.articles],
        "sessions_url": _link("/sessions/", week),
        "forum_url": _link("/forum/", week),
        "learn_url": _link("/learn/", week),
        "home_url": _link("/", week),
    }
    return marketing_email(
        recipient=recipient,
        kind=EmailKind.DIGEST,
        template_prefix=TEMPLATE_PREFIX,
        context=context,
    )


@transaction.atomic
def send_digest(*, digest_send_id: int, now: datetime | None = None) -> str:
    """Send one claimed digest, once: the row is locked and marked in the
    transaction that sends, so a second run (a repeated task, a worker
    restarted after the send) finds it settled and does nothing. Returns
    the row's status afterwards."""
    now = now or timezone.now()
    claim = (
        DigestSend.objects.select_for_update(of=("self",))
        .select_related("user__profile")
        .filter(pk=digest_send_id)
        .first()
    )
    if claim is None or claim.status != DigestSend.Status.QUEUED:
        return claim.status if claim else ""
    user = claim.user
    digest = (
        choose_for_member(user, now=now)
        if wants_email(user, EmailKind.DIGEST)
        else None
    )
    if not digest:
        claim.status = DigestSend.Status.SKIPPED
        claim.save(update_fields=["status"])
        return claim.status
    try:
        send_email.call(**digest_email(user=user, digest=digest, week=claim.week))
    except OSError:
        # SMTP errors are OSErrors. The week's digest is not retried: a late
        # copy of "this week" is worth less than the risk of a second one.
        claim.status = DigestSend.Status.FAILED
    else:
        claim.status = DigestSend.Status.SENT
        claim.sent_at = now
    claim.item_count = digest.item_count
    claim.save(update_fields=["status", "sent_at", "item_count"])
    return claim.status
