"""What the home page shows from the rest of the site: the next sessions, a
few experts, the newest articles and courses, the latest forum questions and
how many of each there are, read through the feature apps' own selectors.

Everything here is what any visitor may see (core.access without a viewer;
premium articles by their public title and summary only, as /learn/ lists
them), so one cached copy serves everyone.

Staleness: the copy lives HIGHLIGHTS_TTL seconds at most, and home.signals
drops it when a session, expert page, article or course is published or
unpublished, or a forum thread is started. What changes without those
signals (seats booked, ratings, answer counts, a page deleted or a thread
hidden) can show up to five minutes late on the home page; the session's own
page is always current.
"""

from dataclasses import dataclass, field

from django.db.models import F
from django.utils import timezone
from wagtail.models import Page

from content.models import LearnIndexPage
from content.selectors import get_content_cards, list_visible_content_ids
from core.cache import rebuildable_cache
from experts.directory import get_expert_cards
from experts.models import ExpertIndexPage
from experts.selectors import list_visible_experts, with_ratings
from forum.models import Thread
from forum.selectors import list_thread_rows, list_visible_threads
from sessions.models import SessionIndexPage, SessionPage
from sessions.selectors import get_session_cards, list_visible_sessions

HIGHLIGHTS_KEY = "home:highlights"
HIGHLIGHTS_TTL = 5 * 60
SESSIONS_SHOWN = 6
EXPERTS_SHOWN = 3
CONTENT_SHOWN = 3
QUESTIONS_SHOWN = 4

INDEX_PAGES = {
    SessionIndexPage: "sessions",
    ExpertIndexPage: "experts",
    LearnIndexPage: "learn",
}


@dataclass
class Highlights:
    sessions: list = field(default_factory=list)
    experts: list = field(default_factory=list)
    content: list = field(default_factory=list)
    questions: list = field(default_factory=list)
    # How many there are of each, for the hero: {"sessions": 12, ...}.
    counts: dict = field(default_factory=dict)
    # Where "see all" leads, by the index pages' live addresses.
    links: dict = field(default_factory=dict)


def get_home_highlights() -> Highlights:
    highlights = rebuildable_cache.get(HIGHLIGHTS_KEY)
    if highlights is None:
        highlights = _read_highlights()
        rebuildable_cache.set(HIGHLIGHTS_KEY, highlights, HIGHLIGHTS_TTL)
    return highlights


def forget_home_highlights() -> None:
    rebuildable_cache.delete(HIGHLIGHTS_KEY)


def _read_highlights() -> Highlights:
    # Ids first, then cards for those few: the card loaders count seats and
    # ratings, which must not run over every row before the limit.
    upcoming = list_visible_sessions().filter(
        status=SessionPage.Status.SCHEDULED, starts_at__gte=timezone.now()
    )
    session_ids = upcoming.order_by("starts_at", "pk").values_list("pk", flat=True)
    experts = list_visible_experts()
    expert_ids = (
        with_ratings(experts)
        .order_by(
            F("rating_average").desc(nulls_last=True), "-rating_count", "title", "pk"
        )
        .values_list("pk", flat=True)
    )
    content_ids = list_visible_content_ids()
    questions = list_visible_threads().filter(kind=Thread.Kind.QUESTION)
    return Highlights(
        sessions=get_session_cards(list(session_ids[:SESSIONS_SHOWN])),
        experts=get_expert_cards(list(expert_ids[:EXPERTS_SHOWN])),
        content=get_content_cards(list(content_ids[:CONTENT_SHOWN])),
        questions=list(
            list_thread_rows()
            .filter(kind=Thread.Kind.QUESTION)
            .order_by("-created_at", "-pk")[:QUESTIONS_SHOWN]
        ),
        counts={
            "sessions": upcoming.count(),
            "experts": experts.count(),
            "content": content_ids.count(),
            "questions": questions.count(),
        },
        links=_index_links(),
    )


def _index_links() -> dict[str, str]:
    """The live session, expert and learn indexes' addresses, in one query."""
    links = {}
    for page in Page.objects.live().type(*INDEX_PAGES).order_by("path"):
        name = INDEX_PAGES.get(page.specific_class)
        if name is not None:
            links.setdefault(name, page.url)
    return links
