"""The mentorship part of /api/v1/: the caller's questionnaire, their
matches, and their mentorships from request to end (conversations and 1:1
sessions are in api_one_to_ones.py). The same services as the HTML pages,
JSON in and out, session authentication with CSRF; sign-in required
everywhere.

Error bodies (besides DRF's `{"detail": ...}`, see core/api_errors.py):

- 400 `{"errors": {field: [message, ...]}}`: a field is invalid; nothing
  was stored.
- 404 `{"error": message}`: no such mentorship (or message, or 1:1) of
  yours. Someone else's is a 404 too, never a 403: whether it exists is none
  of the caller's business. A service's "not yours" refusal (answering a
  request sent to someone else, withdrawing the mentor's side) is a 404 as
  well, as the HTML pages' lookups answer it.
- 409 `{"error": message}`: a mentorship rule refused the action (the
  `mentorship.errors` message); nothing was changed. /matches/ answers 409
  before the questionnaire is saved.
"""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from core.api import ApiPagination, JsonApi, error_response, invalid
from core.api_errors import (
    BAD_REQUEST,
    CONFLICT,
    FORBIDDEN,
    NOT_FOUND,
    UNSUPPORTED_MEDIA_TYPE,
)
from experts.selectors import list_visible_experts
from mentorship import errors
from mentorship.api_serializers import (
    ActionMessageSerializer,
    MatchesSerializer,
    MentorshipRequestSerializer,
    MentorshipSerializer,
    PlanSerializer,
    QuestionnaireSerializer,
)
from mentorship.errors import MentorshipError
from mentorship.models import Mentorship
from mentorship.one_to_one_selectors import get_own_mentorship_or_404
from mentorship.selectors import (
    get_mentee_profile,
    list_availability,
    list_mentorships_of_member,
)
from mentorship.services import (
    accept_mentorship,
    cancel_mentorship,
    complete_mentorship,
    decline_mentorship,
    pause_mentorship,
    request_mentorship,
    resume_mentorship,
    save_questionnaire,
    update_plan,
    withdraw_mentorship,
)
from mentorship.suggestions import find_matches

NO_QUESTIONNAIRE = _(
    "Tell us what you want to learn first (PUT /api/v1/questionnaire/); then "
    "we suggest mentors."
)
MENTORSHIP_UNKNOWN = _("No such mentorship of yours.")
# Service refusals that mean "not yours": the HTML pages' lookups 404 them.
NOT_YOURS = (
    errors.NOT_YOUR_REQUEST,
    errors.NOT_YOUR_MENTORSHIP,
    errors.NOT_A_PARTICIPANT,
)


def mentorship_error_response(exc: MentorshipError) -> Response:
    return error_response(exc.message, 404 if exc.message in NOT_YOURS else 409)


def get_own_mentorship(user, mentorship_id: int) -> Mentorship | None:
    """The mentorship if `user` is its mentor or mentee, else None."""
    try:
        return get_own_mentorship_or_404(user, mentorship_id)
    except Http404:
        return None


class MemberApi(JsonApi):
    permission_classes = [IsAuthenticated]


# --- The questionnaire ---------------------------------------------------------------


def _questionnaire(profile, user) -> dict:
    return {
        "goals": profile.goals,
        "preferred_format": profile.preferred_format,
        "frequency": profile.frequency,
        "time_zone": profile.time_zone,
        "languages": [row.language for row in profile.languages.all()],
        "budget_kind": profile.budget_kind,
        "budget_max": profile.budget_max,
        "currency": profile.currency,
        "target_skills": list(profile.target_skills.all()),
        "availability": list(list_availability(user)),
        "updated_at": profile.updated_at,
    }


