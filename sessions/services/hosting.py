"""What a host (or staff) does with a session from the admin workspace:
attendance, emailing participants, cancelling, rescheduling, opening
another date for the waitlist, and starting a draft from elsewhere on the
site (a forum question answered live).

Each function is one transaction: lock the session row, write, then emails
and tasks go out on commit. Emails to every participant are rendered by a
task after commit (sessions.services.hosting_emails), never under the lock.
"""

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.log_actions import log

from accounts.models import User
from payments.models import Kind
from payments.services.checkout import expire_open_checkouts
from payments.services.entitlements import revoke_granted
from payments.services.refunds import refund_purchases
from sessions import errors
from sessions.errors import SessionsError
from sessions.models import Booking, SessionIndexPage, SessionPage
from sessions.tasks import notify_participants
from sessions.timezones import member_zone

# Who hears about a change of plan: everyone holding a place or waiting.
ACTIVE_STATUSES = (
    Booking.Status.PENDING,
    Booking.Status.CONFIRMED,
    Booking.Status.WAITLISTED,
)
# Who gets the host's messages: people with a confirmed place (also after
# attendance was marked).
PARTICIPANT_STATUSES = (
    Booking.Status.CONFIRMED,
    Booking.Status.ATTENDED,
    Booking.Status.NO_SHOW,
)
ATTENDANCE_STATUSES = (Booking.Status.ATTENDED, Booking.Status.NO_SHOW)


def can_manage_session(user, session: SessionPage) -> bool:
    """The session's host, or staff, may run it from the admin."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or user.is_staff or session.host_id == user.pk


def _lock(session: SessionPage) -> SessionPage:
    return SessionPage.objects.select_for_update().get(pk=session.pk)


def _bookings(session: SessionPage, statuses: Iterable[str]):
    return (
        Booking.objects.filter(session=session, status__in=list(statuses))
        .select_related("member", "member__profile")
        .order_by("created_at", "pk")
    )


def _change_fields(session: SessionPage, *, by: User | None, **fields) -> None:
    """Change fields of a session page without changing whether it is online.

    A live page gets them through a new published revision, so the page
    history shows who moved or cancelled it and a later publish of an older
    draft cannot silently undo it. A page that is not live (never
    published, or taken offline by staff) stays offline: its row, which
    bookings and emails read, and a new draft revision, which a later
    publish would put online, both get the fields."""
    draft = None
    if session.latest_revision_id and (
        session.has_unpublished_changes or not session.live
    ):
        draft = session.get_latest_revision_as_object()
    for page in filter(None, (session, draft)):
        for name, value in fields.items():
            setattr(page, name, value)
    if not session.live:
        session.save(update_fields=list(fields), clean=False)
        (draft or session).save_revision(user=by, log_action=True, clean=False)
        return
    # Publish the live content plus these fields only: a pending draft is
    # the editor's unfinished work, not ours to publish.
    # Experts hold Wagtail's "add" permission, not "publish": moving or
    # cancelling their own session is this service's rule, checked by callers.
    revision = session.save_revision(user=by, log_action=True)
    revision.publish(user=by, skip_permission_checks=True)
    if draft is not None:
        draft.save_revision(user=by, clean=False)


@transaction.atomic
def mark_attendance(*, booking: Booking, status: str) -> Booking:
    """Mark a participant as attended or as a no-show, once the session has
    started; it can be corrected either way afterwards."""
    if status not in ATTENDANCE_STATUSES:
        raise SessionsError(errors.ATTENDANCE_STATUS_INVALID)
    session = _lock(booking.session)
    locked = Booking.objects.select_for_update().get(pk=booking.pk)
    if not session.has_started:
        raise SessionsError(errors.ATTENDANCE_TOO_EARLY)
    if locked.status not in PARTICIPANT_STATUSES:
        raise SessionsError(errors.ATTENDANCE_NOT_SEATED)
    locked.status = status
    locked.save(update_fields=["status", "updated_at"])
    booking.status = locked.status
    return locked


@transaction.atomic
def email_participants(
    *, session: SessionPage, subject: str, message: str, by: User
) -> int:
    """Send the host's message to every confirmed participant, one email
    each so nobody sees the others' addresses. Returns how many."""
    session = _lock(session)
    booking_ids = list(
        _bookings(session, PARTICIPANT_STATUSES).values_list("pk", flat=True)
    )
    if not booking_ids:
        raise SessionsError(errors.NO_PARTICIPANTS)
    transaction.on_commit(
        lambda: notify_participants.enqueue(
            notice="host_message",
            session_id=session.pk,
            booking_ids=booking_ids,
            subject=subject.strip(),
            message=message.strip(),
            sender_id=by.pk,
        )
    )
    return len(booking_ids)


