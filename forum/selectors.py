"""Reads for the forum's pages, each a fixed number of queries however many
threads, answers or replies there are (the page tests check the counts
are flat and within the site's query budget)."""

from dataclasses import dataclass, field

from django.db.models import (
    Count,
    Exists,
    Expression,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from wagtail.search.backends import get_search_backend

from core.search import query_words
from experts.selectors import list_visible_experts
from forum.models import Category, Post, Reputation, Subscription, Thread, Vote
from sessions.live_questions import LiveQuestion

# Visible to everyone: not hidden by staff, not deleted by its author.
VISIBLE_THREAD = Q(is_hidden=False, deleted_at__isnull=True)
SIMILAR_LIMIT = 5


def list_visible_threads() -> QuerySet[Thread]:
    return Thread.objects.filter(VISIBLE_THREAD)


def list_visible_threads_with_question() -> QuerySet[Thread]:
    """Visible threads with `question_html`, their opening post's HTML while
    it is visible (None otherwise), read in the same query."""
    opening = Post.objects.filter(
        thread=OuterRef("pk"), is_opening=True, is_hidden=False, deleted_at=None
    )
    return list_visible_threads().annotate(
        question_html=Subquery(opening.values("body_html")[:1])
    )


def list_categories() -> QuerySet[Category]:
    """Categories with their visible threads' count, answers and latest
    activity, in one query."""
    visible = Q(threads__is_hidden=False, threads__deleted_at__isnull=True)
    # Spelled out: Django leaves Meta.ordering out of a GROUP BY query.
    return Category.objects.annotate(
        thread_count=Count("threads", filter=visible),
        answer_total=Coalesce(Sum("threads__answer_count", filter=visible), 0),
        latest_activity=Max("threads__last_activity_at", filter=visible),
    ).order_by("order", "name")


def list_thread_rows() -> QuerySet[Thread]:
    """Visible threads with what a listing row shows (author, category,
    skills)."""
    return (
        list_visible_threads()
        .select_related("author", "category")
        .prefetch_related("skills")
    )


def list_category_threads(category: Category) -> QuerySet[Thread]:
    """A category's visible threads for its listing."""
    return list_thread_rows().filter(category=category)


def get_thread(pk: int, viewer) -> Thread | None:
    """The thread, if the viewer may read it: staff read hidden and deleted
    threads, everyone else gets None for them."""
    threads = Thread.objects.select_related("category", "author")
    if not getattr(viewer, "is_staff", False):
        threads = threads.filter(VISIBLE_THREAD)
    if getattr(viewer, "is_authenticated", False):
        # For the follow button, read with the thread.
        follows = Subscription.objects.filter(user=viewer, thread=OuterRef("pk"))
        threads = threads.annotate(viewer_follows=Exists(follows))
    return threads.filter(pk=pk).first()


def get_post(pk: int) -> Post | None:
    """A post in a thread anyone may read, with its thread."""
    return (
        Post.objects.select_related("thread", "thread__category", "author")
        .filter(thread__is_hidden=False, thread__deleted_at__isnull=True)
        .filter(pk=pk)
        .first()
    )


def count_view(thread: Thread) -> None:
    """One more view, without reading or locking the row."""
    Thread.objects.filter(pk=thread.pk).update(view_count=F("view_count") + 1)


@dataclass
class ThreadPosts:
    """A thread's posts as its page shows them."""

    opening: Post | None
    # The accepted answer first, then the rest by score; deleted and hidden
    # ones last (they show as placeholders).
    answers: list[Post]
    # What the viewer voted on each post: {post id: 1 or -1}.
    my_votes: dict[int, int] = field(default_factory=dict)
    # {user id: reputation points} for every author on the page.
    reputation: dict[int, int] = field(default_factory=dict)
    # Ids of authors with a public expert page.
    experts: set[int] = field(default_factory=set)


def _answer_order(accepted_id: int | None):
    def key(post: Post):
        return (
            post.pk != accepted_id,
            not post.is_visible,
            -post.score,
            post.created_at,
            post.pk,
        )

    return key


def get_thread_posts(thread: Thread, viewer) -> ThreadPosts:
    """Every post of the thread in one query, arranged into the opening
    post, answers and their replies (`post.reply_list`), plus the viewer's
    votes, the authors' reputation and expert pages: two queries (the view
    restrictions, then the posts with the rest)."""
    posts = thread.posts.select_related("author")
    signed_in = getattr(viewer, "is_authenticated", False)
    if signed_in:
        votes = Vote.objects.filter(post=OuterRef("pk"), voter=viewer)
        posts = posts.annotate(viewer_vote=Subquery(votes.values("value")[:1]))
    posts = list(_with_author_facts(posts).order_by("created_at", "pk"))
    replies: dict[int, list[Post]] = {}
    for post in posts:
        if post.parent_post_id is not None:
            replies.setdefault(post.parent_post_id, []).append(post)
    opening = None
    answers = []
    for post in posts:
        post.reply_list = replies.get(post.pk, [])
        if post.is_opening:
            opening = post
        elif post.parent_post_id is None:
            answers.append(post)
    answers.sort(key=_answer_order(thread.accepted_answer_id))

    result = ThreadPosts(opening=opening, answers=answers)
    for post in posts:
        if post.author_id:
            result.reputation[post.author_id] = post.author_points
            if post.author_is_expert:
                result.experts.add(post.author_id)
    if signed_in:
        result.my_votes = {
            post.pk: post.viewer_vote for post in posts if post.viewer_vote is not None
        }
    return result


def _with_author_facts(posts: QuerySet[Post]) -> QuerySet[Post]:
    """Annotate each post's author's reputation points (`author_points`, 0
    without a row) and whether they have a public expert page
    (`author_is_expert`), in the posts' own query."""
    points = Reputation.objects.filter(user=OuterRef("author_id")).values("points")
    expert_pages = list_visible_experts().filter(expert_id=OuterRef("author_id"))
    return posts.annotate(
        author_points=Coalesce(Subquery(points[:1]), Value(0)),
        author_is_expert=Exists(expert_pages),
    )


def get_post_people(post: Post, viewer) -> ThreadPosts:
    """What a thread page shows around one post (the viewer's vote on it,
    its author's reputation and expert page), for answers about that post
    alone: at most three queries."""
    result = ThreadPosts(opening=None, answers=[])
    return _add_votes_and_authors(result, [post], post.votes.all(), viewer)


def _add_votes_and_authors(
    result: ThreadPosts, posts: list[Post], votes: QuerySet[Vote], viewer
) -> ThreadPosts:
    author_ids = {post.author_id for post in posts if post.author_id}
    if getattr(viewer, "is_authenticated", False):
        result.my_votes = dict(
            votes.filter(voter=viewer).values_list("post_id", "value")
        )
    if author_ids:
        result.reputation = dict(
            Reputation.objects.filter(user_id__in=author_ids).values_list(
                "user_id", "points"
            )
        )
        result.experts = set(
            list_visible_experts()
            .filter(expert_id__in=author_ids)
            .values_list("expert_id", flat=True)
        )
    return result


def list_similar_threads(
    text: str, *, exclude: Thread | None = None, limit: int = SIMILAR_LIMIT
) -> list[Thread]:
    """Visible threads whose title or question shares words with `text`,
    the best matches first, through the site's search backend (database
    full text by default; see core.search). One query: the backend
    filters on visibility (index.FilterField) and returns the threads."""
    words = query_words(text)[:20]
    if not words:
        return []
    results = get_search_backend().search(
        " ".join(words),
        list_visible_threads(),
        operator="or",
        order_by_relevance=True,
    )[: limit + 1]
    excluded = exclude.pk if exclude is not None else None
    return [thread for thread in results if thread.pk != excluded][:limit]


def accepted_answers_subquery(user_id: OuterRef) -> Expression:
    """Answers of the user `user_id` points at accepted by the askers (kept
    on their reputation by the voting and moderation services), 0 without
    any: an expression, so the expert page reads it with the page."""
    accepted = Reputation.objects.filter(user=user_id).values("accepted_answers")
    return Coalesce(Subquery(accepted[:1]), Value(0), output_field=IntegerField())


def get_live_question(session) -> LiveQuestion | None:
    """The visible question `session` answers live, for the session's page
    (registered with sessions.live_questions), in one query."""
    recap = Post.objects.filter(
        thread=OuterRef("pk"),
        is_live_recap=True,
        is_hidden=False,
        deleted_at__isnull=True,
    )
    thread = (
        list_visible_threads()
        .filter(live_session=session.pk)
        .annotate(has_recap=Exists(recap))
        .only("pk", "slug", "title")
        .order_by("pk")
        .first()
    )
    if thread is None:
        return None
    return LiveQuestion(
        title=thread.title, url=thread.get_absolute_url(), is_answered=thread.has_recap
    )