@extend_schema_view(
    get=extend_schema(
        responses={200: QuestionnaireSerializer, 403: FORBIDDEN, 404: NOT_FOUND}
    ),
    put=extend_schema(
        request=QuestionnaireSerializer,
        responses={
            200: QuestionnaireSerializer,
            400: BAD_REQUEST,
            403: FORBIDDEN,
            404: NOT_FOUND,
            415: UNSUPPORTED_MEDIA_TYPE,
        },
    ),
)
class QuestionnaireApi(MemberApi):
    """GET: your answers to the mentee questionnaire (404 before you have
    answered). PUT: answer it, or answer again, in full: what you want to
    achieve, target skills with levels, format, frequency, weekly
    availability in your time zone, languages and budget. Validated as the
    form at /mentorship/ validates it: 400 names each field, and nothing
    is stored."""

    Serializer = QuestionnaireSerializer

    def get(self, request):
        profile = get_mentee_profile(request.user)
        if profile is None:
            return error_response(NO_QUESTIONNAIRE, 404)
        return Response(self.Serializer(_questionnaire(profile, request.user)).data)

    def put(self, request):
        data = self.Serializer(data=request.data)
        if not data.is_valid():
            return invalid(data.errors)
        answers = dict(data.validated_data)
        for name in ("target_skills", "availability"):
            answers.pop(name)
        try:
            save_questionnaire(user=request.user, **answers)
        except MentorshipError as error:
            # The rules the serializer asked first; anything left is the
            # questionnaire as a whole.
            return invalid({"non_field_errors": [error.message]})
        profile = get_mentee_profile(request.user)
        return Response(self.Serializer(_questionnaire(profile, request.user)).data)


# --- Matches --------------------------------------------------------------------------


class MatchesApi(MemberApi):
    """The mentors that fit your questionnaire best, best first, with a score
    out of 100 and the reasons in plain words (as /mentorship/matches/).
    409 before you have answered the questionnaire."""

    @extend_schema(
        responses={
            200: MatchesSerializer,
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: CONFLICT,
        }
    )
    def get(self, request):
        results = find_matches(request.user)
        if results is None:
            return error_response(NO_QUESTIONNAIRE, 409)
        return Response(MatchesSerializer(results, context={"request": request}).data)


# --- Mentorships ----------------------------------------------------------------------


class MentorshipListApi(MemberApi):
    pagination_class = ApiPagination

    @extend_schema(
        responses={
            200: MentorshipSerializer(many=True),
            400: BAD_REQUEST,
            403: FORBIDDEN,
            404: NOT_FOUND,
        }
    )
    def get(self, request):
        """Your mentorships, as mentor or mentee, newest request first (any
        status); `role` says which side you are on."""
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            list_mentorships_of_member(request.user), request, view=self
        )
        data = MentorshipSerializer(page, many=True, context={"request": request})
        return paginator.get_paginated_response(data.data)


class MentorshipCreateApi(MemberApi):
    @extend_schema(
        request=MentorshipRequestSerializer,
        responses={
            201: MentorshipSerializer,
            400: BAD_REQUEST,
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: CONFLICT,
            415: UNSUPPORTED_MEDIA_TYPE,
        },
    )
    def post(self, request):
        """Ask an expert (`mentor`: their username) for mentorship: 201 with
        the request, waiting for their answer. 404 nobody by that name
        offers mentorship; 409 refused (yourself, email not verified, not
        taking mentees, no place left, a request already waiting or already
        their mentee)."""
        data = MentorshipRequestSerializer(data=request.data)
        if not data.is_valid():
            return invalid(data.errors)
        page = (
            list_visible_experts()
            .select_related("expert")
            .filter(
                expert__username__iexact=data.validated_data["mentor"],
                expert__is_active=True,
            )
            .first()
        )
        if page is None:
            return error_response(errors.NOT_A_MENTOR, 404)
        try:
            mentorship = request_mentorship(
                mentor_page=page,
                mentee=request.user,
                goals=data.validated_data["goals"],
                message=data.validated_data["message"],
            )
        except MentorshipError as error:
            return mentorship_error_response(error)
        context = {"request": request}
        return Response(MentorshipSerializer(mentorship, context=context).data, 201)


class MentorshipCollectionApi(MentorshipListApi, MentorshipCreateApi):
    """/api/v1/mentorships/: GET lists yours, POST asks for one."""


