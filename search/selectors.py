"""Site search over the public pages (sessions, experts, articles, courses)
and the forum's visible threads, in one list.

The search backend (core.search) finds the pages and threads that hold the
words; the ranking is ours, so it is the same on every backend and is what
people expect:

1. results whose title holds every word;
2. then results with a skill named in the query ("kubernetes workshop" finds
   the sessions and threads tagged Kubernetes);
3. then the rest (summary, description, free bodies, a thread's question
   and answers).

Within each, upcoming sessions (and everything that is not a session) come
before past sessions, then results with more of the words in their title,
then the newest (first published, or asked). The database applies the
ranking in the same query as the match and returns the best MAX_RESULTS;
the current page of results is then loaded with one query per type, so the
cost stays flat however many results there are. Results are (id, content
type id): a page and a thread may share an id.

The ranking is the same for everyone, so it is kept as a shared fragment
(core.fragments.get_or_compute) for the next page of results and the next
person asking the same words: a page published, unpublished, moved, deleted
or made private, and forum moderation, renew it at once; a new thread, a
session starting or new seats reorder it within FRAGMENT_CACHE_SECONDS. It
holds ids alone: what a result shows is read when the page of results is,
from visible threads only.

Premium text never matches: the index only holds a premium page's public
fields (`content.models.ContentPage.indexed_body`), and excerpts come from
the public summary or headline, never from a body. Hidden and deleted
threads and posts never match: the search asks for visible threads only, and
their index entry leaves hidden and deleted posts out (forum.models.Thread).
"""

from dataclasses import dataclass
from datetime import datetime
from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    ExpressionWrapper,
    F,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.http import HttpRequest
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import ngettext
from wagtail.models import Page

from accounts.markdown import markdown_text
from core.access import visible_pages
from core.fragments import get_or_compute
from core.models import Skill
from core.search import filter_matching, matching_entries_by_mode, query_words
from forum.models import Thread
from forum.selectors import list_visible_threads, list_visible_threads_with_question
from search.highlight import highlight
from search.kinds import (
    EXCERPT_FIELDS,
    KIND_LABELS,
    PAGE_KINDS,
    THREAD_KIND,
    kind_by_content_type,
    thread_label,
)
from search.spelling import correct_words, get_vocabulary
from sessions.models import SessionPage

PER_PAGE = 10
# Nobody reads past the 50th page of results; the cap bounds the work.
MAX_RESULTS = 500
# A thread's excerpt: the start of its question, about a page summary's length.
THREAD_EXCERPT_LENGTH = 200


@dataclass(frozen=True)
class SearchHit:
    kind: str
    kind_label: str
    title: SafeString
    url: str
    excerpt: SafeString
    starts_at: datetime | None = None
    is_past: bool = False
    # A forum thread's state: its accepted answer, "3 answers" or "1 reply".
    is_solved: bool = False
    replies: str = ""


@dataclass(frozen=True)
class SearchOutcome:
    words: list[str]
    # True when no result had all the words and these have any of them.
    any_word: bool
    total: int
    capped: bool
    page: PaginatorPage
    hits: list[SearchHit]
    # "Did you mean": the query with mistyped words corrected, when that
    # finds results and the query itself found none or only some of its words.
    suggestion: str = ""


@dataclass(frozen=True)
class _Scope:
    """What one search covers: the page types (their visible pages, read
    once per request) and whether forum threads too."""

    models: list[type[Page]]
    pages: QuerySet | None
    threads: bool


def _scope(kind: str) -> _Scope:
    # An unknown kind searches everything, as the form does.
    if kind in PAGE_KINDS:
        models = [PAGE_KINDS[kind]]
    else:
        models = [] if kind == THREAD_KIND else list(PAGE_KINDS.values())
    pages = visible_pages(Page.objects.type(*models)) if models else None
    return _Scope(models=models, pages=pages, threads=kind not in PAGE_KINDS)


