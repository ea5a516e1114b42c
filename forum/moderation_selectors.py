"""Reads for the moderation queue in the admin."""

from collections import Counter

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce

from forum.models import Ban, Flag, Post, Thread

OPEN = Q(resolved_at__isnull=True)
ORDERINGS = {
    "newest": ("-last_flagged_at", "-pk"),
    "most": ("-open_flag_count", "-last_flagged_at", "-pk"),
}


def list_flagged_posts(order: str = "newest") -> QuerySet[Post]:
    """Posts with open flags, each with `open_flags` (reporters loaded),
    `open_flag_count`, `last_flagged_at`, and its author with their ban and
    `author_post_count`; a fixed number of queries however many."""
    open_flags = Flag.objects.filter(OPEN)
    author_posts = (
        Post.objects.filter(author=OuterRef("author"))
        .order_by()
        .values("author")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        Post.objects.filter(Exists(open_flags.filter(post=OuterRef("pk"))))
        .annotate(
            open_flag_count=Count("flags", filter=Q(flags__resolved_at__isnull=True)),
            last_flagged_at=Max(
                "flags__created_at", filter=Q(flags__resolved_at__isnull=True)
            ),
            author_post_count=Coalesce(
                Subquery(author_posts, output_field=IntegerField()), 0
            ),
        )
        .select_related("thread__category", "author__forum_ban")
        .prefetch_related(
            Prefetch(
                "flags",
                queryset=open_flags.select_related("reporter").order_by(
                    "created_at", "pk"
                ),
                to_attr="open_flags",
            )
        )
        .order_by(*ORDERINGS.get(order, ORDERINGS["newest"]))
    )


def reason_counts(post: Post) -> list[tuple[str, int]]:
    """("Spam or advertising", 3), … for a post from `list_flagged_posts`,
    most given first."""
    counts = Counter(flag.get_reason_display() for flag in post.open_flags)
    return counts.most_common()


def active_ban(user) -> Ban | None:
    """The user's ban as loaded with `author__forum_ban`, if in force."""
    ban = getattr(user, "forum_ban", None) if user is not None else None
    return ban if ban is not None and ban.is_active() else None


def list_hidden_posts() -> QuerySet[Post]:
    return (
        Post.objects.filter(is_hidden=True)
        .select_related("thread__category", "author")
        .order_by("-pk")
    )


def list_hidden_threads() -> QuerySet[Thread]:
    return (
        Thread.objects.filter(is_hidden=True)
        .select_related("category", "author")
        .order_by("-pk")
    )


def list_bans() -> QuerySet[Ban]:
    return Ban.objects.select_related("user", "banned_by").order_by("-created_at")
