"""The mentors suggested to a member at /mentorship/matches/.

Computed on every request, not cached, so the list follows the
questionnaire the moment it is saved, and a mentor who fills up, stops
taking mentees or gets a new review is never suggested from stale numbers
(a cache keyed by the questionnaire's `updated_at` would miss those). The
database first narrows the pool to the mentors matching would score, read
as plain rows; only the few suggested are loaded as pages. With 2,000
mentors that is 168 candidates and about 50 ms of CPU for the whole
selection (bench/bench_match_inputs.py, figures in the README).
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch
from django.utils import timezone
from wagtail.images import get_image_model

from accounts.avatar import initials, tone_index
from accounts.models import User
from core.images import EXPERT_CARD_PHOTO
from experts.models import ExpertPage
from mentorship import matching
from mentorship.match_inputs import (
    get_mentee_needs,
    list_open_mentor_ids,
    load_mentor_offers,
)
from mentorship.matching import Match, rank
from mentorship.selectors import get_mentee_profile

SUGGESTIONS = 5


@dataclass(frozen=True)
class SuggestedMentor:
    match: Match
    # With `photo_rendition`, `initials` and `avatar_tone` for the avatar.
    page: ExpertPage

    @property
    def rate_text(self) -> str:
        offer = self.match.mentor
        if not offer.rate:
            return "Free"
        rate = f"{offer.rate:.2f}".removesuffix(".00")
        return f"{rate} {offer.currency} per 1:1"


@dataclass(frozen=True)
class MatchResults:
    suggestions: list[SuggestedMentor]
    # Mentors left out because the member already asked them or works with
    # them; the page says so rather than hide them without a word.
    already_open: int


def find_matches(
    user: User, *, limit: int = SUGGESTIONS, week_of: date | None = None
) -> MatchResults | None:
    """The `limit` best mentors for `user`'s questionnaire, best first; None
    when they have not answered it."""
    profile = get_mentee_profile(user)
    if profile is None:
        return None
    needs = get_mentee_needs(profile)
    open_mentor_ids = list_open_mentor_ids(user)
    offers, page_ids, load = load_mentor_offers(needs, exclude_user_ids=open_mentor_ids)
    matches = rank(
        needs,
        offers,
        week_of=week_of or timezone.now().date(),
        limit=limit,
        load=load,
    )
    pages = _get_pages_with_avatars([page_ids[m.mentor.user_id] for m in matches])
    suggestions = [
        SuggestedMentor(match=match, page=pages[page_ids[match.mentor.user_id]])
        for match in matches
    ]
    return MatchResults(suggestions=suggestions, already_open=len(open_mentor_ids))


def how_matching_works() -> dict:
    """The numbers the page's explanation quotes, from the module that uses
    them, so the two cannot drift apart."""
    return {
        "skills": matching.SKILL_COVERAGE_WEIGHT,
        "rating": matching.RATING_WEIGHT,
        "prior_rating": matching.PRIOR_RATING,
        "prior_reviews": matching.PRIOR_REVIEWS,
        "rating_floor": matching.RATING_FLOOR,
        "experience": matching.EXPERIENCE_WEIGHT,
        "sessions_for_full_marks": matching.SESSIONS_FOR_FULL_MARKS,
        "availability": matching.AVAILABILITY_WEIGHT,
        "overlap_hours": matching.OVERLAP_HOURS_FOR_FULL_MARKS,
        "language": matching.LANGUAGE_WEIGHT,
        "room": matching.CAPACITY_WEIGHT,
        "load_penalty": matching.LOAD_PENALTY_WEIGHT,
        "near_tie": matching.NEAR_TIE_POINTS,
    }


def _get_pages_with_avatars(page_ids: list[int]) -> dict[int, ExpertPage]:
    """{page id: page} for the few suggested, not for every candidate
    loaded, with `photo_rendition`, `initials` and `avatar_tone`."""
    if not page_ids:
        return {}
    photos = get_image_model().objects.prefetch_renditions(EXPERT_CARD_PHOTO)
    pages = (
        ExpertPage.objects.select_related("expert")
        .prefetch_related(Prefetch("photo", queryset=photos))
        .in_bulk(page_ids)
    )
    for page in pages.values():
        page.photo_rendition = (
            page.photo.get_rendition(EXPERT_CARD_PHOTO) if page.photo else None
        )
        page.initials = initials(page.title)
        page.avatar_tone = tone_index(page.expert.username)
    return pages