def _ranked_results(
    scope: _Scope, words: list[str], skill_ids: list[int], *, fallback: bool = True
) -> tuple[list[tuple[int, int]], bool]:
    """One query ranks the matching pages and threads together and returns
    the best MAX_RESULTS, however many match: those with every word, or,
    when none has every word and `fallback`, those with any of them; and
    whether it returned the latter.

    The ranking runs over a derived table: each match's count of title words
    is computed once there, where the ORM would repeat it inside the tier's
    expression. The fallback is a second ranking in the same query, which
    the database runs only when the first finds nothing: no second round
    trip, and the rows' SQL, the larger part of building the query, is
    built once for both."""
    sources = []
    if scope.pages is not None:
        sources.append((scope.pages, _page_columns(scope, skill_ids)))
    if scope.threads:
        sources.append((list_visible_threads(), _thread_columns(skill_ids)))
    modes = (False, True) if fallback and len(words) > 1 else (False,)
    selects: dict[bool, list[str]] = {mode: [] for mode in modes}
    params: dict[bool, list] = {mode: [] for mode in modes}
    for queryset, columns in sources:
        found = _matches(queryset, columns, words, modes)
        for mode, (sql, sql_params) in zip(modes, found, strict=True):
            if sql is not None:  # None: a search server found no ids
                selects[mode].append(sql)
                params[mode] += sql_params
    every_word, any_word = selects[False], selects.get(True)
    for mode in modes:
        params[mode] = [len(words), *params[mode], MAX_RESULTS]
    if every_word and any_word:
        ranked = (
            f"WITH ranked_all AS MATERIALIZED ({_ranked(every_word, any_word=False)})"
            " SELECT * FROM ranked_all UNION ALL SELECT * FROM"
            f" ({_ranked(any_word, any_word=True, only_if=_NONE_RANKED)}) ranked_any"
        )
        sql_params = [*params[False], *params[True]]
    elif every_word or any_word:
        mode = not every_word
        ranked = _ranked(selects[mode], any_word=mode)
        sql_params = params[mode]
    else:
        return [], False
    # Only what the page needs comes back: the ranking's columns (times,
    # flags) for 500 rows cost more to read than to rank again.
    sql = f"SELECT row_id, type_id, any_word FROM ({ranked}) ranked ORDER BY {_RANKING}"
    with connection.cursor() as cursor:
        cursor.execute(sql, sql_params)
        found = cursor.fetchall()
    return [(row[0], row[1]) for row in found], any(row[2] for row in found)


# The tier: 0 for a title with all the words, 1 for a named skill, 2 the rest.
_RANKING = "tier, past, in_title DESC, since DESC NULLS LAST, row_id DESC"
# Computed once, before the fallback's matches are read: PostgreSQL reads
# none of them when the first ranking found some.
_NONE_RANKED = "NOT EXISTS (SELECT 1 FROM ranked_all)"


def _ranked(selects: list[str], *, any_word: bool, only_if: str = "") -> str:
    """The best MAX_RESULTS of the matches the selects find, ranked, and
    whether they are the any-word fallback. Its parameters: the number of
    words, the selects', then MAX_RESULTS."""
    where = f" WHERE {only_if}" if only_if else ""
    return (
        f"SELECT row_id, type_id, {'TRUE' if any_word else 'FALSE'} AS any_word,"
        " CASE WHEN in_title = %s THEN 0 WHEN skilled THEN 1 ELSE 2 END AS tier,"
        f" past, in_title, since FROM ({' UNION ALL '.join(selects)}) matches"
        f"{where} ORDER BY {_RANKING} LIMIT %s"
    )


def _matches(
    queryset: QuerySet, columns: dict, words: list[str], modes: tuple[bool, ...]
) -> list[tuple[str | None, list]]:
    """SQL for the rows of `queryset` that hold the words, one for each mode
    (False: all the words, True: any of them), with the ranking's columns
    and then `in_title`, how many of the words are in the title. On
    PostgreSQL's search backend the rows, built once, are joined to each
    mode's index entries, which count the title words
    (core.search.matching_entries); elsewhere a regular expression per word
    reads the title."""
    by_mode = matching_entries_by_mode(queryset, words, modes)
    if by_mode is None:
        return [
            _filtered_matches(queryset, columns, words, any_word) for any_word in modes
        ]
    # Unordered: the tree order pages have by default means nothing here.
    rows_sql, rows_params = (
        queryset.order_by().values(**columns).query.sql_with_params()
    )
    found = []
    for entries in by_mode:
        entries_sql, entries_params = entries.query.sql_with_params()
        found.append(
            (
                f"SELECT found.*, entry.in_title FROM ({rows_sql}) found"
                f" JOIN ({entries_sql}) entry ON entry.object_pk = found.row_id"
                " AND entry.content_type_id = found.type_id",
                [*rows_params, *entries_params],
            )
        )
    return found


def _filtered_matches(
    queryset: QuerySet, columns: dict, words: list[str], any_word: bool
) -> tuple[str | None, list]:
    rows = filter_matching(queryset, words, any_word=any_word).order_by()
    try:
        return rows.values(
            **columns, in_title=_title_words(words)
        ).query.sql_with_params()
    except EmptyResultSet:
        return None, []


def _page_columns(scope: _Scope, skill_ids: list[int]) -> dict:
    return {
        "row_id": F("pk"),
        "type_id": F("content_type_id"),
        "skilled": _tagged_with(skill_ids, scope.models),
        "past": Exists(
            SessionPage.objects.filter(pk=OuterRef("pk"), starts_at__lt=timezone.now())
        ),
        "since": F("first_published_at"),
    }


def _thread_columns(skill_ids: list[int]) -> dict:
    # Django caches the content type after the first request.
    type_id = ContentType.objects.get_for_model(Thread).pk
    return {
        "row_id": F("pk"),
        "type_id": Value(type_id),
        "skilled": _tagged_with(skill_ids, [Thread]),
        "past": Value(False),
        "since": F("created_at"),
    }


