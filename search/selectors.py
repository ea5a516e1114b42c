"""Site search over the public pages: sessions, experts, articles, courses.

The search backend (core.search) finds the pages that hold the words; the
ranking is ours, so it is the same on every backend and is what people
expect:

1. pages whose title holds every word;
2. then pages with a skill named in the query ("kubernetes workshop" finds
   the sessions tagged Kubernetes);
3. then the rest (summary, description, free bodies).

Within each, upcoming sessions (and everything that is not a session) come
before past sessions, then pages with more of the words in their title, then
the newest. The current page of results is then loaded with one query per
page type, so the cost stays flat however many results there are.

Premium text never matches: the index only holds a premium page's public
fields (`content.models.ContentPage.indexed_body`), and excerpts come from
the public summary or headline, never from a body.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    Value,
)
from django.http import HttpRequest
from django.utils import timezone
from django.utils.safestring import SafeString
from wagtail.models import Page

from core.access import visible_pages
from core.models import Skill
from core.search import query_words, search_page_ids
from search.highlight import highlight
from search.kinds import (
    EXCERPT_FIELDS,
    KIND_LABELS,
    KIND_MODELS,
    kind_by_content_type,
)
from search.spelling import correct_words, get_vocabulary
from sessions.models import SessionPage

PER_PAGE = 10
# Nobody reads past the 50th page of results; the cap bounds the work.
MAX_RESULTS = 500


@dataclass(frozen=True)
class SearchHit:
    kind: str
    kind_label: str
    title: SafeString
    url: str
    excerpt: SafeString
    starts_at: datetime | None = None
    is_past: bool = False


@dataclass(frozen=True)
class SearchOutcome:
    words: list[str]
    # True when no page had all the words and these have any of them.
    any_word: bool
    total: int
    capped: bool
    page: PaginatorPage
    hits: list[SearchHit]
    # "Did you mean": the query with mistyped words corrected, when that
    # finds pages and the query itself found none or only some of its words.
    suggestion: str = ""


def list_ranked_pages(
    *, words: list[str], kind: str = "", any_word: bool = False
) -> list[tuple[int, int]]:
    """(id, content type id) of the live, public pages with all the words
    (or any, with any_word), best first, at most MAX_RESULTS."""
    if not words:
        return []
    models = [KIND_MODELS[kind]] if kind in KIND_MODELS else list(KIND_MODELS.values())
    searched = models[0] if len(models) == 1 else Page
    matches = search_page_ids(searched, words, any_word=any_word)
    if not matches:
        return []
    skilled = _tagged_with_named_skill(words, models)
    candidates = list(
        visible_pages(Page.objects.type(*models))
        .filter(pk__in=matches)
        .annotate(
            skilled=skilled,
            past=Exists(
                SessionPage.objects.filter(
                    pk=OuterRef("pk"), starts_at__lt=timezone.now()
                )
            ),
        )
        .values_list("pk", "content_type_id", "title", "skilled", "past")
        .order_by()
    )

    def rank(row: tuple[int, int, str, bool, bool]) -> tuple:
        pk, _type_id, title, skilled, past = row
        in_title = _words_in(title, words)
        tier = 0 if in_title == len(words) else 1 if skilled else 2
        return (tier, past, -in_title, -pk)

    candidates.sort(key=rank)
    return [(row[0], row[1]) for row in candidates[:MAX_RESULTS]]


def _words_in(title: str, words: list[str]) -> int:
    """How many of the words start a word of the title; "pipeline" counts in
    "Data pipelines", as the backends' stemming and the highlight have it."""
    title_words = query_words(title)
    return sum(any(found.startswith(word) for found in title_words) for word in words)


def _tagged_with_named_skill(words: list[str], models: list[type[Page]]):
    """An expression: the page is tagged with a skill whose every word is in
    the query ("SQL" for "sql joins", "Design systems" for "design systems
    workshop")."""
    wanted = set(words)
    named = Q()
    for word in words:
        named |= Q(name__icontains=word)
    skill_ids = [
        skill.pk
        for skill in Skill.objects.filter(named).only("pk", "name")
        if set(query_words(skill.name)) <= wanted
    ]
    if not skill_ids:
        return Value(False)
    tagged = Q()
    for model in models:
        # An uncorrelated IN: the database reads the tagged ids once, where
        # a correlated EXISTS walked the skill's whole tag list per page.
        tagged |= Q(
            pk__in=model.skills.through.objects.filter(tag_id__in=skill_ids).values(
                "content_object_id"
            )
        )
    return ExpressionWrapper(tagged, output_field=BooleanField())


def _load_hits(
    rows: list[tuple[int, int]], words: list[str], request: HttpRequest | None
) -> list[SearchHit]:
    """One query per page type on this page of results, in the given order."""
    kinds = kind_by_content_type()
    by_type: dict[int, list[int]] = {}
    for pk, type_id in rows:
        by_type.setdefault(type_id, []).append(pk)
    now = timezone.now()
    hits: dict[int, SearchHit] = {}
    for type_id, pks in by_type.items():
        kind = kinds.get(type_id)
        if kind is None:
            continue
        for page in KIND_MODELS[kind].objects.filter(pk__in=pks):
            starts_at = getattr(page, "starts_at", None)
            hits[page.pk] = SearchHit(
                kind=kind,
                kind_label=str(KIND_LABELS[kind]),
                title=highlight(page.title, words),
                url=page.get_url(request) or "",
                excerpt=highlight(getattr(page, EXCERPT_FIELDS[kind], ""), words),
                starts_at=starts_at,
                is_past=bool(starts_at and starts_at < now),
            )
    return [hits[pk] for pk, _type_id in rows if pk in hits]


def get_search_outcome(
    *,
    query: str,
    kind: str = "",
    page_number: str | int | None = None,
    request: HttpRequest | None = None,
) -> SearchOutcome:
    words = query_words(query)
    rows = list_ranked_pages(words=words, kind=kind)
    any_word = False
    if not rows and len(words) > 1:
        # One mistyped word should not empty the page: fall back to pages
        # with any of the words, ranked by how many and how well they match.
        rows = list_ranked_pages(words=words, kind=kind, any_word=True)
        any_word = bool(rows)
    paginator = Paginator(rows, PER_PAGE)
    # get_page: a non-number gives page 1, past the end gives the last page.
    page = paginator.get_page(page_number)
    return SearchOutcome(
        words=words,
        any_word=any_word,
        total=len(rows),
        capped=len(rows) >= MAX_RESULTS,
        page=page,
        hits=_load_hits(list(page.object_list), words, request),
        suggestion=_suggest(words, kind) if not rows or any_word else "",
    )


def _suggest(words: list[str], kind: str) -> str:
    corrected = correct_words(words, get_vocabulary())
    if corrected == words or not list_ranked_pages(words=corrected, kind=kind):
        return ""
    return " ".join(corrected)
