"""Reviews an expert gets from their mentees, for the rating on their page,
in the directory, in matching and in their workspace.

Mentorships are kept by the mentorship app, which sits above experts in the
import layers; it registers a source here from its AppConfig.ready(), as it
registers its mentee counter with `experts.mentee_count`. Without one (the
app not installed) an expert's rating is their session reviews alone.

The source gives sums and counts, not averages: the expert's rating is the
average over every review, (sessions' sum + mentees' sum) / (sessions' count
+ mentees' count), which an average of two averages would get wrong.
"""

from typing import Protocol

from django.db.models import Expression, IntegerField, OuterRef, Value

from accounts.models import User


class MenteeReviewSource(Protocol):
    def sum_subquery(self, mentor_id: OuterRef) -> Expression:
        """The sum of the ratings mentees gave the user `mentor_id` points
        at (0 without any), as an expression a queryset can annotate."""

    def count_subquery(self, mentor_id: OuterRef) -> Expression:
        """How many such ratings there are (0 without any)."""

    def list_recent(self, mentor: User, *, limit: int) -> list:
        """The newest public reviews of `mentor` by their mentees, each with
        `rating`, `comment`, `created_at` and `author` (joined in; None once
        the mentee deleted their account: the review stays and counts)."""


_source: MenteeReviewSource | None = None


def register(source: MenteeReviewSource | None) -> None:
    """Plug a source in (None takes it out again, for tests)."""
    global _source
    _source = source


def get_registered() -> MenteeReviewSource | None:
    return _source


def _zero() -> Expression:
    return Value(0, output_field=IntegerField())


def mentee_rating_sum(mentor_id: OuterRef) -> Expression:
    return _zero() if _source is None else _source.sum_subquery(mentor_id)


def mentee_rating_count(mentor_id: OuterRef) -> Expression:
    return _zero() if _source is None else _source.count_subquery(mentor_id)


def list_recent_mentee_reviews(mentor: User, *, limit: int) -> list:
    return [] if _source is None else _source.list_recent(mentor, limit=limit)
