"""The sessions part of /api/v1/: discovery, one session, and the caller's
bookings. JSON in and out, session authentication with CSRF (REST_FRAMEWORK).

Error bodies a client can rely on:

- 400 ``{"errors": {field: [message, ...]}}``: a filter or a request field is
  invalid.
- 404 ``{"error": message}``: no such live session you may see (a session
  behind a password you have not typed on its page is one), or no such
  booking of yours.
- 409 ``{"error": message}``: a sessions rule refused the action (the
  `sessions.errors` message: started, cancelled, your own session, email not
  verified, already booked, no longer cancellable). Nothing was changed.
- 403 ``{"detail": message}``: not signed in, or a missing CSRF token (DRF).
- 400, 404, 415 ``{"detail": message}``: refused before the view read the
  request: malformed JSON, control characters in the address, a body that
  is not JSON, an unknown address or page of results (core/api_errors.py).
"""

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from core.api import (
    ApiPagination,
    JsonApi,
    error_response,
    filter_parameter,
    invalid,
)
from core.api_errors import (
    BAD_REQUEST,
    FORBIDDEN,
    NOT_FOUND,
    UNSUPPORTED_MEDIA_TYPE,
    ErrorSerializer,
)
from core.converters import MAX_ID
from sessions import errors
from sessions.access import can_see_meeting_link, get_visible_session
from sessions.errors import SessionsError
from sessions.filters import ApiSessionFilter
from sessions.models import Booking, SessionPage
from sessions.selectors import (
    get_session_cards,
    list_session_cards,
    list_visible_sessions,
    seats_left,
)
from sessions.services.booking import book_session, cancel_booking

# Messages that mean "not found" rather than "refused": the session vanished
# between the lookup and the lock, or the booking is someone else's.
NOT_FOUND_MESSAGES = (errors.SESSION_UNKNOWN, errors.NOT_YOUR_BOOKING)


def sessions_error_response(exc: SessionsError) -> Response:
    status = 404 if exc.message in NOT_FOUND_MESSAGES else 409
    return error_response(exc.message, status)


# --- Serializers --------------------------------------------------------------------


class HostSerializer(serializers.Serializer):
    username = serializers.CharField()
    name = serializers.CharField()

    class Meta:
        ref_name = "SessionHost"


class NamedSlugSerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.SlugField()

    class Meta:
        ref_name = "NamedSlug"


class SessionOutputSerializer(serializers.Serializer):
    """A session as listings show it (what /sessions/ cards show)."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.SerializerMethodField()
    summary = serializers.CharField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    time_zone = serializers.CharField(help_text="The session's own IANA zone.")
    host = HostSerializer()
    category = NamedSlugSerializer(allow_null=True)
    skills = serializers.SerializerMethodField()
    format = serializers.ChoiceField(choices=SessionPage.Format.choices)
    level = serializers.ChoiceField(choices=SessionPage.Level.choices)
    status = serializers.ChoiceField(choices=SessionPage.Status.choices)
    price = serializers.DecimalField(max_digits=8, decimal_places=2)
    currency = serializers.CharField()
    seats_left = serializers.SerializerMethodField()
    rating_average = serializers.DecimalField(
        max_digits=3, decimal_places=2, allow_null=True
    )
    rating_count = serializers.IntegerField()

    class Meta:
        ref_name = "Session"

    def get_url(self, session: SessionPage) -> str | None:
        return session.get_full_url(self.context.get("request"))

    def get_skills(self, session: SessionPage) -> list[dict[str, str]]:
        # .all() reads the listing's prefetch.
        return [{"name": s.name, "slug": s.slug} for s in session.skills.all()]

    def get_seats_left(self, session: SessionPage) -> int:
        return seats_left(session)


class SessionDetailOutputSerializer(SessionOutputSerializer):
    max_participants = serializers.IntegerField()
    venue = serializers.CharField()
    prerequisites = serializers.CharField()
    meeting_url = serializers.URLField(
        required=False,
        help_text="Present only for the host, staff and confirmed participants.",
    )

    class Meta:
        ref_name = "SessionDetail"

    def to_representation(self, session):
        data = super().to_representation(session)
        if not self.context.get("show_meeting_link"):
            data.pop("meeting_url", None)
        return data


class BookingOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    session_id = serializers.IntegerField()
    session_title = serializers.CharField(source="session.title")
    status = serializers.ChoiceField(choices=Booking.Status.choices)
    hold_expires_at = serializers.DateTimeField(
        allow_null=True,
        help_text="Pending (paid) bookings: when the held seat lapses unpaid.",
    )
    created_at = serializers.DateTimeField()

    class Meta:
        ref_name = "Booking"


FILTER_PARAMETERS = [
    filter_parameter(
        "q",
        str,
        description="Words in the title, summary, description or skills; "
        "every word must match, as on /search/.",
    ),
    filter_parameter("category", str, description="Category slug."),
    filter_parameter("tag", str, description="Skill slug."),
    filter_parameter(
        "date_from", OpenApiTypes.DATE, description="Day, in your time zone."
    ),
    filter_parameter(
        "date_to", OpenApiTypes.DATE, description="Day, in your time zone."
    ),
    filter_parameter("min_rating", int, enum=[1, 2, 3, 4, 5]),
    filter_parameter("format", str, enum=SessionPage.Format.values),
    filter_parameter("level", str, enum=SessionPage.Level.values),
    filter_parameter("price", str, enum=["free", "paid"]),
    filter_parameter("sort", str, enum=["soonest", "top_rated", "newest"]),
    OpenApiParameter("include", str, many=True, enum=["past", "cancelled"]),
]


# --- Sessions -----------------------------------------------------------------------


class SessionListApi(JsonApi):
    """Live sessions the caller may see, filtered as on /sessions/ (upcoming
    and not cancelled unless `include` says otherwise). Invalid filters →
    400."""

    permission_classes = [AllowAny]
    pagination_class = ApiPagination
    OutputSerializer = SessionOutputSerializer

    @extend_schema(
        parameters=FILTER_PARAMETERS,
        responses={
            200: SessionOutputSerializer(many=True),
            400: BAD_REQUEST,
            404: NOT_FOUND,
        },
    )
    def get(self, request):
        session_filter = ApiSessionFilter(
            request.query_params, list_visible_sessions(request), viewer=request.user
        )
        if not session_filter.is_valid():
            return invalid(session_filter.errors)
        # As on /sessions/: page through bare ids, then load one page of cards
        # (seat counts for every match before limiting cost too much).
        ids = session_filter.qs.values_list("pk", flat=True)
        paginator = self.pagination_class()
        page = get_session_cards(paginator.paginate_queryset(ids, request, view=self))
        data = self.OutputSerializer(page, many=True, context={"request": request})
        return paginator.get_paginated_response(data.data)


class SessionDetailApi(JsonApi):
    """One live session the caller may see (past and cancelled ones too).
    The meeting link is included only for those `can_see_meeting_link`
    lets in."""

    permission_classes = [AllowAny]
    OutputSerializer = SessionDetailOutputSerializer

    @extend_schema(
        responses={200: SessionDetailOutputSerializer, 400: BAD_REQUEST, 404: NOT_FOUND}
    )
    def get(self, request, session_id: int):
        session = get_visible_session(request, session_id, list_session_cards())
        if session is None:
            return error_response(errors.SESSION_UNKNOWN, 404)
        context = {
            "request": request,
            "show_meeting_link": can_see_meeting_link(request, session),
        }
        return Response(self.OutputSerializer(session, context=context).data)


# --- Bookings -----------------------------------------------------------------------


def _own_bookings(user) -> QuerySet[Booking]:
    return Booking.objects.filter(member=user).select_related("session")


class BookingListApi(JsonApi):
    """The caller's bookings, soonest session first."""

    permission_classes = [IsAuthenticated]
    pagination_class = ApiPagination
    OutputSerializer = BookingOutputSerializer

    @extend_schema(
        responses={
            200: BookingOutputSerializer(many=True),
            400: BAD_REQUEST,
            403: FORBIDDEN,
            404: NOT_FOUND,
        }
    )
    def get(self, request):
        """The caller's bookings, soonest session first (any status)."""
        bookings = _own_bookings(request.user).order_by("session__starts_at", "pk")
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(bookings, request, view=self)
        return paginator.get_paginated_response(
            self.OutputSerializer(page, many=True).data
        )


