"""What /search/ offers when a query finds nothing.

'Did you mean': a query word the site has never used is swapped for the
closest word it has. The words are those of public page titles, visible
forum thread titles and skill names, the ones people search for, read once
and kept for a few minutes: a new title is suggested at most that late,
which nobody notices."""

import difflib
import uuid
from collections import Counter

from django.db.models import Count
from wagtail.models import Page

from core.access import visible_pages
from core.cache import rebuildable_cache
from core.models import Skill
from core.search import query_words
from forum.selectors import list_visible_threads
from search.kinds import PAGE_KINDS

# Named for its shape: a deploy must not read the old shape from Redis.
VOCABULARY_CACHE_KEY = "search:vocabulary-stamped"
VOCABULARY_STAMP_KEY = "search:vocabulary-stamp"
POPULAR_SKILLS_CACHE_KEY = "search:popular-skills"
CACHE_SECONDS = 300
# difflib's similarity ratio: 0.8 takes "kubernetse" and "kubernets" to
# "kubernetes" and "pyhton" to "python", but not "java" to "lava".
SIMILARITY = 0.8
# Shorter words have too many near neighbours to guess between.
MIN_LENGTH = 4
# Words of a very different length cannot reach the ratio anyway.
LENGTH_SPREAD = 2

# The known words by length: a mistyped word is compared with the few
# thousand of about its length, not all ten thousand (5 ms a word).
Vocabulary = dict[int, frozenset[str]]


# The last vocabulary this process read, with the stamp it was stored
# under: while the cache holds the same stamp, a request reads those few
# bytes instead of the 70 KB vocabulary (2.5 ms to fetch and unpickle).
_known: tuple[str, Vocabulary] | None = None


def get_vocabulary() -> Vocabulary:
    global _known
    stamp = rebuildable_cache.get(VOCABULARY_STAMP_KEY)
    if stamp is not None and _known is not None and _known[0] == stamp:
        return _known[1]
    stored = rebuildable_cache.get(VOCABULARY_CACHE_KEY)
    # Two processes storing at once may leave one's stamp beside the
    # other's vocabulary: read again.
    if stored is None or stored[0] != stamp:
        stored = (uuid.uuid4().hex, _read_vocabulary())
        rebuildable_cache.set_many(
            {VOCABULARY_CACHE_KEY: stored, VOCABULARY_STAMP_KEY: stored[0]},
            CACHE_SECONDS,
        )
    _known = stored
    return stored[1]


def _read_vocabulary() -> Vocabulary:
    words: set[str] = set()
    pages = visible_pages(Page.objects.type(*PAGE_KINDS.values()))
    threads = list_visible_threads()
    for titles in (pages.values_list("title"), threads.values_list("title")):
        for (title,) in titles.iterator(chunk_size=2000):
            words.update(query_words(title))
    for (name,) in Skill.objects.values_list("name"):
        words.update(query_words(name))
    by_length: dict[int, set[str]] = {}
    for word in words:
        by_length.setdefault(len(word), set()).add(word)
    return {length: frozenset(group) for length, group in by_length.items()}


def correct_words(words: list[str], vocabulary: Vocabulary) -> list[str]:
    """The words with each unknown one replaced by its closest known word;
    the same list when nothing is close enough."""
    corrected = []
    for word in words:
        known_here = vocabulary.get(len(word), frozenset())
        if word in known_here or len(word) < MIN_LENGTH or word.isdigit():
            corrected.append(word)
            continue
        lengths = range(len(word) - LENGTH_SPREAD, len(word) + LENGTH_SPREAD + 1)
        near = [known for length in lengths for known in vocabulary.get(length, ())]
        closest = difflib.get_close_matches(word, near, n=1, cutoff=SIMILARITY)
        corrected.append(closest[0] if closest else word)
    return corrected


def list_popular_skills(limit: int = 8) -> list[Skill]:
    """The skills most visible pages are tagged with: something to try when a
    search found nothing or before anything was typed."""
    return rebuildable_cache.get_or_set(
        POPULAR_SKILLS_CACHE_KEY, lambda: _read_popular_skills(limit), CACHE_SECONDS
    )


def _read_popular_skills(limit: int) -> list[Skill]:
    uses: Counter[int] = Counter()
    # A skill only a private page uses is nobody else's to see.
    visible = visible_pages(Page.objects.all()).values("pk")
    for model in PAGE_KINDS.values():
        tagged = (
            model.skills.through.objects.filter(content_object__in=visible)
            .values_list("tag_id")
            .annotate(uses=Count("pk"))
            .order_by()
        )
        for tag_id, count in tagged:
            uses[tag_id] += count
    top = [tag_id for tag_id, _count in uses.most_common(limit)]
    by_id = Skill.objects.in_bulk(top)
    return [by_id[tag_id] for tag_id in top if tag_id in by_id]
