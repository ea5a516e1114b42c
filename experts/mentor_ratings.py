"""Reviews an expert gets from their mentees, shown on their page.

Mentorships are kept by the mentorship app, which sits above experts in the
import layers; it registers a source here from its AppConfig.ready(), as it
registers its mentee counter with `experts.mentee_count`. Without one (the
app not installed) an expert's page lists no mentee reviews.

What those reviews add to the expert's rating is kept with the rest of it in
sessions.models.ExpertRating, which the same app feeds through
sessions.rating_sources.
"""

from typing import Protocol

from accounts.models import User


class MenteeReviewSource(Protocol):
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


def list_recent_mentee_reviews(mentor: User, *, limit: int) -> list:
    return [] if _source is None else _source.list_recent(mentor, limit=limit)
