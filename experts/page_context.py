"""What an expert's public page shows a given viewer.

Every list here is loaded with a fixed number of queries (prefetched images
and renditions, joined authors and sessions), so a busy expert's page costs
what a new expert's does (experts/tests/test_expert_page.py checks it). The
expert comes with their rating, mentees and accepted answers in one query;
the short lists and the entry lists in one UNION query each.
"""

from urllib.parse import urlencode

from django.db.models import Value
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Page

from accounts.avatar import initials, tone_index
from core.images import EXPERT_PAGE_PHOTO
from experts import errors
from experts.mentor_ratings import list_recent_mentee_reviews
from experts.models import ExpertIndexPage
from experts.selectors import get_profile_numbers, get_profile_tags
from experts.structured_data import person_data, rating_data
from sessions.models import Review, SessionPage
from sessions.selectors import get_session_cards, list_visible_sessions

UPCOMING_LIMIT = 12
PAST_LIMIT = 5
REVIEWS_LIMIT = 5
ENTRY_IMAGE_SPEC = "fill-96x96"
SESSIONS_PATH = "/sessions/"
ENTRY_FIELDS = ("title", "organisation", "period", "description", "link", "image_id")
ENTRY_SECTIONS = (
    ("experience", "Experience", "experiences"),
    ("achievements", "Achievements", "achievements"),
    ("certifications", "Certifications", "certifications"),
    ("projects", "Projects", "projects"),
)


def expert_page_context(page, request: HttpRequest) -> dict:
    numbers = get_profile_numbers(page)
    expert = page.expert
    user = getattr(request, "user", None)
    is_own = bool(user is not None and user.is_authenticated and user.pk == expert.pk)
    # One visibility check (core.access reads the view restrictions once)
    # shared by the three session lists.
    visible = list_visible_sessions().filter(host_id=page.expert_id)
    upcoming = _upcoming_sessions(visible)
    tags = get_profile_tags(page)
    skills, languages = tags.skills, tags.languages
    rating = {"average": numbers["rating_average"], "count": numbers["rating_count"]}
    entry_sections = _entry_sections(page)
    photo = _load_images(page, entry_sections)
    mentorship = _mentorship(page, active_mentees=numbers["active_mentees"])
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
        "entry_sections": entry_sections,
        "upcoming_sessions": upcoming,
        "past_sessions": _past_sessions(visible),
        "rating": rating,
        "recent_reviews": _recent_reviews(visible),
        # Only the mentees' side: a mentor's feedback on a mentee is private.
        "mentee_reviews": list_recent_mentee_reviews(expert, limit=REVIEWS_LIMIT),
        "rate_label": rate_label(page),
        "mentorship": mentorship,
        "mentor_skills": tags.mentor_skills,
        "accepted_answers": numbers["accepted_answers"],
        "book_url": "#upcoming-sessions" if upcoming else _related_sessions_url(skills),
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


def _entry_sections(page) -> list[tuple[str, str, list]]:
    """The four lists, each as (slug, heading, entries as dicts), in one
    query: a UNION ALL of the four tables (each its own so the editor shows
    four lists)."""
    held = getattr(page, "_cluster_related_objects", {})
    if not page.pk or any(rel in held for _, _, rel in ENTRY_SECTIONS):
        # A preview: the editor's unsaved lists are in memory, not in the
        # tables.
        return [
            (slug, heading, [_entry_row(entry) for entry in getattr(page, rel).all()])
            for slug, heading, rel in ENTRY_SECTIONS
        ]
    parts = [
        getattr(page, relation)
        .annotate(section=Value(slug))
        .values("section", "sort_order", "pk", *ENTRY_FIELDS)
        .order_by()
        for slug, _heading, relation in ENTRY_SECTIONS
    ]
    by_section: dict[str, list[dict]] = {slug: [] for slug, _, _ in ENTRY_SECTIONS}
    rows = parts[0].union(*parts[1:], all=True)
    for row in sorted(rows, key=lambda row: (row["sort_order"] or 0, row["pk"])):
        by_section[row["section"]].append(row)
    return [(slug, heading, by_section[slug]) for slug, heading, _ in ENTRY_SECTIONS]


def _entry_row(entry) -> dict:
    return {name: getattr(entry, name) for name in ENTRY_FIELDS}


def _load_images(page, sections) -> object | None:
    """Sets each entry's `thumbnail` and returns the page photo's rendition:
    the photo and every entry image with their renditions in two queries."""
    entries = [entry for _, _, items in sections for entry in items]
    image_ids = {entry["image_id"] for entry in entries if entry["image_id"]}
    if page.photo_id:
        image_ids.add(page.photo_id)
    if not image_ids:
        return None
    images = get_image_model().objects.filter(pk__in=image_ids)
    by_id = {
        image.pk: image
        for image in images.prefetch_renditions(EXPERT_PAGE_PHOTO, ENTRY_IMAGE_SPEC)
    }
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
