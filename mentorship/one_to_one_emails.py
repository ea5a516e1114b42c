"""What the two people of a 1:1 are told. Called from the services inside
their transaction: `queue_email` renders now and sends on commit. Each email
is rendered per recipient, so times read in their own zone."""

from django.urls import reverse

from accounts.email_preferences import wants_email
from accounts.models import EmailKind
from core.emails import queue_email
from mentorship.models import Mentorship, OneToOne
from sessions import calendar
from sessions.timezones import format_for_member

PREFIX = "mentorship/email/one_to_one_"

# How a mentorship ended, for `send_mentorship_ended`.
COMPLETED = "completed"
CANCELLED = "cancelled"
ACCOUNT_DELETED = "account_deleted"


def _name(user) -> str:
    return user.get_short_name() or user.username


def _participants(one_to_one: OneToOne) -> tuple:
    mentorship = one_to_one.mentorship
    return mentorship.mentor, mentorship.mentee


def _other(one_to_one: OneToOne, user):
    mentor, mentee = _participants(one_to_one)
    return mentee if user.pk == mentor.pk else mentor


def sessions_url(one_to_one: OneToOne) -> str:
    path = reverse(
        "one_to_one_list", kwargs={"mentorship_id": one_to_one.mentorship_id}
    )
    return calendar.absolute_url(path)


def _send(name: str, one_to_one: OneToOne, to, attachments=None, **extra) -> None:
    other = _other(one_to_one, to)
    queue_email(
        template_prefix=PREFIX + name,
        to=to.email,
        context={
            "one_to_one": one_to_one,
            "name": _name(to),
            "other_name": _name(other),
            "is_mentee": to.pk == one_to_one.mentorship.mentee_id,
            "starts": format_for_member(one_to_one.starts_at, to),
            "ends": format_for_member(one_to_one.ends_at, to),
            "sessions_url": sessions_url(one_to_one),
            **extra,
        },
        attachments=attachments,
    )


def one_to_one_ics(one_to_one: OneToOne) -> bytes:
    """The event both participants add to their calendars; the meeting link
    is theirs, so it goes in."""
    mentor, mentee = _participants(one_to_one)
    url = sessions_url(one_to_one)
    description = [one_to_one.note, "", url]
    if one_to_one.meeting_url:
        description += ["", f"Join: {one_to_one.meeting_url}"]
    event = calendar.build_event(
        uid=calendar.stable_uid("one-to-one", one_to_one.pk),
        starts_at=one_to_one.starts_at,
        ends_at=one_to_one.ends_at,
        summary=f"1:1 mentoring: {_name(mentor)} and {_name(mentee)}",
        description="\n".join(description).strip(),
        location=one_to_one.meeting_url or "Online",
        url=url,
        cancelled=one_to_one.status == OneToOne.Status.CANCELLED,
        changed_at=one_to_one.updated_at,
    )
    return calendar.event_ics(event)


def send_proposed(one_to_one: OneToOne) -> None:
    _send("proposed", one_to_one, _other(one_to_one, one_to_one.proposed_by))


def send_declined(one_to_one: OneToOne) -> None:
    _send("declined", one_to_one, one_to_one.proposed_by)


def send_awaiting_payment(one_to_one: OneToOne) -> None:
    """Only the mentee pays; the mentor hears once it is confirmed."""
    _send("awaiting_payment", one_to_one, one_to_one.mentorship.mentee)


def send_confirmed(one_to_one: OneToOne) -> None:
    ics = one_to_one_ics(one_to_one).decode()
    attachment = {"filename": "1-1.ics", "content": ics, "mimetype": "text/calendar"}
    for person in _participants(one_to_one):
        _send("confirmed", one_to_one, person, attachments=[attachment])


# Why a 1:1 nobody cancelled ended at its start (`send_cancelled`'s `lapsed`).
UNPAID = "unpaid"
UNANSWERED = "unanswered"


def _ics_attachment(one_to_one: OneToOne, filename: str = "1-1.ics") -> dict:
    ics = one_to_one_ics(one_to_one).decode()
    return {"filename": filename, "content": ics, "mimetype": "text/calendar"}


def send_cancelled(
    one_to_one: OneToOne, *, was_confirmed: bool, refund=None, lapsed: str = ""
) -> None:
    """`refund`: what the mentee gets back (`one_to_ones.cancellation_refund`);
    a confirmed 1:1 is in their calendars, and the attached cancellation
    takes it out. `lapsed` (UNPAID, UNANSWERED) says why one nobody
    cancelled is off."""
    attachment = _ics_attachment(one_to_one)
    mentee = one_to_one.mentorship.mentee
    for person in _participants(one_to_one):
        _send(
            "cancelled",
            one_to_one,
            person,
            attachments=[attachment] if was_confirmed else None,
            refund=refund,
            refund_deadline=(
                format_for_member(refund.deadline, person) if refund else ""
            ),
            by_name=_name(one_to_one.cancelled_by) if one_to_one.cancelled_by else "",
            tells_mentee=person.pk == mentee.pk,
            proposed_by_you=person.pk == one_to_one.proposed_by_id,
            lapsed=lapsed,
        )


def send_mentorship_ended(
    mentorship: Mentorship, ended: list, *, ended_by, how: str, to: list
) -> None:
    """One email per person about the 1:1s a mentorship's end cancelled
    (`ended`: `lifecycle.EndedOneToOne`s, in time order), with a calendar
    cancellation for each confirmed one. `how`: COMPLETED, CANCELLED or
    ACCOUNT_DELETED, said in the words of the one who reads it."""
    attachments = [
        _ics_attachment(item.one_to_one, filename=f"1-1-{number}.ics")
        for number, item in enumerate(ended, start=1)
        if item.was_confirmed
    ]
    list_path = reverse("one_to_one_list", kwargs={"mentorship_id": mentorship.pk})
    detail_path = reverse("mentorship_detail", kwargs={"mentorship_id": mentorship.pk})
    for person in to:
        is_mentor = person.pk == mentorship.mentor_id
        other = mentorship.mentee if is_mentor else mentorship.mentor
        queue_email(
            template_prefix="mentorship/email/mentorship_ended",
            to=person.email,
            context={
                "name": _name(person),
                "other_name": _name(other),
                "by_name": _name(ended_by),
                "by_you": person.pk == ended_by.pk,
                "how": how,
                "is_mentee": not is_mentor,
                "one_to_ones": [
                    {
                        "starts": format_for_member(item.one_to_one.starts_at, person),
                        "was_confirmed": item.was_confirmed,
                        "refund": item.refund,
                    }
                    for item in ended
                ],
                "any_refund": any(item.refund for item in ended),
                "has_calendar": bool(attachments),
                # Gone with a deleted account; the dashboard lists the rest.
                "sessions_url": calendar.absolute_url(
                    reverse("dashboard") + "#mentorship"
                    if how == ACCOUNT_DELETED
                    else list_path
                    if ended
                    else detail_path
                ),
            },
            attachments=attachments or None,
        )


def send_reminder(one_to_one: OneToOne, *, hours_before: int) -> None:
    for person in _participants(one_to_one):
        if wants_email(person, EmailKind.REMINDERS):
            _send("reminder", one_to_one, person, hours_before=hours_before)