class MentorshipDetailApi(MemberApi):
    @extend_schema(
        responses={200: MentorshipSerializer, 403: FORBIDDEN, 404: NOT_FOUND}
    )
    def get(self, request, mentorship_id: int):
        """One of your mentorships."""
        mentorship = get_own_mentorship(request.user, mentorship_id)
        if mentorship is None:
            return error_response(MENTORSHIP_UNKNOWN, 404)
        context = {"request": request}
        return Response(MentorshipSerializer(mentorship, context=context).data)

    @extend_schema(
        request=PlanSerializer,
        responses={
            200: MentorshipSerializer,
            400: BAD_REQUEST,
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: CONFLICT,
            415: UNSUPPORTED_MEDIA_TYPE,
        },
    )
    def put(self, request, mentorship_id: int):
        """Rewrite the goals and shared notes (while active or paused)."""
        mentorship = get_own_mentorship(request.user, mentorship_id)
        if mentorship is None:
            return error_response(MENTORSHIP_UNKNOWN, 404)
        data = PlanSerializer(data=request.data)
        if not data.is_valid():
            return invalid(data.errors)
        try:
            mentorship = update_plan(
                mentorship=mentorship,
                user=request.user,
                goals=data.validated_data["goals"],
                notes=data.validated_data["shared_notes"],
            )
        except MentorshipError as error:
            return mentorship_error_response(error)
        context = {"request": request}
        return Response(MentorshipSerializer(mentorship, context=context).data)


class MentorshipActionApi(MemberApi):
    """POST changes one of your mentorships through `act`; 200 with it."""

    takes_message = False

    def act(self, mentorship: Mentorship, user, **kwargs) -> Mentorship:
        raise NotImplementedError

    def post(self, request, mentorship_id: int):
        mentorship = get_own_mentorship(request.user, mentorship_id)
        if mentorship is None:
            return error_response(MENTORSHIP_UNKNOWN, 404)
        kwargs = {}
        if self.takes_message:
            data = ActionMessageSerializer(data=request.data)
            if not data.is_valid():
                return invalid(data.errors)
            kwargs = data.validated_data
        try:
            mentorship = self.act(mentorship, request.user, **kwargs)
        except MentorshipError as error:
            return mentorship_error_response(error)
        context = {"request": request}
        return Response(MentorshipSerializer(mentorship, context=context).data)


def _action(name: str, service, *, by: str, takes_message: bool, doc: str) -> type:
    """A MentorshipActionApi calling `service` with the caller as `by`."""

    def act(self, mentorship, user, **kwargs):
        return service(mentorship=mentorship, **{by: user}, **kwargs)

    view = type(
        f"Mentorship{name.title()}Api",
        (MentorshipActionApi,),
        {"act": act, "takes_message": takes_message, "__doc__": doc},
    )
    responses = {
        200: MentorshipSerializer,
        400: BAD_REQUEST,
        403: FORBIDDEN,
        404: NOT_FOUND,
        409: CONFLICT,
    }
    if takes_message:
        responses[415] = UNSUPPORTED_MEDIA_TYPE
    schema = extend_schema(
        operation_id=f"mentorships_{name}",
        description=doc,
        request=ActionMessageSerializer if takes_message else None,
        responses=responses,
    )
    return extend_schema_view(post=schema)(view)


MentorshipAcceptApi = _action(
    "accept",
    accept_mentorship,
    by="mentor",
    takes_message=True,
    doc="The mentor accepts a waiting request, if a mentee place is left "
    "(409 otherwise); `message` goes to the mentee.",
)
MentorshipDeclineApi = _action(
    "decline",
    decline_mentorship,
    by="mentor",
    takes_message=True,
    doc="The mentor declines a waiting request; `message` goes to the mentee.",
)
MentorshipWithdrawApi = _action(
    "withdraw",
    withdraw_mentorship,
    by="mentee",
    takes_message=False,
    doc="The mentee takes back a request nobody has answered yet.",
)
MentorshipPauseApi = _action(
    "pause",
    pause_mentorship,
    by="user",
    takes_message=False,
    doc="Either side pauses an active mentorship; the mentee's place is "
    "free for someone else meanwhile.",
)
MentorshipResumeApi = _action(
    "resume",
    resume_mentorship,
    by="user",
    takes_message=False,
    doc="Either side resumes a paused mentorship, if the mentor still has a "
    "place (409 otherwise).",
)
MentorshipCompleteApi = _action(
    "complete",
    complete_mentorship,
    by="user",
    takes_message=False,
    doc="Either side marks an active or paused mentorship as completed.",
)
MentorshipCancelApi = _action(
    "cancel",
    cancel_mentorship,
    by="user",
    takes_message=False,
    doc="Either side ends an active or paused mentorship early (a waiting "
    "request is withdrawn instead).",
)
