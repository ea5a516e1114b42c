"""The progress part of /api/v1/ about others: feedback requests to
experts (the expert answers in the admin) and what you share. Errors as in
progress/api.py."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.response import Response

from core.api import invalid
from core.api_errors import CONFLICT
from progress import errors, selectors
from progress.api import (
    ListApi,
    NotFound,
    ProgressApi,
    list_api,
    read_input,
    responses,
)
from progress.api_serializers import (
    FeedbackInputSerializer,
    FeedbackRequestSerializer,
    SharingInputSerializer,
    SharingSerializer,
)
from progress.feedback_selectors import (
    get_askable_expert,
    list_requests_of_member,
    list_skills_to_ask_about,
)
from progress.models import FeedbackRequest
from progress.services.feedback import request_feedback, withdraw_feedback
from progress.services.sharing import save_sharing

EXPERT_UNKNOWN = _("Nobody by that name gives feedback here.")


# --- Feedback from experts -------------------------------------------------------


@list_api("progress_feedback_list", FeedbackRequestSerializer)
class FeedbackListApi(ListApi):
    """Your requests for feedback, newest first, with the experts' answers."""

    def rows(self, request):
        return list_requests_of_member(request.user)


class FeedbackCreateApi(ProgressApi):
    @extend_schema(
        operation_id="progress_feedback_create",
        request=FeedbackInputSerializer,
        responses=responses(FeedbackRequestSerializer, 201, body=True),
    )
    def post(self, request):
        """Ask an expert (by username: one with a public expert page, or
        your mentor) to review your level in a skill (201); they are
        emailed. 404 nobody by that name gives feedback; 400 a skill
        neither on your profile or history nor among theirs; 409 refused
        (yourself, email not verified, already asked, too many waiting)."""
        fields = read_input(FeedbackInputSerializer, request)
        expert = get_askable_expert(fields["expert"])
        if expert is None:
            raise NotFound(EXPERT_UNKNOWN)
        skill = (
            list_skills_to_ask_about(request.user, expert)
            .filter(slug=fields["skill"])
            .first()
        )
        if skill is None:
            return invalid({"skill": [errors.UNKNOWN_SKILL]})
        feedback = request_feedback(
            member=request.user,
            expert=expert,
            skill=skill,
            message=fields["message"],
        )
        return Response(FeedbackRequestSerializer(feedback).data, status=201)


class FeedbackCollectionApi(FeedbackListApi, FeedbackCreateApi):
    """/api/v1/progress/feedback/: GET lists yours, POST asks."""


class FeedbackWithdrawApi(ProgressApi):
    @extend_schema(
        operation_id="progress_feedback_withdraw",
        request=None,
        responses={**responses(FeedbackRequestSerializer), 409: CONFLICT},
    )
    def post(self, request, feedback_id: int):
        """Withdraw a request still waiting for its answer. 409 it was
        answered or withdrawn already."""
        feedback = FeedbackRequest(pk=feedback_id)
        feedback = withdraw_feedback(feedback=feedback, member=request.user)
        return Response(FeedbackRequestSerializer(feedback).data)


# --- Sharing ---------------------------------------------------------------------


def _sharing_data(member) -> dict:
    sharing = selectors.get_sharing(member)
    skills = sharing.public_skills.order_by("name") if sharing else []
    return SharingSerializer(
        {
            "public_skills": list(skills),
            "share_with_mentors": sharing.share_with_mentors if sharing else False,
        }
    ).data


@extend_schema_view(
    get=extend_schema(
        operation_id="progress_sharing_retrieve", responses=responses(SharingSerializer)
    ),
    put=extend_schema(
        operation_id="progress_sharing_update",
        request=SharingInputSerializer,
        responses=responses(SharingSerializer, body=True),
    ),
)
class SharingApi(ProgressApi):
    """GET: what you share (nothing until you choose). PUT, in full: the
    skills whose level shows as a badge on your public profile (only
    skills you have a level in) and whether your mentors may see your
    progress."""

    def get(self, request):
        return Response(_sharing_data(request.user))

    def put(self, request):
        fields = read_input(SharingInputSerializer, request)
        slugs = set(fields["public_skills"])
        rated = selectors.list_rated_skills(request.user).filter(slug__in=slugs)
        rated = list(rated)
        if len(rated) != len(slugs):
            return invalid({"public_skills": [errors.SHARED_SKILL_NOT_TRACKED]})
        save_sharing(
            member=request.user,
            public_skills=rated,
            share_with_mentors=fields["share_with_mentors"],
        )
        return Response(_sharing_data(request.user))
