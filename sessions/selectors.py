"""Reads of sessions that pages, the dashboard and the API reuse."""

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from core.access import visible_pages
from core.images import CARD_COVER, prefetch_renditions
from sessions.models import Booking, SessionIndexPage, SessionPage, SessionPageSkill


def seated_q(*, now=None, prefix: str = "") -> Q:
    """Bookings that hold a seat: seated statuses, minus payment holds that
    lapsed (their seat is free again even before the expiry task runs).
    `prefix` is "bookings__" when filtering from the session side."""
    now = now or timezone.now()
    return Q(**{f"{prefix}status__in": Booking.SEATED}) & ~Q(
        **{
            f"{prefix}status": Booking.Status.PENDING,
            f"{prefix}hold_expires_at__lte": now,
        }
    )


def seats_taken(session: SessionPage, *, now=None) -> int:
    """Seats counted against capacity; uses the listing's annotation if present."""
    annotated = getattr(session, "seats_taken", None)
    if isinstance(annotated, int):
        return annotated
    return Booking.objects.filter(seated_q(now=now), session_id=session.pk).count()


def get_member_booking(session: SessionPage, user) -> Booking | None:
    """`user`'s booking of `session` in any status (a constraint allows one),
    read once per page instance: the booking panel and the reviews panel
    both ask. For rendering only; a write reads the row it locks."""
    if not getattr(user, "is_authenticated", False):
        return None
    memo = session.__dict__.setdefault("_member_bookings", {})
    if user.pk not in memo:
        memo[user.pk] = Booking.objects.filter(session=session, member=user).first()
    return memo[user.pk]


def seats_left(session: SessionPage) -> int:
    return max(session.max_participants - seats_taken(session), 0)


def list_visible_sessions(viewer=None) -> QuerySet[SessionPage]:
    """Live sessions the viewer may see (core.access), bare: cheap to
    filter, sort and count. Without a viewer, those anyone may see: what
    pages list for everyone alike."""
    return visible_pages(SessionPage.objects.all(), viewer)


def get_session_cards(ids: list[int]) -> list[SessionPage]:
    """The sessions with these ids, in this order, with what a card shows.

    Listings paginate bare ids first and load the cards for one page only:
    counting seats for every matching session before sorting and limiting
    cost 180 ms a page with 10,000 sessions on SQLite.
    """
    cards = _with_card_data(SessionPage.objects.filter(pk__in=ids))
    by_id = {session.pk: session for session in cards}
    return [by_id[pk] for pk in ids if pk in by_id]


def with_seats_taken(queryset: QuerySet[SessionPage]) -> QuerySet[SessionPage]:
    """`seats_taken` annotated, for seats_taken() and seats_left() to read."""
    return queryset.annotate(
        seats_taken=Count("bookings", filter=seated_q(prefix="bookings__"))
    )


def get_first_session_cards(
    sessions: QuerySet[SessionPage], limit: int
) -> list[SessionPage]:
    """The first `limit` of `sessions`, in their order, with what
    sessions/components/session_card.html shows (not the skills), in one
    query: the limit applies in a subquery, so seats are counted for those
    few only."""
    first = SessionPage.objects.filter(pk__in=sessions.values("pk")[:limit])
    return list(_with_card_fields(first).order_by(*sessions.query.order_by))


def _with_card_fields(queryset: QuerySet[SessionPage]) -> QuerySet[SessionPage]:
    return with_seats_taken(
        queryset.select_related("host", "category", "cover_image").prefetch_related(
            prefetch_renditions("cover_image", CARD_COVER)
        )
    )


def _with_card_data(queryset: QuerySet[SessionPage]) -> QuerySet[SessionPage]:
    # The API lists a session's skills (sessions.api); the card does not.
    return _with_card_fields(queryset).prefetch_related("skills")


def list_session_cards() -> QuerySet[SessionPage]:
    """Every session with what a card shows, whoever may see it: for
    looking one up and then asking core.access about it."""
    return _with_card_data(SessionPage.objects.all())


def list_public_sessions() -> QuerySet[SessionPage]:
    """Live sessions anyone may see, with what a card shows joined in and the
    seat count annotated, so a page of cards costs the same few queries
    however many sessions there are."""
    return _with_card_data(list_visible_sessions())


def list_upcoming_sessions() -> QuerySet[SessionPage]:
    return list_public_sessions().filter(
        status=SessionPage.Status.SCHEDULED, starts_at__gte=timezone.now()
    )


@dataclass(frozen=True)
class NextDates:
    """Where a past (or cancelled) session sends its readers next."""

    sessions: list[SessionPage] = field(default_factory=list)
    # True when `sessions` holds one later date of this same session: the
    # same host running it again under the same title (hosting's "open
    # another date" copies both). Otherwise the host's next sessions.
    same_session: bool = False


def get_next_dates(session: SessionPage, *, limit: int = 3) -> NextDates:
    """The next date of `session`, else its host's next upcoming sessions.

    Sessions have no series of their own: a repeat is a new page with the
    same host and title, so that is what "the same session" means. One
    query: the repeats sort first.
    """
    repeat = Case(
        When(title__iexact=session.title, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    upcoming = list(
        list_visible_sessions()
        .filter(
            host_id=session.host_id,
            status=SessionPage.Status.SCHEDULED,
            starts_at__gt=timezone.now(),
        )
        .exclude(pk=session.pk)
        .annotate(repeat=repeat)
        .order_by("repeat", "starts_at", "pk")[:limit]
    )
    if upcoming and upcoming[0].repeat == 0:
        return NextDates(sessions=upcoming[:1], same_session=True)
    return NextDates(sessions=upcoming)


def sessions_with_skill(slug: str) -> QuerySet[SessionPageSkill]:
    return SessionPageSkill.objects.filter(tag__slug=slug).values("content_object_id")


def list_sessions_for_discovery(
    params: Mapping[str, str], *, viewer=None
) -> QuerySet[SessionPage]:
    """The sessions /sessions/ lists for these query parameters; invalid
    values are ignored here (the page shows them as form errors)."""
    # Imported here: the filter module builds on this one's querysets.
    from sessions.filters import SessionFilter

    return SessionFilter(params, viewer=viewer).qs


def get_index_for_new_session(user):
    """The session index where `user` may add a session, as Wagtail's admin
    decides it (the page permission tester), or None."""
    for index in SessionIndexPage.objects.live().order_by("path"):
        if (
            SessionPage in index.specific_class.creatable_subpage_models()
            and index.permissions_for_user(user).can_add_subpage()
        ):
            return index
    return None
