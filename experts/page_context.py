"""What an expert's public page shows a given viewer.

Every list here is loaded with a fixed number of queries (prefetched images
and renditions, joined authors and sessions), so a busy expert's page costs
what a new expert's does (experts/tests/test_expert_page.py pins it).
"""

from urllib.parse import urlencode

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Page

from accounts.avatar import initials, tone_index
from core.images import EXPERT_PAGE_PHOTO
from experts import errors
from experts.forum_answers import count_accepted_answers
from experts.mentee_count import count_active_mentees
from experts.mentor_ratings import list_recent_mentee_reviews
from experts.models import ExpertIndexPage
from experts.selectors import get_expert_rating
from experts.structured_data import person_data, rating_data
from sessions.models import Review, SessionIndexPage, SessionPage
from sessions.selectors import get_session_cards, list_visible_sessions

UPCOMING_LIMIT = 12
PAST_LIMIT = 5
REVIEWS_LIMIT = 5
ENTRY_IMAGE_SPEC = "fill-96x96"
ENTRY_SECTIONS = (
    ("experience", "Experience", "experiences"),
    ("achievements", "Achievements", "achievements"),
    ("certifications", "Certifications", "certifications"),
    ("projects", "Projects", "projects"),
)


def expert_page_context(page, request: HttpRequest) -> dict:
    expert = page.expert
    user = getattr(request, "user", None)
    is_own = bool(user is not None and user.is_authenticated and user.pk == expert.pk)
    # One visibility check (core.access reads the view restrictions once)
    # shared by the three session lists.
    visible = list_visible_sessions().filter(host_id=page.expert_id)
    upcoming = _upcoming_sessions(visible)
    skills = list(page.skills.all())
    languages = list(page.languages.all())
    rating = get_expert_rating(expert)
    photo = _photo_rendition(page)
    mentorship = _mentorship(page)
    return {
        "expert": expert,
        "is_own_page": is_own,
        "edit_url": (
            reverse("wagtailadmin_pages:edit", args=[page.pk])
            if is_own and page.pk
            else None
        ),
        "photo": photo,
        "initials": initials(page.title),
        "avatar_tone": tone_index(expert.username),
        "directory_url": _directory_url(page, request),
        "skills": skills,
        "languages": languages,
        "links": _links(page),
        "entry_sections": _entry_sections(page),
        "upcoming_sessions": upcoming,
        "past_sessions": _past_sessions(visible),
        "rating": rating,
        "recent_reviews": _recent_reviews(visible),
        # Only the mentees' side: a mentor's feedback on a mentee is private.
        "mentee_reviews": list_recent_mentee_reviews(expert, limit=REVIEWS_LIMIT),
        "rate_label": rate_label(page),
        "mentorship": mentorship,
        "mentor_skills": list(page.mentor_skills.select_related("skill")),
        "accepted_answers": count_accepted_answers(expert),
        "book_url": "#upcoming-sessions"
        if upcoming
        else _related_sessions_url(skills, request),
        "person_data": person_data(
            page,
            request,
            skills=skills,
            languages=languages,
            photo=photo,
        ),
        "rating_data": rating_data(page, request, rating=rating),
    }


def rate_label(page) -> str:
    """The rate per 1:1 session as a visitor reads it; no rate means free."""
    if not page.hourly_rate:
        return "Free"
    return f"{page.hourly_rate:.2f} {page.currency} a session"


def _upcoming_sessions(visible) -> list[SessionPage]:
    # Sessions already under way stay listed until they end: late joiners
    # still look for them here. Ids first, then cards (seats counted) for
    # those few only.
    ids = visible.filter(
        status=SessionPage.Status.SCHEDULED, ends_at__gt=timezone.now()
    ).order_by("starts_at", "pk")
    return get_session_cards(list(ids.values_list("pk", flat=True)[:UPCOMING_LIMIT]))


def _past_sessions(visible) -> list[SessionPage]:
    return list(
        visible.filter(ends_at__lte=timezone.now())
        .exclude(status=SessionPage.Status.CANCELLED)
        .order_by("-starts_at", "-pk")[:PAST_LIMIT]
    )


def _recent_reviews(visible) -> list[Review]:
    # Only reviews of sessions a visitor could open: a private or withdrawn
    # session's title is not ours to show.
    return list(
        Review.objects.filter(session__in=visible.values("pk"))
        .select_related("author", "session")
        .order_by("-created_at", "-pk")[:REVIEWS_LIMIT]
    )


def _photo_rendition(page):
    if not page.photo_id:
        return None
    return page.photo.get_rendition(EXPERT_PAGE_PHOTO)


def _entry_sections(page) -> list[tuple[str, str, list]]:
    """The four lists, each as (slug, heading, entries); entry images and
    their renditions for all four lists come in two queries."""
    sections = [
        (slug, heading, list(getattr(page, relation).all()))
        for slug, heading, relation in ENTRY_SECTIONS
    ]
    entries = [entry for _, _, items in sections for entry in items]
    image_ids = {entry.image_id for entry in entries if entry.image_id}
    if image_ids:
        images = get_image_model().objects.filter(pk__in=image_ids)
        by_id = {
            image.pk: image for image in images.prefetch_renditions(ENTRY_IMAGE_SPEC)
        }
        for entry in entries:
            image = by_id.get(entry.image_id)
            entry.thumbnail = image.get_rendition(ENTRY_IMAGE_SPEC) if image else None
    return sections


def _links(page) -> list[tuple[str, str]]:
    links = [
        ("LinkedIn", page.linkedin_url),
        ("GitHub", page.github_url),
        ("Website", page.website_url),
    ]
    return [(label, url) for label, url in links if url]


def _mentorship(page) -> dict:
    """Whether the page offers a mentorship request, and why not if not.

    state: "closed" (not taking mentees), "full" (no places left) or "open";
    the expert's own page shows an edit link instead either way.
    """
    if not page.accepts_mentees:
        return {"state": "closed", "message": errors.NOT_ACCEPTING, "places_left": 0}
    places_left = max(page.mentee_capacity - count_active_mentees(page.expert), 0)
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


def _related_sessions_url(skills, request) -> str:
    """With nothing of theirs coming up, sessions on their first skill are
    the next best thing; the discovery page otherwise."""
    index = SessionIndexPage.objects.live().first()
    base = index.get_url(request) if index is not None else "/sessions/"
    if skills:
        return f"{base}?{urlencode({'q': skills[0].name})}"
    return base
