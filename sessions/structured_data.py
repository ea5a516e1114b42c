"""schema.org Event data for a session page, for search engines' event
results. Never includes the meeting link: the page is public."""

from datetime import UTC
from urllib.parse import urljoin

from django.urls import reverse

from sessions.selectors import seats_left
from sessions.timezones import iso_duration, zone_or_utc

STATUS = {
    "scheduled": "https://schema.org/EventScheduled",
    "completed": "https://schema.org/EventScheduled",
    "cancelled": "https://schema.org/EventCancelled",
}


def _absolute(session, request, path: str) -> str:
    # The site's own root URL, as page.get_full_url uses, so every URL in the
    # data agrees whatever host the request came in on.
    site = session.get_site()
    if site is not None:
        return urljoin(site.root_url, path)
    return request.build_absolute_uri(path) if request is not None else path


def attendance_mode(session) -> str:
    online, offline = bool(session.meeting_url), bool(session.venue)
    if online and offline:
        return "https://schema.org/MixedEventAttendanceMode"
    if offline:
        return "https://schema.org/OfflineEventAttendanceMode"
    return "https://schema.org/OnlineEventAttendanceMode"


def event_data(session, request=None) -> dict:
    url = session.get_full_url(request) or _absolute(
        session, request, session.url or ""
    )
    # Offsets in the session's own zone read naturally to people and parsers.
    zone = zone_or_utc(session.time_zone)
    host = session.host
    person = {
        "@type": "Person",
        "name": host.get_full_name() or host.username,
        "url": _absolute(
            session,
            request,
            reverse("member_profile", kwargs={"username": host.username}),
        ),
    }
    left = seats_left(session)
    locations = []
    if session.venue:
        locations.append(
            {"@type": "Place", "name": session.venue, "address": session.venue}
        )
    if session.meeting_url or not session.venue:
        locations.append({"@type": "VirtualLocation", "url": url})
    published = session.first_published_at or session.latest_revision_created_at
    offer = {
        "@type": "Offer",
        "price": f"{session.price:.2f}",
        "priceCurrency": session.currency,
        "availability": "https://schema.org/InStock"
        if left > 0
        else "https://schema.org/SoldOut",
        "url": url,
    }
    if published:
        offer["validFrom"] = published.astimezone(UTC).isoformat()
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": session.title,
        "description": session.summary,
        "url": url,
        "startDate": session.starts_at.astimezone(zone).isoformat(),
        "endDate": session.ends_at.astimezone(zone).isoformat(),
        "duration": iso_duration(session.duration),
        "eventStatus": STATUS.get(session.status, STATUS["scheduled"]),
        "eventAttendanceMode": attendance_mode(session),
        "location": locations[0] if len(locations) == 1 else locations,
        "organizer": person,
        "performer": person,
        "offers": offer,
        "maximumAttendeeCapacity": session.max_participants,
        "remainingAttendeeCapacity": left,
    }
    if session.cover_image_id:
        rendition = session.cover_image.get_rendition("fill-1200x675")
        data["image"] = _absolute(session, request, rendition.url)
    return data
