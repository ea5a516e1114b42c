"""Inside one of your mentorships, in /api/v1/: its conversation and its 1:1
sessions (propose, answer, cancel, complete, pay). The same services as
/mentorship/<id>/conversation/ and /mentorship/<id>/sessions/; error bodies
as mentorship/api.py describes them. A 1:1 or a conversation of a
mentorship you are not in is a 404."""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework.response import Response

from core.api import ApiPagination, error_response, invalid
from core.api_errors import (
    BAD_REQUEST,
    CONFLICT,
    FORBIDDEN,
    NOT_FOUND,
    UNSUPPORTED_MEDIA_TYPE,
    ErrorSerializer,
)
from mentorship import errors, messaging
from mentorship import one_to_ones as services
from mentorship.api import (
    MENTORSHIP_UNKNOWN,
    MemberApi,
    get_own_mentorship,
    mentorship_error_response,
)
from mentorship.api_serializers import (
    CheckoutSerializer,
    MessageInputSerializer,
    MessageSerializer,
    OneToOneAcceptSerializer,
    OneToOneProposeSerializer,
    OneToOneSerializer,
)
from mentorship.errors import MentorshipError
from mentorship.messaging_selectors import list_thread
from mentorship.models import OneToOne
from mentorship.one_to_one_selectors import (
    OneToOneRow,
    get_own_one_to_one_or_404,
    list_one_to_ones,
    one_to_one_row,
)
from payments import errors as payment_errors
from payments.errors import PaymentsError
from payments.models import Kind
from payments.services.checkout import start_checkout
from sessions.timezones import member_zone

ONE_TO_ONE_UNKNOWN = _("No such 1:1 session of yours.")
# What the message form shows next to its fields rather than above them.
BODY_ERRORS = (errors.MESSAGE_EMPTY, errors.CONVERSATION_MESSAGE_TOO_LONG)
UNAVAILABLE = OpenApiResponse(
    response=ErrorSerializer,
    description="Stripe could not be reached; nothing was charged, try again.",
)


def _list_responses(serializer) -> dict:
    return {
        200: serializer(many=True),
        400: BAD_REQUEST,
        403: FORBIDDEN,
        404: NOT_FOUND,
    }


def _post_responses(serializer, status: int = 201) -> dict:
    return {
        status: serializer,
        400: BAD_REQUEST,
        403: FORBIDDEN,
        404: NOT_FOUND,
        409: CONFLICT,
        415: UNSUPPORTED_MEDIA_TYPE,
    }


# --- The conversation --------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(responses=_list_responses(MessageSerializer)),
    post=extend_schema(
        request=MessageInputSerializer, responses=_post_responses(MessageSerializer)
    ),
)
class MessageCollectionApi(MemberApi):
    """GET: the conversation, newest message first, paged; reading it marks
    what was sent to you as read (as the conversation page does). POST:
    send a message (201); plain text, kept as typed, up to 5,000
    characters. 409 once the mentorship has ended (the thread is then
    read-only)."""

    pagination_class = ApiPagination

    def get(self, request, mentorship_id: int):
        mentorship = get_own_mentorship(request.user, mentorship_id)
        if mentorship is None:
            return error_response(MENTORSHIP_UNKNOWN, 404)
        messaging.mark_read(mentorship=mentorship, user=request.user)
        paginator = self.pagination_class()
        newest_first = list_thread(mentorship).order_by("-created_at", "-pk")
        page = paginator.paginate_queryset(newest_first, request, view=self)
        data = MessageSerializer(page, many=True).data
        return paginator.get_paginated_response(data)

    def post(self, request, mentorship_id: int):
        mentorship = get_own_mentorship(request.user, mentorship_id)
        if mentorship is None:
            return error_response(MENTORSHIP_UNKNOWN, 404)
        data = MessageInputSerializer(data=request.data)
        if not data.is_valid():
            return invalid(data.errors)
        reply_to = None
        if data.validated_data["reply_to"] is not None:
            reply_to = (
                list_thread(mentorship)
                .filter(pk=data.validated_data["reply_to"])
                .first()
            )
            if reply_to is None:
                return invalid({"reply_to": [errors.REPLY_ELSEWHERE]})
        try:
            message = messaging.send_message(
                mentorship=mentorship,
                sender=request.user,
                body=data.validated_data["body"],
                reply_to=reply_to,
            )
        except MentorshipError as error:
            if error.message in BODY_ERRORS:
                return invalid({"body": [error.message]})
            return mentorship_error_response(error)
        return Response(MessageSerializer(message).data, status=201)


# --- 1:1 sessions ------------------------------------------------------------------


def _row(one_to_one: OneToOne, user) -> OneToOneRow:
    return one_to_one_row(one_to_one, user, timezone.now())


