"""The numbers of an expert's workspace: what their dashboard panels and
their insights page show.

Every function takes the host and reads only their sessions; `now` is a
parameter so tests can fix it. Calendar weeks and months are the host's own
(their profile's time zone): a booking made at 23:30 UTC on 31 January by a
Berlin expert's member belongs to February in Berlin. Query counts do not grow
with the number of sessions, bookings or payments: aggregates are done in the
database.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncWeek
from django.utils import timezone

from accounts.models import User
from experts.earnings import list_expert_earnings
from experts.models import ExpertIndexPage, ExpertPage
from experts.selectors import get_expert_rating
from payments.reports import LedgerTotal
from sessions.models import Booking, Review, SessionPage
from sessions.selectors import seated_q
from sessions.timezones import member_zone

Status = Booking.Status


@dataclass(frozen=True)
class Ratio:
    """part / whole, kept as counts so the page can say "18 of 24"."""

    part: int
    whole: int

    @property
    def percent(self) -> int | None:
        if not self.whole:
            return None
        return round(100 * self.part / self.whole)


@dataclass(frozen=True)
class SessionRates:
    sessions: int
    fill: Ratio
    attendance: Ratio


@dataclass(frozen=True)
class WeekBookings:
    """Bookings first made in the week starting `start` (a Monday in the
    host's time zone), by what became of them."""

    start: date
    confirmed: int = 0
    awaiting_payment: int = 0
    waitlisted: int = 0
    cancelled: int = 0

    @property
    def total(self) -> int:
        return self.confirmed + self.awaiting_payment + self.waitlisted + self.cancelled


@dataclass(frozen=True)
class MonthRevenue:
    month: date  # the first day of the month
    # Charged, refunded and net, by currency.
    totals: dict[str, LedgerTotal] = field(default_factory=dict)


@dataclass(frozen=True)
class Rating:
    average: Decimal | None
    count: int


# --- Calendar in the host's time zone --------------------------------------------


def host_zone(host: User) -> ZoneInfo:
    return member_zone(host)


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time.min, tzinfo=zone)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month_bounds(
    moment: datetime, zone: ZoneInfo, *, months_back: int = 0
) -> tuple[datetime, datetime]:
    """[start, end) of the calendar month `months_back` before the one
    `moment` falls in, in `zone`."""
    first = _add_months(moment.astimezone(zone).date().replace(day=1), -months_back)
    return _midnight(first, zone), _midnight(_add_months(first, 1), zone)


def week_start(moment: datetime, zone: ZoneInfo) -> date:
    local = moment.astimezone(zone).date()
    return local - timedelta(days=local.weekday())


# --- Dashboard reads --------------------------------------------------------------


def list_upcoming_sessions(
    host: User, *, now: datetime | None = None
) -> QuerySet[SessionPage]:
    """The host's scheduled sessions that have not ended yet (one running
    now is still theirs to run), soonest first, with `seats_taken` and
    `waitlist_length` annotated: one query however many there are."""
    now = now or timezone.now()
    return (
        SessionPage.objects.filter(
            host=host, status=SessionPage.Status.SCHEDULED, ends_at__gt=now
        )
        .annotate(
            seats_taken=Count(
                "bookings", filter=seated_q(now=now, prefix="bookings__")
            ),
            waitlist_length=Count(
                "bookings", filter=Q(bookings__status=Status.WAITLISTED)
            ),
        )
        .order_by("starts_at", "pk")
    )


def list_recent_reviews(host: User) -> QuerySet[Review]:
    return (
        Review.objects.filter(session__host=host)
        .select_related("session", "author")
        .order_by("-created_at", "-pk")
    )


def get_expert_page(host: User) -> ExpertPage | None:
    return ExpertPage.objects.filter(expert=host).first()


def get_expert_index() -> ExpertIndexPage | None:
    return ExpertIndexPage.objects.first()


# --- Money ------------------------------------------------------------------------


def earnings_this_month(
    host: User, *, now: datetime | None = None
) -> dict[str, LedgerTotal]:
    """What the host was paid this month, per currency (see
    `experts.earnings` for what counts)."""
    return revenue_per_month(host, now=now, months=1)[-1].totals