@transaction.atomic
def cancel_session(*, session: SessionPage, by: User | None = None) -> int:
    """Cancel the session: every booking is cancelled and everyone who held a
    place or waited is emailed. Returns how many were told."""
    locked = _lock(session)
    if locked.status == SessionPage.Status.CANCELLED:
        raise SessionsError(errors.SESSION_ALREADY_CANCELLED)
    if locked.ends_at <= timezone.now():
        raise SessionsError(errors.SESSION_ENDED)
    _change_fields(locked, by=by, status=SessionPage.Status.CANCELLED)
    to_tell = list(_bookings(locked, ACTIVE_STATUSES).values_list("pk", flat=True))
    now = timezone.now()
    booking_ids = list(
        Booking.objects.filter(session=locked).values_list("pk", flat=True)
    )
    # Every paid seat is refunded in full, also one its member cancelled too
    # late for the refund policy: the session does not take place.
    refund_purchases(
        kind=Kind.SESSION_SEAT, object_ids=booking_ids, reason="session_cancelled"
    )
    # Held seats' Checkout pages close; a payment that completes anyway is
    # refunded when it arrives (sessions.purchases).
    expire_open_checkouts(kind=Kind.SESSION_SEAT, object_ids=booking_ids)
    revoke_granted(kind=Kind.SESSION_SEAT, object_ids=booking_ids)
    Booking.objects.filter(session=locked).exclude(
        status=Booking.Status.CANCELLED
    ).update(status=Booking.Status.CANCELLED, cancelled_at=now, updated_at=now)
    transaction.on_commit(
        lambda: notify_participants.enqueue(
            notice="session_cancelled", session_id=locked.pk, booking_ids=to_tell
        )
    )
    session.status = locked.status
    return len(to_tell)


def _check_times(starts_at: datetime, ends_at: datetime) -> None:
    if ends_at <= starts_at:
        raise SessionsError(errors.TIMES_INVALID)
    if starts_at <= timezone.now():
        raise SessionsError(errors.TIMES_IN_PAST)


@transaction.atomic
def reschedule_session(
    *,
    session: SessionPage,
    starts_at: datetime,
    ends_at: datetime,
    by: User | None = None,
) -> int:
    """Move the session: publish the new times, email everyone holding a
    place or waiting the new time in their own zone, and re-plan the
    reminders of confirmed bookings. Returns how many were told."""
    _check_times(starts_at, ends_at)
    locked = _lock(session)
    if locked.status == SessionPage.Status.CANCELLED:
        raise SessionsError(errors.SESSION_CANCELLED)
    previous_starts_at = locked.starts_at.isoformat()
    _change_fields(locked, by=by, starts_at=starts_at, ends_at=ends_at)
    bookings = list(_bookings(locked, ACTIVE_STATUSES))
    booking_ids = [booking.pk for booking in bookings]
    transaction.on_commit(
        lambda: notify_participants.enqueue(
            notice="session_rescheduled",
            session_id=locked.pk,
            booking_ids=booking_ids,
            previous_starts_at=previous_starts_at,
        )
    )
    confirmed_ids = [b.pk for b in bookings if b.status == Booking.Status.CONFIRMED]
    transaction.on_commit(lambda: _reschedule_reminders(confirmed_ids))
    session.starts_at, session.ends_at = locked.starts_at, locked.ends_at
    return len(bookings)