@extend_schema_view(
    get=extend_schema(responses=_list_responses(OneToOneSerializer)),
    post=extend_schema(
        request=OneToOneProposeSerializer,
        responses=_post_responses(OneToOneSerializer),
    ),
)
class OneToOneCollectionApi(MemberApi):
    """GET: the mentorship's 1:1 sessions, latest first, each with what you
    may do to it now. POST: propose one (201), in an active mentorship:
    `starts_at` and `ends_at` (or `duration_minutes`, 15 to 180) and a
    note; the mentor may add `meeting_url`. The price is the mentor's rate
    now, kept for this 1:1. 409 refused (not active, in the past, too short
    or long, the mentor has a confirmed 1:1 then)."""

    pagination_class = ApiPagination

    def get(self, request, mentorship_id: int):
        mentorship = get_own_mentorship(request.user, mentorship_id)
        if mentorship is None:
            return error_response(MENTORSHIP_UNKNOWN, 404)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            list_one_to_ones(mentorship), request, view=self
        )
        now = timezone.now()
        rows = []
        for one_to_one in page:
            one_to_one.mentorship = mentorship
            rows.append(one_to_one_row(one_to_one, request.user, now))
        return paginator.get_paginated_response(
            OneToOneSerializer(rows, many=True).data
        )

    def post(self, request, mentorship_id: int):
        mentorship = get_own_mentorship(request.user, mentorship_id)
        if mentorship is None:
            return error_response(MENTORSHIP_UNKNOWN, 404)
        data = OneToOneProposeSerializer(
            data=request.data, zone=member_zone(request.user)
        )
        if not data.is_valid():
            return invalid(data.errors)
        try:
            one_to_one = services.propose_one_to_one(
                mentorship=mentorship, by=request.user, **data.validated_data
            )
        except MentorshipError as error:
            if error.message == errors.MEETING_URL_MENTOR_ONLY:
                return invalid({"meeting_url": [error.message]})
            return mentorship_error_response(error)
        return Response(
            OneToOneSerializer(_row(one_to_one, request.user)).data, status=201
        )


def get_own_one_to_one(user, one_to_one_id: int) -> OneToOne | None:
    try:
        return get_own_one_to_one_or_404(user, one_to_one_id)
    except Http404:
        return None


class OneToOneActionApi(MemberApi):
    """POST answers or changes one of your 1:1s; 200 with it."""

    Input = None

    def act(self, one_to_one: OneToOne, user, **kwargs) -> OneToOne:
        raise NotImplementedError

    def post(self, request, one_to_one_id: int):
        one_to_one = get_own_one_to_one(request.user, one_to_one_id)
        if one_to_one is None:
            return error_response(ONE_TO_ONE_UNKNOWN, 404)
        kwargs = {}
        if self.Input is not None:
            data = self.Input(data=request.data)
            if not data.is_valid():
                return invalid(data.errors)
            kwargs = data.validated_data
        try:
            one_to_one = self.act(one_to_one, request.user, **kwargs)
        except MentorshipError as error:
            if error.message == errors.MEETING_URL_MENTOR_ONLY:
                return invalid({"meeting_url": [error.message]})
            return mentorship_error_response(error)
        return Response(OneToOneSerializer(_row(one_to_one, request.user)).data)


def _action(name: str, service, *, doc: str, takes=None) -> type:
    def act(self, one_to_one, user, **kwargs):
        return service(one_to_one=one_to_one, by=user, **kwargs)

    view = type(
        f"OneToOne{name.title()}Api",
        (OneToOneActionApi,),
        {"act": act, "Input": takes, "__doc__": doc},
    )
    responses = _post_responses(OneToOneSerializer, status=200)
    if takes is None:
        del responses[415]
    schema = extend_schema(
        operation_id=f"one_to_ones_{name}",
        description=doc,
        request=takes,
        responses=responses,
    )
    return extend_schema_view(post=schema)(view)


OneToOneAcceptApi = _action(
    "accept",
    services.accept_one_to_one,
    takes=OneToOneAcceptSerializer,
    doc="The other participant accepts a proposed time: a free 1:1 is "
    "confirmed; a paid one waits for the mentee's payment (`checkout/`). "
    "The mentor may set `meeting_url`.",
)
OneToOneDeclineApi = _action(
    "decline",
    services.decline_one_to_one,
    doc="The other participant turns a proposed time down.",
)
OneToOneCancelApi = _action(
    "cancel",
    services.cancel_one_to_one,
    doc="Either participant calls it off before the start (the proposer "
    "withdraws a proposal this way). A paid, confirmed 1:1 is refunded by the "
    "refund policy (always in full when the mentor cancels).",
)
OneToOneCompleteApi = _action(
    "complete",
    services.complete_one_to_one,
    doc="The mentor marks a confirmed 1:1 that has ended as done.",
)


class OneToOneCheckoutApi(MemberApi):
    @extend_schema(
        operation_id="one_to_ones_checkout",
        request=None,
        responses={
            200: CheckoutSerializer,
            400: BAD_REQUEST,
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: CONFLICT,
            503: UNAVAILABLE,
        },
    )
    def post(self, request, one_to_one_id: int):
        """The mentee of a paid 1:1 waiting for payment gets a Stripe
        Checkout page to pay on (the same purchase as the page's "Pay to
        confirm" button); the webhook confirms the 1:1 once Stripe has the
        money. 409 nothing to pay (free, not accepted yet, already paid,
        started, or you are the mentor) or payments not set up here; 503
        Stripe could not be reached."""
        one_to_one = get_own_one_to_one(request.user, one_to_one_id)
        if one_to_one is None:
            return error_response(ONE_TO_ONE_UNKNOWN, 404)
        try:
            url = start_checkout(
                user=request.user, kind=Kind.MENTORSHIP, object_id=one_to_one.pk
            )
        except PaymentsError as error:
            # Stripe down is worth a retry; everything else (payments not
            # set up here either) is a refusal.
            down = error.message == payment_errors.STRIPE_UNAVAILABLE
            status = 503 if down else 409
            return error_response(error.message, status)
        return Response({"checkout_url": url})
