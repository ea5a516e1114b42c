"""Reviews of an expert that apps above sessions keep, for the totals in
sessions.models.ExpertRating.

Mentorships are kept by the mentorship app, which sits above sessions in
the import layers; it registers a source here from its AppConfig.ready(),
as it registers its mentee reviews with `experts.mentor_ratings` for the
expert's page. Without one (the app not installed) an expert's rating is
their session reviews alone.

The source gives sums and counts, not averages: the rating is the average
over every review, which an average of two averages would get wrong.
"""

from typing import Protocol


class ReviewTotalsSource(Protocol):
    def totals(self, expert_ids: list[int]) -> dict[int, tuple[int, int]]:
        """{expert id: (sum of the ratings, how many)} of what mentees said
        about these experts, in one query; experts without any left out."""


_source: ReviewTotalsSource | None = None


def register(source: ReviewTotalsSource | None) -> None:
    """Plug a source in (None takes it out again, for tests)."""
    global _source
    _source = source


def get_registered() -> ReviewTotalsSource | None:
    return _source


def mentee_totals(expert_ids: list[int]) -> dict[int, tuple[int, int]]:
    return {} if _source is None else _source.totals(expert_ids)
