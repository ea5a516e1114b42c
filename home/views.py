from allauth.account.decorators import verified_email_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from accounts import selectors as account_selectors
from accounts.services import ensure_profile
from mentorship.selectors import (
    has_questionnaire,
    list_latest_mentorships_of_mentee,
    list_latest_mentorships_of_mentor,
)
from payments.selectors import get_membership
from progress.selectors import get_dashboard_summary
from sessions.calendar import absolute_url, format_time
from sessions.models import Booking, CalendarFeed

PAST_BOOKINGS_SHOWN = 20


def _member_bookings(user) -> dict:
    """The member's bookings, split at now, each with its start time in the
    member's zone."""
    now = timezone.now()
    bookings = (
        Booking.objects.filter(member=user)
        .select_related("session")
        .order_by("session__starts_at")
    )
    upcoming = list(
        bookings.filter(session__starts_at__gt=now).exclude(
            status=Booking.Status.CANCELLED
        )
    )
    past = list(
        bookings.filter(session__starts_at__lte=now)
        .exclude(status=Booking.Status.CANCELLED)
        .order_by("-session__starts_at")[:PAST_BOOKINGS_SHOWN]
    )
    for booking in upcoming + past:
        booking.starts_text = format_time(
            booking.session.starts_at, user, booking.session
        )
        if booking.status == Booking.Status.PENDING and booking.hold_expires_at:
            booking.hold_text = format_time(
                booking.hold_expires_at, user, booking.session
            )
    feed = CalendarFeed.objects.filter(member=user).first()
    feed_url = (
        absolute_url(reverse("calendar_feed", kwargs={"token": feed.token}))
        if feed
        else ""
    )
    return {"upcoming_bookings": upcoming, "past_bookings": past, "feed_url": feed_url}


# Signing in already needs a confirmed email; this also turns away a session
# that predates that rule, so the page can take the address as verified.
@verified_email_required
def dashboard(request):
    user = request.user
    profile = ensure_profile(user=user)
    return render(
        request,
        "home/dashboard.html",
        {
            "profile": profile,
            "completeness": account_selectors.get_profile_completeness(profile),
            "has_totp": account_selectors.has_totp(user),
            "expert_application": account_selectors.get_latest_expert_application(user),
            "membership": get_membership(user),
            **_member_bookings(user),
            "mentorships": list_latest_mentorships_of_mentee(user),
            "mentees": list_latest_mentorships_of_mentor(user),
            "has_questionnaire": has_questionnaire(user),
            "progress": get_dashboard_summary(user),
        },
    )