def _title_words(words: list[str]):
    """An expression: how many of the words are in the title."""
    return sum(
        (Case(When(_title_has(word), then=1), default=0) for word in words),
        Value(0),
    )


def _title_has(word: str) -> Q:
    """A word of the title starts with the word: "pipeline" counts in "Data
    pipelines", as the backends' stemming and the highlight have it. Query
    words are word characters only (core.search.query_words), so they need
    no escaping."""
    return Q(title__iregex=rf"(^|\W){word}")


def _named_skill_ids(words: list[str]) -> list[int]:
    """Skills whose every word is in the query ("SQL" for "sql joins",
    "Design systems" for "design systems workshop")."""
    wanted = set(words)
    named = Q()
    for word in words:
        named |= Q(name__icontains=word)
    return [
        skill.pk
        for skill in Skill.objects.filter(named).only("pk", "name")
        if set(query_words(skill.name)) <= wanted
    ]


def _tagged_with(skill_ids: list[int], models: list[type[Model]]):
    """An expression: the page or thread is tagged with one of the skills."""
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
    """One query per type on this page of results, in the given order."""
    kinds = kind_by_content_type()
    by_type: dict[int, list[int]] = {}
    for pk, type_id in rows:
        by_type.setdefault(type_id, []).append(pk)
    # Keyed like the rows: a page and a thread may share an id.
    hits: dict[tuple[int, int], SearchHit] = {}
    for type_id, pks in by_type.items():
        kind = kinds.get(type_id)
        if kind == THREAD_KIND:
            found = _thread_hits(pks, words)
        elif kind in PAGE_KINDS:
            found = _page_hits(kind, pks, words, request)
        else:
            continue
        hits.update(((pk, type_id), hit) for pk, hit in found.items())
    return [hits[row] for row in rows if row in hits]


def _page_hits(
    kind: str, pks: list[int], words: list[str], request: HttpRequest | None
) -> dict[int, SearchHit]:
    now = timezone.now()
    model = PAGE_KINDS[kind]
    # What a hit shows and its address needs, unordered (the rows give the
    # order): whole pages in tree order cost twice the time.
    fields = ["title", "url_path", EXCERPT_FIELDS[kind]]
    if kind == "session":
        fields.append("starts_at")
    hits = {}
    for page in model.objects.filter(pk__in=pks).order_by().only(*fields):
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
    return hits


def _thread_hits(pks: list[int], words: list[str]) -> dict[int, SearchHit]:
    hits = {}
    for thread in list_visible_threads_with_question().filter(pk__in=pks):
        question = markdown_text(thread.question_html or "")
        hits[thread.pk] = SearchHit(
            kind=THREAD_KIND,
            kind_label=thread_label(thread),
            title=highlight(thread.title, words),
            url=thread.get_absolute_url(),
            excerpt=highlight(Truncator(question).chars(THREAD_EXCERPT_LENGTH), words),
            is_solved=thread.is_question and thread.is_solved,
            replies=_replies(thread),
        )
    return hits


def _replies(thread: Thread) -> str:
    # The forum's own listing says answers for a question, replies otherwise.
    count = thread.answer_count
    if thread.is_question:
        text = ngettext("%(count)d answer", "%(count)d answers", count)
    else:
        text = ngettext("%(count)d reply", "%(count)d replies", count)
    return text % {"count": count}


def get_search_outcome(
    *,
    query: str,
    kind: str = "",
    page_number: str | int | None = None,
    request: HttpRequest | None = None,
) -> SearchOutcome:
    words = query_words(query)
    rows: list[tuple[int, int]] = []
    any_word = False
    suggestion = ""
    # A query of symbols alone has no words to search for.
    if words:
        # The same for everyone (public pages, visible threads), so kept for
        # the next page of results and the next person asking.
        rows, any_word, suggestion = get_or_compute(
            "search-ranking",
            request,
            [kind, *words],
            partial(_rank_and_suggest, words, kind),
        )
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
        suggestion=suggestion,
    )


def _rank_and_suggest(
    words: list[str], kind: str
) -> tuple[list[tuple[int, int]], bool, str]:
    scope = _scope(kind)
    # One mistyped word should not empty the page: without results with
    # every word, those with any of them, ranked the same way.
    rows, any_word = _ranked_results(scope, words, _named_skill_ids(words))
    suggestion = _suggest(words, scope) if not rows or any_word else ""
    return rows, any_word, suggestion


def _suggest(words: list[str], scope: _Scope) -> str:
    corrected = correct_words(words, get_vocabulary())
    if corrected == words:
        return ""
    rows, _any_word = _ranked_results(
        scope, corrected, _named_skill_ids(corrected), fallback=False
    )
    if not rows:
        return ""
    return " ".join(corrected)
