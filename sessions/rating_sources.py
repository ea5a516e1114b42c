"""Reviews of an expert that apps above sessions keep: their totals count
in sessions.models.ExpertRating, and the newest show on the expert's page.

Mentorships are kept by the mentorship app, which sits above sessions (and
experts) in the import layers; it registers a source here from its
AppConfig.ready(). Without one (the app not installed) an expert's rating
is their session reviews alone and their page lists no mentee reviews.

The source gives sums and counts, not averages: the rating is the average
over every review, which an average of two averages would get wrong.
"""

from typing import Protocol

from accounts.models import User


class ReviewTotalsSource(Protocol):
    def totals(self, expert_ids: list[int]) -> dict[int, tuple[int, int]]:
        """{expert id: (sum of the ratings, how many)} of what mentees said
        about these experts, in one query; experts without any left out."""

    def list_recent(self, mentor: User, *, limit: int) -> list:
        """The newest public reviews of `mentor` by their mentees, each with
        `rating`, `comment`, `created_at` and `author` (joined in; None once
        the mentee deleted their account: the review stays and counts)."""


_source: ReviewTotalsSource | None = None


def register(source: ReviewTotalsSource | None) -> None:
    """Plug a source in (None takes it out again, for tests)."""
    global _source
    _source = source


def get_registered() -> ReviewTotalsSource | None:
    return _source


def mentee_totals(expert_ids: list[int]) -> dict[int, tuple[int, int]]:
    return {} if _source is None else _source.totals(expert_ids)


def list_recent_mentee_reviews(mentor: User, *, limit: int) -> list:
    return [] if _source is None else _source.list_recent(mentor, limit=limit)
