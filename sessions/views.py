"""Booking, waitlist and calendar views: parse, call one service, answer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.access import can_see_page
from core.http import safe_redirect_target
from sessions import calendar
from sessions.access import get_visible_session_or_404
from sessions.errors import LINK_INVALID, SessionsError
from sessions.models import Booking, CalendarFeed, SessionPage
from sessions.refund_policy import cancellation_refund
from sessions.services import booking as booking_services
from sessions.services.booking_emails import booking_id_from_token
from sessions.services.calendar_feeds import reset_calendar_feed

Status = Booking.Status


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    return safe_redirect_target(request, target, default=default)


def _session_path(session: SessionPage) -> str:
    return session.get_url() or "/"


@require_POST
def booking_create(request, session_id: int):
    session = get_visible_session_or_404(request, session_id)
    if not request.user.is_authenticated:
        # After logging in they come back to the session, not to this POST URL.
        return redirect_to_login(_session_path(session))
    try:
        booking = booking_services.book_session(session=session, member=request.user)
    except SessionsError as error:
        messages.error(request, error.message)
        return redirect(_session_path(session))
    if booking.status == Status.CONFIRMED:
        messages.success(
            request, "You're booked. We've emailed you the details and a calendar file."
        )
    elif booking.status == Status.PENDING:
        until = calendar.format_time(booking.hold_expires_at, request.user, session)
        messages.info(
            request, f"Your seat is held until {until}. Pay to confirm your booking."
        )
    else:
        messages.info(
            request,
            "This session is full, so you're on the waitlist. We'll email you "
            "if a seat opens up.",
        )
    return redirect(_session_path(session))


@require_http_methods(["GET", "POST"])
@login_required
def booking_cancel(request, booking_id: int):
    """GET asks, showing what the refund policy gives back; POST cancels."""
    # Someone else's booking is a 404: its existence is none of their business.
    booking = get_object_or_404(
        Booking.objects.select_related("session"), pk=booking_id, member=request.user
    )
    back = _safe_next(request, reverse("dashboard"))
    refund = cancellation_refund(booking)
    if request.method == "GET":
        session = booking.session
        deadline = refund and calendar.format_time(
            refund.deadline, request.user, session
        )
        context = {
            "booking": booking,
            "session": session,
            "starts": calendar.format_time(session.starts_at, request.user, session),
            "refund": refund,
            "refund_deadline": deadline,
            "cancellable": booking.status in booking_services.ACTIVE,
            "next": back,
        }
        return render(request, "sessions/booking_cancel.html", context)
    was_waitlisted = booking.status == Status.WAITLISTED
    try:
        booking_services.cancel_booking(booking=booking, by=request.user)
    except SessionsError as error:
        messages.error(request, error.message)
        return redirect(back)
    if was_waitlisted:
        messages.success(request, "You've left the waitlist.")
        return redirect(back)
    cancelled = f"Your booking for “{booking.session.title}” is cancelled."
    if refund is not None and refund.refunded:
        cancelled += (
            f" Your {refund.amount} {refund.currency} is being refunded; it "
            "reaches your card or bank within 5 to 10 working days."
        )
    messages.success(request, cancelled)
    return redirect(back)


@require_http_methods(["GET", "POST"])
def waitlist_leave(request, token: str):
    """The "remove me" link from waitlist emails: GET asks, POST does it
    (mail scanners follow links; they must not take people off the list)."""
    booking_id = booking_id_from_token(token)
    booking = (
        Booking.objects.select_related("session", "member")
        .filter(pk=booking_id)
        .first()
        if booking_id
        else None
    )
    if booking is None:
        return render(
            request,
            "sessions/booking_link_invalid.html",
            {"message": LINK_INVALID},
            status=400,
        )
    on_list = booking.status == Status.WAITLISTED or (
        booking.status == Status.PENDING and booking.waitlisted_at is not None
    )
    session = booking.session
    context = {
        "booking": booking,
        "session": session,
        "on_list": on_list,
        # The emailed link acts for the member; the session is named only
        # to whom may see it (one behind a password, in a browser that typed
        # it). Leaving the list never needs that.
        "show_session": can_see_page(request, session)
        or can_see_page(booking.member, session),
    }
    if request.method == "POST":
        try:
            booking_services.leave_waitlist(booking=booking)
        except SessionsError as error:
            context.update(on_list=False, error=error.message)
        else:
            context.update(on_list=False, left=True)
    return render(request, "sessions/booking_waitlist_leave.html", context)


@require_GET
def session_ics(request, session_id: int):
    """Public download: the event without the meeting link."""
    session = get_visible_session_or_404(request, session_id)
    response = HttpResponse(
        calendar.session_ics(session), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{session.slug}.ics"'
    return response


@require_GET
def calendar_feed(request, token: str):
    """A member's private subscription URL; calendar apps poll it without
    logging in, so the token is the key."""
    feed = get_object_or_404(
        CalendarFeed.objects.select_related("member"),
        token=token,
        member__is_active=True,
    )
    response = HttpResponse(
        calendar.member_feed_ics(feed.member),
        content_type="text/calendar; charset=utf-8",
    )
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_POST
@login_required
def calendar_feed_reset(request):
    existed = CalendarFeed.objects.filter(member=request.user).exists()
    reset_calendar_feed(member=request.user)
    messages.success(
        request,
        "Your calendar link has changed; the old one no longer works."
        if existed
        else "Your private calendar link is ready: add it to your calendar app.",
    )
    return redirect(reverse("dashboard") + "#bookings")