class BookingCreateApi(JsonApi):
    """Book a seat: 201 with status confirmed (free), pending (paid, seat held
    until `hold_expires_at`) or waitlisted (full: not an error).

    400 bad `session_id`; 404 no such session you may see; 409 the booking
    rules refuse it (started, cancelled, your own session, email not
    verified, already booked), with the reason in `error`; 403 signed out.
    """

    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        session_id = serializers.IntegerField(min_value=1, max_value=MAX_ID)

        class Meta:
            ref_name = "BookingCreateInput"

    OutputSerializer = BookingOutputSerializer

    @extend_schema(
        request=InputSerializer,
        responses={
            201: BookingOutputSerializer,
            400: BAD_REQUEST,
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: ErrorSerializer,
            415: UNSUPPORTED_MEDIA_TYPE,
        },
    )
    def post(self, request):
        """Book a seat: 201 confirmed (free), pending (paid, held until
        `hold_expires_at`) or waitlisted (full). 400 bad `session_id`; 404
        no such session; 409 refused by the booking rules (reason in
        `error`); 403 signed out or no CSRF token."""
        data = self.InputSerializer(data=request.data)
        if not data.is_valid():
            return invalid(data.errors)
        pk = data.validated_data["session_id"]
        session = get_visible_session(request, pk)
        if session is None:
            return error_response(errors.SESSION_UNKNOWN, 404)
        try:
            booking = book_session(session=session, member=request.user)
        except SessionsError as exc:
            return sessions_error_response(exc)
        return Response(self.OutputSerializer(booking).data, status=201)


class BookingCancelApi(JsonApi):
    """Cancel one of your bookings (or leave the waitlist) before the start:
    200 with the cancelled booking (again if already cancelled); 404 not
    yours; 409 no longer cancellable (the session started or you attended)."""

    permission_classes = [IsAuthenticated]
    OutputSerializer = BookingOutputSerializer

    @extend_schema(
        operation_id="bookings_cancel",
        request=None,
        responses={
            200: BookingOutputSerializer,
            400: BAD_REQUEST,
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: ErrorSerializer,
        },
    )
    def post(self, request, booking_id: int):
        booking = _own_bookings(request.user).filter(pk=booking_id).first()
        if booking is None:
            return error_response(errors.NOT_YOUR_BOOKING, 404)
        try:
            booking = cancel_booking(booking=booking, by=request.user)
        except SessionsError as exc:
            return sessions_error_response(exc)
        return Response(self.OutputSerializer(booking).data)


class BookingCollectionApi(BookingListApi, BookingCreateApi):
    """/api/v1/bookings/: GET lists the caller's bookings, POST books (the
    two views above, on one collection URL)."""
