"""The invariants a load run or a drill must keep, read from the database,
the delivered email files, the Stripe stub's record and the request log;
and the figures per request type.

Run by bench/load/run with Django set up on the run's database. Each check
returns a list of problems (empty: kept) and is printed with its counts.
"""

import email
import json
import math
import time
from collections import Counter, defaultdict
from email.header import decode_header, make_header
from pathlib import Path

from bench.load.seed import TITLE

SEPARATOR = b"\n" + b"-" * 79 + b"\n"


def wait_for_queue(timeout: float) -> int:
    """Wait until the worker has run every task due now; returns how many
    are still waiting or running after `timeout` seconds."""
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    deadline = time.monotonic() + timeout
    while True:
        left = (
            DBTaskResult.objects.ready().count()
            + DBTaskResult.objects.running().count()
        )
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(1)
        timezone.now()


def delivered_emails(folder: Path) -> Counter:
    """(recipient, subject) of every email the file backend wrote."""
    found: Counter = Counter()
    for path in sorted(folder.glob("*.log")):
        for chunk in path.read_bytes().split(SEPARATOR):
            if not chunk.strip():
                continue
            message = email.message_from_bytes(chunk)
            # Long subjects are folded over lines: unfold (RFC 5322 2.2.3).
            folded = str(make_header(decode_header(message["Subject"] or "")))
            subject = folded.replace("\r\n", "").replace("\n", "")
            found[(message["To"], subject)] += 1
    return found


def queued_emails() -> Counter:
    """(recipient, subject) of every send_email task ever queued (each retry
    replaces its failed result, so a row is one email)."""
    from django_tasks_db.models import DBTaskResult

    from core.tasks import send_email

    found: Counter = Counter()
    rows = DBTaskResult.objects.filter(task_path=send_email.module_path)
    for kwargs in rows.values_list("args_kwargs__kwargs", flat=True):
        for to in kwargs["to"]:
            found[(to, kwargs["subject"])] += 1
    return found


def _expected_emails() -> Counter:
    """What each load booking must have caused, once each: a confirmation
    if it was ever confirmed, a waitlist notice if it was ever waitlisted,
    a cancellation if the member cancelled it."""
    from sessions.models import Booking

    expected: Counter = Counter()
    bookings = Booking.objects.filter(session__title__startswith=TITLE).select_related(
        "session", "member"
    )
    for booking in bookings:
        to, title = booking.member.email, booking.session.title
        if booking.confirmed_at:
            promoted = booking.waitlisted_at is not None
            subject = (
                f"A seat opened up: you are booked on {title}"
                if promoted
                else f"Booking confirmed: {title}"
            )
            expected[(to, "[MasteryHub] " + subject)] += 1
        if booking.waitlisted_at:
            expected[(to, f"[MasteryHub] You're on the waitlist: {title}")] += 1
        if booking.status == Booking.Status.CANCELLED and not (
            booking.hold_expires_at and booking.cancelled_at >= booking.hold_expires_at
        ):
            left = (
                "You have left the waitlist"
                if (booking.waitlisted_at and not booking.confirmed_at)
                else "Booking cancelled"
            )
            expected[(to, f"[MasteryHub] {left}: {title}")] += 1
    return expected


BOOKING_SUBJECTS = (
    "Booking confirmed: ",
    "A seat opened up: you are booked on ",
    "You're on the waitlist: ",
    "You have left the waitlist: ",
    "Booking cancelled: ",
)


def _booking_emails(counter: Counter) -> Counter:
    """The booking emails of load members to load sessions."""
    return Counter(
        {
            (to, subject): n
            for (to, subject), n in counter.items()
            if to.endswith("@load.example")
            and TITLE in subject
            and subject.removeprefix("[MasteryHub] ").startswith(BOOKING_SUBJECTS)
        }
    )


def check_emails(mail_folder: Path) -> tuple[dict, list[str]]:
    expected = _expected_emails()
    queued = _booking_emails(queued_emails())
    delivered = _booking_emails(delivered_emails(mail_folder))
    problems = []
    for what, actual in (("queued", queued), ("delivered", delivered)):
        for key in sorted(set(expected) | set(actual)):
            if actual[key] != expected[key]:
                problems.append(
                    f"{what} {actual[key]}x, expected {expected[key]}x: {key}"
                )
    counts = {
        "booking emails expected": sum(expected.values()),
        "queued": sum(queued.values()),
        "delivered": sum(delivered.values()),
    }
    return counts, problems


