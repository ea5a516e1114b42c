"""What an expert's public page shows a given viewer.

Every list here is loaded with a fixed number of queries, so a busy
expert's page costs what a new expert's does, within the site's budget
(experts/tests/test_expert_page.py checks both). The expert comes with
their rating, mentees and accepted answers in one query; the short lists
and the entry lists in one UNION query; upcoming and past sessions in one;
every image's renditions, with the image, in one.
"""

from functools import cached_property
from urllib.parse import urlencode

from django.db.models import (
    BooleanField,
    Case,
    Count,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Page

from accounts.avatar import initials, tone_index
from core.fragments import lazy_context
from core.images import CARD_COVER, EXPERT_PAGE_PHOTO
from experts import errors
from experts.models import ExpertIndexPage
from experts.selectors import get_profile_lists, get_profile_numbers
from experts.structured_data import person_data, rating_data
from sessions.models import Booking, Review, SessionPage
from sessions.rating_sources import list_recent_mentee_reviews
from sessions.selectors import list_visible_sessions, seated_q

UPCOMING_LIMIT = 12
PAST_LIMIT = 5
REVIEWS_LIMIT = 5
ENTRY_IMAGE_SPEC = "fill-96x96"
SESSIONS_PATH = "/sessions/"
# The entry lists (experts.selectors.ENTRY_LISTS) as the page heads them.
ENTRY_HEADINGS = (
    ("experience", "Experience"),
    ("achievements", "Achievements"),
    ("certifications", "Certifications"),
    ("projects", "Projects"),
)


def expert_page_context(page, request: HttpRequest) -> dict:
    """What the template needs: who is looking, at once; the rest as
    callables the template calls on first use (ExpertProfile), so a part
    kept as a shared fragment (core.fragments) runs none of its queries."""
    user = getattr(request, "user", None)
    is_own = bool(
        user is not None and user.is_authenticated and user.pk == page.expert_id
    )
    profile = ExpertProfile(page, request)
    return {
        "is_own_page": is_own,
        "edit_url": (
            reverse("wagtailadmin_pages:edit", args=[page.pk])
            if is_own and page.pk
            else None
        ),
        **lazy_context(profile, ExpertProfile.SHOWN),
    }


class ExpertProfile:
    """The expert's profile as every viewer reads it, each part loaded when
    first asked for. Sessions and reviews are what anyone may see
    (list_visible_sessions without a viewer): the page is the same for all
    but the expert themselves."""

    SHOWN = (
        "expert",
        "photo",
        "initials",
        "avatar_tone",
        "directory_url",
        "skills",
        "languages",
        "links",
        "entry_sections",
        "upcoming_sessions",
        "past_sessions",
        "rating",
        "recent_reviews",
        "mentee_reviews",
        "rate_label",
        "mentorship",
        "mentor_skills",
        "accepted_answers",
        "book_url",
        "person_data",
        "rating_data",
    )

    def __init__(self, page, request: HttpRequest):
        self.page = page
        self.request = request

    @cached_property
    def _numbers(self) -> dict:
        # The expert is read with their numbers, in one query.
        return {**get_profile_numbers(self.page), "expert": self.page.expert}

    @property
    def expert(self):
        return self._numbers["expert"]

    @cached_property
    def _lists(self):
        return get_profile_lists(self.page)

    @cached_property
    def _visible(self):
        # One visibility check (core.access reads the view restrictions
        # once) shared by the sessions and their reviews.
        return list_visible_sessions().filter(host_id=self.page.expert_id)

    @cached_property
    def _sessions(self) -> tuple[list[SessionPage], list[SessionPage]]:
        return _host_sessions(self._visible)

    @property
    def upcoming_sessions(self) -> list[SessionPage]:
        return self._sessions[0]

    @property
    def past_sessions(self) -> list[SessionPage]:
        return self._sessions[1]

    @property
    def skills(self) -> list:
        return self._lists.skills

    @property
    def languages(self) -> list:
        return self._lists.languages

    @property
    def mentor_skills(self) -> list:
        return self._lists.mentor_skills

    @cached_property
    def entry_sections(self) -> list:
        return [
            (slug, heading, self._lists.entries[slug])
            for slug, heading in ENTRY_HEADINGS
        ]

    @cached_property
    def photo(self):
        return _load_images(
            self.page, self.entry_sections, sessions=self.upcoming_sessions
        )

    @property
    def initials(self) -> str:
        return initials(self.page.title)

    @property
    def avatar_tone(self) -> int:
        return tone_index(self.expert.username)

    @cached_property
    def directory_url(self) -> str | None:
        return _directory_url(self.page, self.request)

    @property
    def links(self) -> list[tuple[str, str]]:
        return _links(self.page)

    @cached_property
    def rating(self) -> dict:
        return {
            "average": self._numbers["rating_average"],
            "count": self._numbers["rating_count"],
        }

    @cached_property
    def recent_reviews(self) -> list[Review]:
        return _recent_reviews(self._visible)

    @cached_property
    def mentee_reviews(self) -> list:
        # Only the mentees' side: a mentor's feedback on a mentee is private.
        return list_recent_mentee_reviews(self.expert, limit=REVIEWS_LIMIT)

    @property
    def rate_label(self) -> str:
        return rate_label(self.page)

    @cached_property
    def mentorship(self) -> dict:
        return _mentorship(self.page, active_mentees=self._numbers["active_mentees"])

    @property
    def accepted_answers(self) -> int:
        return self._numbers["accepted_answers"]

    @property
    def book_url(self) -> str:
        if self.upcoming_sessions:
            return "#upcoming-sessions"
        return _related_sessions_url(self.skills)

    @property
    def person_data(self) -> dict:
        return person_data(
            self.page,
            self.request,
            skills=self.skills,
            languages=self.languages,
            photo=self.photo,
        )

    @property
    def rating_data(self) -> dict | None:
        return rating_data(self.page, self.request, rating=self.rating)


def rate_label(page) -> str:
    """The rate per 1:1 session as a visitor reads it; no rate means free."""
    if not page.hourly_rate:
        return "Free"
    return f"{page.hourly_rate:.2f} {page.currency} a session"


def _host_sessions(visible) -> tuple[list[SessionPage], list[SessionPage]]:
    """The next UPCOMING_LIMIT sessions (soonest first) and the last
    PAST_LIMIT (most recent first), with what a card shows, in one query:
    each side numbered by a window and cut at its limit, so a busy host's
    page loads no more sessions than it shows.

    Sessions already under way stay upcoming until they end: late joiners
    still look for them here."""
    now = timezone.now()
    upcoming_q = Q(status=SessionPage.Status.SCHEDULED, ends_at__gt=now)
    past_q = Q(ends_at__lte=now) & ~Q(status=SessionPage.Status.CANCELLED)
    side = Case(
        When(upcoming_q, then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )
    seats = (
        Booking.objects.filter(seated_q(now=now), session=OuterRef("pk"))
        .order_by()
        .values("session")
        .annotate(taken=Count("pk"))
        .values("taken")
    )
    sessions = (
        visible.filter(upcoming_q | past_q)
        .annotate(
            is_upcoming=side,
            soonest=Window(
                RowNumber(), partition_by=[side], order_by=["starts_at", "pk"]
            ),
            latest=Window(
                RowNumber(), partition_by=[side], order_by=["-starts_at", "-pk"]
            ),
        )
        .filter(
            Q(is_upcoming=True, soonest__lte=UPCOMING_LIMIT)
            | Q(is_upcoming=False, latest__lte=PAST_LIMIT)
        )
        # A subquery, not a join and GROUP BY: a window cannot be filtered
        # on beside an aggregate.
        .annotate(seats_taken=Coalesce(Subquery(seats), Value(0)))
        .select_related("host", "category", "cover_image")
    )
    upcoming, past = [], []
    for session in sessions:
        (upcoming if session.is_upcoming else past).append(session)
    upcoming.sort(key=lambda session: (session.starts_at, session.pk))
    past.sort(key=lambda session: (session.starts_at, session.pk), reverse=True)
    return upcoming, past


def _recent_reviews(visible) -> list[Review]:
    # Only reviews of sessions a visitor could open: a private or withdrawn
    # session's title is not ours to show.
    return list(
        Review.objects.filter(session__in=visible.values("pk"))
        .select_related("author", "session")
        .order_by("-created_at", "-pk")[:REVIEWS_LIMIT]
    )


def _load_images(page, sections, *, sessions) -> object | None:
    """Sets each entry's `thumbnail`, gives the session cards' covers their
    renditions, and returns the page photo's rendition: the renditions with
    their images in one query. An image with none made yet (renditions are
    made when an image is saved, core.images) is read on its own."""
    entries = [entry for _, _, items in sections for entry in items]
    wanted = {entry["image_id"] for entry in entries if entry["image_id"]}
    if page.photo_id:
        wanted.add(page.photo_id)
    covers = [session.cover_image for session in sessions if session.cover_image]
    cover_ids = {cover.pk for cover in covers}
    if not wanted and not covers:
        return None
    Image = get_image_model()
    renditions = Image.get_rendition_model().objects.filter(
        image_id__in=wanted | cover_ids,
        filter_spec__in=(EXPERT_PAGE_PHOTO, ENTRY_IMAGE_SPEC, *CARD_COVER),
    )
    by_id: dict[int, object] = {}
    for rendition in renditions.select_related("image"):
        image = by_id.setdefault(rendition.image_id, rendition.image)
        image.__dict__.setdefault("prefetched_renditions", []).append(rendition)
        rendition.image = image
    missing = wanted - by_id.keys()
    if missing:
        for image in Image.objects.filter(pk__in=missing):
            image.prefetched_renditions = []
            by_id[image.pk] = image
    for cover in covers:
        found = by_id.get(cover.pk)
        cover.prefetched_renditions = (
            found.prefetched_renditions if found is not None else []
        )
    for entry in entries:
        image = by_id.get(entry["image_id"])
        entry["thumbnail"] = image.get_rendition(ENTRY_IMAGE_SPEC) if image else None
    photo = by_id.get(page.photo_id)
    return photo.get_rendition(EXPERT_PAGE_PHOTO) if photo else None


def _links(page) -> list[tuple[str, str]]:
    links = [
        ("LinkedIn", page.linkedin_url),
        ("GitHub", page.github_url),
        ("Website", page.website_url),
    ]
    return [(label, url) for label, url in links if url]


def _mentorship(page, *, active_mentees: int) -> dict:
    """Whether the page offers a mentorship request, and why not if not.

    state: "closed" (not taking mentees), "full" (no places left) or "open";
    the expert's own page shows an edit link instead either way.
    """
    if not page.accepts_mentees:
        return {"state": "closed", "message": errors.NOT_ACCEPTING, "places_left": 0}
    places_left = max(page.mentee_capacity - active_mentees, 0)
    if places_left == 0:
        return {"state": "full", "message": errors.MENTEES_FULL, "places_left": 0}
    return {
        "state": "open",
        "message": "",
        "places_left": places_left,
        "url": reverse("mentorship_request", kwargs={"username": page.expert.username}),
    }


def _directory_url(page, request) -> str | None:
    # The breadcrumbs already hold the live ancestors, and content types are
    # cached: no query.
    for crumb in reversed(page.breadcrumbs):
        if issubclass(crumb.specific_class or Page, ExpertIndexPage):
            return crumb.get_url(request)
    return None


def _related_sessions_url(skills) -> str:
    """With nothing of theirs coming up, sessions on their first skill are
    the next best thing; the discovery page otherwise. /sessions/ is in
    the site's public contract (DESIGN.md), so no query looks it up."""
    if skills:
        return f"{SESSIONS_PATH}?{urlencode({'q': skills[0].name})}"
    return SESSIONS_PATH