def revenue_per_month(
    host: User, *, now: datetime | None = None, months: int = 6
) -> list[MonthRevenue]:
    """The last `months` calendar months in the host's zone, oldest first,
    this one last, each with its totals per currency. Two queries however
    many months, sessions or payments."""
    now = now or timezone.now()
    zone = host_zone(host)
    start, _ = month_bounds(now, zone, months_back=months - 1)
    _, end = month_bounds(now, zone)
    per_month: dict[date, dict[str, LedgerTotal]] = {}
    for total in list_expert_earnings(host, zone=zone, start=start, end=end):
        per_month.setdefault(total.month, {})[total.currency] = total
    firsts = (_add_months(start.date(), n) for n in range(months))
    return [MonthRevenue(month=m, totals=per_month.get(m, {})) for m in firsts]


# --- Insights ---------------------------------------------------------------------

WEEK_COLUMNS = {
    Status.CONFIRMED: "confirmed",
    Status.ATTENDED: "confirmed",
    Status.NO_SHOW: "confirmed",
    Status.PENDING: "awaiting_payment",
    Status.WAITLISTED: "waitlisted",
    Status.CANCELLED: "cancelled",
}


def bookings_per_week(
    host: User, *, now: datetime | None = None, weeks: int = 12
) -> list[WeekBookings]:
    """Bookings on the host's sessions per calendar week (Monday first, in
    the host's time zone), the last `weeks` weeks with this one last.

    Nothing is left out: every booking row counts once, in the week it was
    first made (`created_at`), under what it is now: confirmed (including
    attended and no-show, who had a seat), awaiting payment, waitlisted or
    cancelled (by the member, the host, or a lapsed payment hold). Booking
    again after cancelling reuses the row, so it stays in its first week.
    """
    now = now or timezone.now()
    zone = host_zone(host)
    first = week_start(now, zone) - timedelta(weeks=weeks - 1)
    rows = (
        Booking.objects.filter(
            session__host=host, created_at__gte=_midnight(first, zone)
        )
        .annotate(week=TruncWeek("created_at", tzinfo=zone))
        .values("week", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: dict[date, dict[str, int]] = {}
    for row in rows:
        column = WEEK_COLUMNS.get(row["status"])
        if column is None:
            continue
        week = counts.setdefault(_as_date(row["week"], zone), {})
        week[column] = week.get(column, 0) + row["n"]
    return [
        WeekBookings(start=start, **counts.get(start, {}))
        for start in (first + timedelta(weeks=n) for n in range(weeks))
    ]


def _as_date(value, zone: ZoneInfo) -> date:
    # TruncWeek gives an aware datetime in `zone` (a naive one on some
    # database backends when the zone is UTC); the calendar day is the key.
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = value.astimezone(zone)
        return value.date()
    return value


def session_rates(host: User, *, now: datetime | None = None) -> SessionRates:
    """Fill and attendance over the host's sessions that have ended, were
    published (live, or published once: members could book them) and were
    not cancelled.

    Fill: seats taken / seats offered, each session capped at its capacity
    (lowering the capacity after bookings must not show 120 %). Attendance:
    attended / (attended + no-show), i.e. only where the host marked it.
    One query, a short row per past session, summed here.
    """
    now = now or timezone.now()
    rows = (
        SessionPage.objects.filter(
            Q(live=True) | Q(first_published_at__isnull=False),
            host=host,
            ends_at__lte=now,
        )
        .exclude(status=SessionPage.Status.CANCELLED)
        .annotate(
            taken=Count("bookings", filter=seated_q(now=now, prefix="bookings__")),
            attended=Count("bookings", filter=Q(bookings__status=Status.ATTENDED)),
            no_show=Count("bookings", filter=Q(bookings__status=Status.NO_SHOW)),
        )
        .values_list("max_participants", "taken", "attended", "no_show")
        .order_by()
    )
    sessions = capacity = taken = attended = no_show = 0
    for seats, seated, came, stayed_away in rows:
        sessions += 1
        capacity += seats
        taken += min(seated, seats)
        attended += came
        no_show += stayed_away
    return SessionRates(
        sessions=sessions,
        fill=Ratio(taken, capacity),
        attendance=Ratio(attended, attended + no_show),
    )


def rated_sessions(host: User, *, limit: int = 12) -> list[SessionPage]:
    """The host's most recent sessions with at least one review, newest
    first, read from the averages the review service keeps on each session."""
    return list(
        SessionPage.objects.filter(host=host, rating_count__gt=0)
        .only("pk", "title", "starts_at", "rating_average", "rating_count")
        .order_by("-starts_at", "-pk")[:limit]
    )


def overall_rating(host: User) -> Rating:
    numbers = get_expert_rating(host)
    average = numbers["average"]
    return Rating(
        average=None if average is None else Decimal(str(round(average, 2))),
        count=numbers["count"],
    )