def check_capacity() -> tuple[dict, list[str]]:
    from sessions.models import Booking, SessionPage
    from sessions.selectors import seats_taken

    problems, full = [], 0
    for session in SessionPage.objects.filter(title__startswith=TITLE):
        confirmed = session.bookings.filter(status=Booking.Status.CONFIRMED).count()
        taken = seats_taken(session)
        full += confirmed == session.max_participants
        if confirmed > session.max_participants or taken > session.max_participants:
            problems.append(
                f"{session.title}: {confirmed} confirmed, {taken} seats taken "
                f"of {session.max_participants}"
            )
    return {"sessions full": full}, problems


def check_bookings(request_log: list[dict]) -> tuple[dict, list[str]]:
    """Every booking a member was shown exists, for that member and session,
    and no member holds two bookings of a session."""
    from django.db.models import Count

    from sessions.models import Booking

    problems = []
    shown = [line for line in request_log if line.get("kind") == "booked"]
    rows = {
        b.pk: b
        for b in Booking.objects.filter(
            session__title__startswith=TITLE
        ).select_related("member")
    }
    for line in shown:
        if line["booking"] is None:
            continue
        row = rows.get(line["booking"])
        if (
            row is None
            or row.member.email != line["member"]
            or (row.session_id != line["session"])
        ):
            problems.append(f"booking shown but not stored as shown: {line}")
    doubled = (
        Booking.objects.filter(session__title__startswith=TITLE)
        .values("session", "member")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    problems += [f"doubled booking: {row}" for row in doubled]
    statuses = Counter(b.status for b in rows.values())
    return {"bookings": len(rows), **dict(statuses)}, problems


def check_payments(stub_state: dict) -> tuple[dict, list[str]]:
    from django.db.models import Count

    from payments.models import Entitlement, Payment

    problems = []
    sessions = stub_state["sessions"]
    refunded = {r["metadata"].get("payment_id") for r in stub_state["refunds"]}
    completed = {sid for sid, s in sessions.items() if s["status"] == "complete"}
    payments = {
        p.stripe_checkout_session_id: p
        for p in Payment.objects.exclude(stripe_checkout_session_id=None).filter(
            stripe_checkout_session_id__startswith="cs_test_load"
        )
    }
    granted = Counter(
        Entitlement.objects.filter(source_payment__in=payments.values()).values_list(
            "source_payment", flat=True
        )
    )
    outcomes: Counter = Counter()
    for session_id in completed:
        payment = payments.get(session_id)
        if payment is None or payment.status not in Payment.SETTLED:
            problems.append(
                f"paid at Stripe, not here: {session_id} {payment and payment.status}"
            )
            outcomes["lost"] += 1
            continue
        if granted[payment.pk] == 1:
            outcomes["granted"] += 1
        elif granted[payment.pk] == 0 and str(payment.pk) in refunded:
            outcomes["refunded (could not be honoured)"] += 1
        else:
            problems.append(
                f"payment {payment.pk}: {granted[payment.pk]} grants, refunded: "
                f"{str(payment.pk) in refunded}"
            )
    for session_id, payment in payments.items():
        if payment.status in Payment.SETTLED and session_id not in completed:
            problems.append(f"payment {payment.pk} settled without Stripe's payment")
    twice = (
        Entitlement.objects.filter(
            revoked_at=None, user__email__endswith="@load.example"
        )
        .values("user", "kind", "object_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    problems += [f"granted twice: {row}" for row in twice]
    deliveries = stub_state["deliveries"]
    counts = {
        "checkouts opened": len(sessions),
        "paid at Stripe": len(completed),
        **outcomes,
        "webhook deliveries": len(deliveries),
        "deliveries refused or failed": sum(
            1
            for d in deliveries
            if not (isinstance(d["status"], int) and d["status"] < 300)
        ),
        "never delivered": stub_state["undelivered"],
    }
    if stub_state["undelivered"]:
        problems.append(f"{stub_state['undelivered']} webhook events never delivered")
    return counts, problems


def check_stuck_tasks() -> tuple[dict, list[str]]:
    from django_tasks_db.models import DBTaskResult

    stuck = list(DBTaskResult.objects.running().values_list("task_path", "id"))
    failed = Counter(DBTaskResult.objects.failed().values_list("task_path", flat=True))
    problems = [
        f"task left running by a dead worker: {path} {pk}" for path, pk in stuck
    ]
    return {"tasks failed": dict(failed)}, problems


def figures(request_log: list[dict], seconds: float) -> list[dict]:
    """Requests per second, p95 and errors per request type."""
    by_name = defaultdict(list)
    for line in request_log:
        if "name" in line:
            by_name[line["name"]].append(line)
    rows = []
    for name, lines in sorted(by_name.items()):
        times = sorted(line["ms"] for line in lines)
        p95 = times[min(len(times) - 1, math.ceil(len(times) * 0.95) - 1)]
        errors = Counter(
            line["error"] or str(line["status"])
            for line in lines
            if line["error"] or line["status"] >= 400 or line["status"] == 0
        )
        rows.append(
            {
                "name": name,
                "requests": len(lines),
                "per_s": round(len(lines) / seconds, 2),
                "p95_ms": p95,
                "errors": dict(errors),
            }
        )
    return rows


def _is_error(line: dict) -> bool:
    return line["status"] >= 500 or line["status"] == 0


def error_windows(request_log: list[dict], faults: list[dict]) -> list[dict]:
    """For each fault: how many requests failed (5xx, or the site could not
    be reached) from its start until 60 s after its end or the next fault's
    start, whichever is first; when the first and last failed; and the p95
    of the requests answered meanwhile."""
    # Placed by when the answer (or the failure) came: a request started
    # just before a fault fails during it.
    requests = [
        {**line, "at": line["at"] + line["ms"] / 1000}
        for line in request_log
        if "name" in line
    ]
    faults = sorted(faults, key=lambda fault: fault["start"])
    out = []
    for number, fault in enumerate(faults):
        start, end = fault["start"], fault["end"]
        until = end + 60
        if number + 1 < len(faults):
            until = min(until, faults[number + 1]["start"])
        inside = [line for line in requests if start <= line["at"] < until]
        bad = sorted(line["at"] for line in inside if _is_error(line))
        times = sorted(line["ms"] for line in inside if not _is_error(line))
        out.append(
            {
                "fault": fault["name"],
                "down_s": round(end - start, 1),
                "watched_s": round(until - start, 1),
                "errors": len(bad),
                "requests": len(inside),
                "p95_ms": times[math.ceil(len(times) * 0.95) - 1] if times else None,
                "first_error_after_s": round(bad[0] - start, 1) if bad else None,
                "last_error_after_s": round(bad[-1] - start, 1) if bad else None,
                "errors_after_recovery_s": (
                    round(max(bad[-1] - end, 0), 1) if bad else None
                ),
            }
        )
    return out


def run_checks(*, mail_folder: Path, stub_state: dict, request_log: list[dict]) -> dict:
    results = {}
    for name, outcome in (
        ("capacity", check_capacity()),
        ("bookings", check_bookings(request_log)),
        ("payments", check_payments(stub_state)),
        ("emails", check_emails(mail_folder)),
        ("tasks", check_stuck_tasks()),
    ):
        counts, problems = outcome
        results[name] = {"counts": counts, "problems": problems}
    return results


def read_log(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line]


def main() -> None:
    import argparse

    import django

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mail", type=Path, required=True)
    parser.add_argument("--stub-state", type=Path, required=True)
    parser.add_argument("--requests", type=Path, required=True)
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--faults", default="[]", help="JSON: name, start, end")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--queue-timeout", type=float, default=120)
    args = parser.parse_args()
    django.setup()
    left = wait_for_queue(args.queue_timeout)
    request_log = read_log(args.requests)
    stub_state = json.loads(args.stub_state.read_text())
    requests = [line for line in request_log if "name" in line]
    times = sorted(line["ms"] for line in requests)
    errors = sum(1 for line in requests if line["error"] or line["status"] >= 400)
    results = {
        "seconds": args.seconds,
        "tasks still queued after waiting": left,
        "total": {
            "requests": len(requests),
            "per_s": round(len(requests) / args.seconds, 1),
            "p95_ms": times[math.ceil(len(times) * 0.95) - 1] if times else None,
            "errors": errors,
        },
        "figures": figures(request_log, args.seconds),
        "invariants": run_checks(
            mail_folder=args.mail, stub_state=stub_state, request_log=request_log
        ),
        "error_windows": error_windows(request_log, json.loads(args.faults)),
    }
    args.out.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
