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

from django.db.models import F, Func, IntegerField, Q, QuerySet, Subquery
from django.utils import timezone
from wagtail.models import Page

from content.models import LearnIndexPage
from content.selectors import get_first_content_cards, list_visible_content_ids
from core.access import Viewer, visible_pages
from core.cache import rebuildable_cache
from experts.directory import get_expert_cards
from experts.models import ExpertIndexPage, ExpertPage
from experts.selectors import with_ratings
from forum.models import Thread
from forum.selectors import list_thread_rows, list_visible_threads
from sessions.models import SessionIndexPage, SessionPage
from sessions.selectors import get_first_session_cards, list_visible_sessions

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


def get_home_highlights(everyone: Viewer | None = None) -> Highlights:
    """The cached highlights, read again when they are not. `everyone` is
    the viewer without a request (core.access) whose restrictions the page
    already read for its own check, so they are not read twice."""
    highlights = rebuildable_cache.get(HIGHLIGHTS_KEY)
    if highlights is None:
        highlights = _read_highlights(everyone or Viewer())
        rebuildable_cache.set(HIGHLIGHTS_KEY, highlights, HIGHLIGHTS_TTL)
    return highlights


def forget_home_highlights() -> None:
    rebuildable_cache.delete(HIGHLIGHTS_KEY)


def _read_highlights(everyone: Viewer) -> Highlights:
    # The card loaders count seats and ratings for the few cards shown
    # only: the limit applies before them (in a subquery, or ids first).
    upcoming = list_visible_sessions(everyone).filter(
        status=SessionPage.Status.SCHEDULED, starts_at__gte=timezone.now()
    )
    # list_visible_experts(), with the restrictions already read.
    experts = visible_pages(ExpertPage.objects.all(), everyone)
    expert_ids = (
        with_ratings(experts)
        .order_by(
            F("rating_average").desc(nulls_last=True), "-rating_count", "title", "pk"
        )
        .values_list("pk", flat=True)
    )
    content_ids = list_visible_content_ids(viewer=everyone)
    questions = list_visible_threads().filter(kind=Thread.Kind.QUESTION)
    counts, links = _counts_and_links(
        sessions=upcoming,
        experts=experts,
        content=content_ids,
        questions=questions,
    )
    return Highlights(
        sessions=get_first_session_cards(
            upcoming.order_by("starts_at", "pk"), SESSIONS_SHOWN
        ),
        experts=get_expert_cards(list(expert_ids[:EXPERTS_SHOWN])),
        content=get_first_content_cards(content_ids, CONTENT_SHOWN),
        questions=list(
            list_thread_rows()
            .filter(kind=Thread.Kind.QUESTION)
            .order_by("-created_at", "-pk")[:QUESTIONS_SHOWN]
        ),
        counts=counts,
        links=links,
    )


def _count(queryset: QuerySet) -> Subquery:
    # COUNT as a plain function: no GROUP BY, one number for the subquery.
    number = Func(F("pk"), function="COUNT", output_field=IntegerField())
    return Subquery(queryset.order_by().values(number=number))


def _counts_and_links(**sets: QuerySet) -> tuple[dict[str, int], dict[str, str]]:
    """How many there are in each set, and the live session, expert and
    learn indexes' addresses, in one query: the index pages with the counts
    beside them, and the tree's root too, which is always there, so the
    counts come back on a site without those indexes."""
    counts = {f"count_{name}": _count(queryset) for name, queryset in sets.items()}
    pages = (
        Page.objects.filter(
            Q(depth=1) | (Q(live=True) & Page.objects.type_q(*INDEX_PAGES))
        )
        .annotate(**counts)
        .order_by("path")
    )
    links = {}
    numbers = dict.fromkeys(sets, 0)
    for page in pages:
        numbers = {name: getattr(page, f"count_{name}") for name in sets}
        name = INDEX_PAGES.get(page.specific_class)
        if name is not None:
            links.setdefault(name, page.url)
    return numbers, links