def _reschedule_reminders(booking_ids: list[int]) -> None:
    # Engineer 2's reminders re-check the start time when they run, so the
    # old ones fall silent; these are the ones for the new time.
    from sessions.services.booking import schedule_reminders

    for booking in Booking.objects.filter(pk__in=booking_ids).select_related(
        "session", "member"
    ):
        schedule_reminders(booking=booking)


def _free_slug(parent, base: str) -> str:
    taken = set(
        parent.get_children()
        .filter(slug__startswith=base)
        .values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def duplicate_session_for_waitlist(
    *,
    session: SessionPage,
    starts_at: datetime,
    ends_at: datetime,
    by: User | None = None,
) -> tuple[SessionPage, list[Booking]]:
    """Open another date of a full session and offer its seats to the
    original's waitlist, first come first served, up to its capacity.

    Returns the new (published) session and the bookings made on it; each
    member moved off the waitlist has their old waitlist entry cancelled.
    """
    from sessions.services.booking import book_session

    _check_times(starts_at, ends_at)
    original = _lock(session)
    if original.status == SessionPage.Status.CANCELLED:
        raise SessionsError(errors.SESSION_CANCELLED)
    if not original.live:
        # The copy is published: it must not put back online what staff
        # took down (nor can anyone book a session that is offline).
        raise SessionsError(errors.SESSION_OFFLINE)
    parent = original.get_parent()
    base = slugify(f"{original.slug}-{timezone.localtime(starts_at).date()}")[:240]
    copy = original.copy(
        update_attrs={
            "slug": _free_slug(parent, base),
            "starts_at": starts_at,
            "ends_at": ends_at,
            "status": SessionPage.Status.SCHEDULED,
            "owner": original.owner,
            "rating_average": None,
            "rating_count": 0,
        },
        keep_live=False,
        copy_revisions=False,
        user=by,
    ).specific
    revision = copy.save_revision(user=by, log_action=True)
    revision.publish(user=by, skip_permission_checks=True)
    copy.refresh_from_db()

    waiting = list(
        Booking.objects.select_for_update()
        .filter(session=original, status=Booking.Status.WAITLISTED)
        .select_related("member")
        .order_by("waitlisted_at", "created_at", "pk")
    )
    moved: list[Booking] = []
    for entry in waiting:
        if len(moved) >= copy.max_participants:
            break
        try:
            # A member refused by a rule (say, an unverified email) keeps
            # their place on the original waitlist; the next one is asked.
            with transaction.atomic():
                booking = book_session(session=copy, member=entry.member)
                if booking.status not in Booking.SEATED:
                    # Full after all: leave them where they were.
                    raise _NoSeat
                # Directly, not through leave_waitlist: its "you left the
                # waitlist" email would contradict the new booking's.
                now = timezone.now()
                entry.status = Booking.Status.CANCELLED
                entry.cancelled_at = now
                entry.save(update_fields=["status", "cancelled_at", "updated_at"])
        except (SessionsError, _NoSeat):
            continue
        moved.append(booking)
    return copy, moved


class _NoSeat(Exception):
    """Rolls back a booking that would only have joined the new waitlist."""


@transaction.atomic
def draft_session(
    *,
    index: SessionIndexPage,
    host: User,
    title: str,
    summary: str,
    description: list[tuple[str, object]],
    skills: Iterable[str],
    starts_at: datetime,
    ends_at: datetime,
) -> SessionPage:
    """A draft session owned and hosted by `host` under `index`, as the
    admin's "add page" would save it, for the host to finish and publish.
    `description` is the body's blocks as (block name, value) pairs."""
    _check_times(starts_at, ends_at)
    page = SessionPage(
        title=title,
        slug=_free_slug(index, slugify(title)[:240] or "session"),
        summary=summary,
        description=description,
        starts_at=starts_at,
        ends_at=ends_at,
        time_zone=str(member_zone(host)),
        host=host,
        owner=host,
        format=SessionPage.Format.WEBINAR,
        live=False,
    )
    page.skills.add(*skills)
    index.add_child(instance=page)
    page.save_revision(user=host, log_action=False)
    log(instance=page, action="wagtail.create", user=host)
    return page
