"""The assessments part of /api/v1/: the assessments you may see, one
assessment's rules and your attempts at it, starting, answering and
submitting an attempt, and its result. The same services and reads as the
/assessments/ pages; sign-in required everywhere; errors as in
progress/api.py (400 a field, 404 nothing of yours, 409 a rule refused).

No answer before submission holds an answer key (see
progress/api_assessment_serializers.py). An attempt is its member's alone:
anyone else's is a 404, whether it exists or not. An attempt left past its
deadline is submitted when it is next read, as the attempt page does.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.response import Response

from core.access import can_see_page
from core.api_errors import CONFLICT
from progress.api import (
    ListApi,
    NotFound,
    ProgressApi,
    list_api,
    read_input,
    responses,
)
from progress.api_assessment_serializers import (
    AnswersInputSerializer,
    AssessmentDetailSerializer,
    AssessmentSerializer,
    AttemptSerializer,
    SubmitInputSerializer,
)
from progress.assessment_selectors import (
    get_member_attempt,
    get_retake_at,
    list_member_attempts,
    list_visible_assessments,
)
from progress.models import AssessmentPage, Attempt
from progress.questions import read_prompts
from progress.services.assessments import (
    is_overdue,
    save_answers,
    start_attempt,
    submit_attempt,
    submit_if_overdue,
)

ASSESSMENT_UNKNOWN = _("No such assessment here.")
ATTEMPT_UNKNOWN = _("No such attempt of yours.")


def _assessment(request, assessment_id: int) -> AssessmentPage:
    """A published assessment the caller may see (view restrictions too:
    starting one checks only that it is published)."""
    page = AssessmentPage.objects.live().filter(pk=assessment_id).first()
    if page is None or not can_see_page(request, page):
        raise NotFound(ASSESSMENT_UNKNOWN)
    return page


def _own_attempt(request, attempt_id: int) -> Attempt:
    attempt = get_member_attempt(request.user, attempt_id)
    if attempt is None:
        raise NotFound(ATTEMPT_UNKNOWN)
    return attempt


def attempt_data(attempt: Attempt) -> dict:
    context = {"prompts": read_prompts(attempt.questions)}
    return AttemptSerializer(attempt, context=context).data


@list_api("assessments_list", AssessmentSerializer)
class AssessmentListApi(ListApi):
    """The published assessments you may see, by title."""

    def rows(self, request):
        return list_visible_assessments(request)


class AssessmentDetailApi(ProgressApi):
    @extend_schema(
        operation_id="assessments_retrieve",
        responses=responses(AssessmentDetailSerializer),
    )
    def get(self, request, assessment_id: int):
        """An assessment: what it covers, how many questions, the time
        limit, the retake rule and levels by score; your attempts, the one
        under way and when you may start again. Never its questions."""
        page = _assessment(request, assessment_id)
        attempts = list(list_member_attempts(request.user, page))
        under_way = any(a.status == Attempt.Status.IN_PROGRESS for a in attempts)
        context = {
            "request": request,
            "attempts": attempts,
            "retake_at": None if under_way else get_retake_at(request.user, page),
        }
        return Response(AssessmentDetailSerializer(page, context=context).data)


class AttemptStartApi(ProgressApi):
    @extend_schema(
        operation_id="assessments_start",
        request=None,
        responses={**responses(AttemptSerializer), 409: CONFLICT},
    )
    def post(self, request, assessment_id: int):
        """Start the assessment, or continue your attempt under way: the
        attempt with its questions (prompts and choices only). 409 refused:
        email not verified, or taken recently (the message says from when
        you may retake it)."""
        page = _assessment(request, assessment_id)
        attempt = start_attempt(member=request.user, assessment=page)
        return Response(attempt_data(attempt))


@extend_schema_view(
    get=extend_schema(
        operation_id="assessments_attempts_retrieve",
        responses=responses(AttemptSerializer),
    ),
    put=extend_schema(
        operation_id="assessments_attempts_update",
        request=AnswersInputSerializer,
        responses=responses(AttemptSerializer, body=True),
    ),
    patch=extend_schema(
        operation_id="assessments_attempts_partial_update",
        request=AnswersInputSerializer,
        responses=responses(AttemptSerializer, body=True),
    ),
)
class AttemptDetailApi(ProgressApi):
    """GET: your attempt; in progress, its questions and your answers so
    far; submitted, your score, level and each question's result with the
    right answers and explanations. PUT or PATCH: save answers as you go
    (`answers` given are saved, others kept; an empty one clears it). 400
    an answer to no question of this attempt, a choice not offered or of
    the wrong shape; 409 already submitted, or the time is up."""

    def get(self, request, attempt_id: int):
        attempt = _own_attempt(request, attempt_id)
        if is_overdue(attempt):
            # Past its deadline: submitted now, as the attempt page does.
            attempt = submit_if_overdue(attempt=attempt)
        return Response(attempt_data(attempt))

    def put(self, request, attempt_id: int):
        attempt = _own_attempt(request, attempt_id)
        answers = read_input(AnswersInputSerializer, request)["answers"]
        attempt = save_answers(attempt=attempt, member=request.user, answers=answers)
        return Response(attempt_data(attempt))

    def patch(self, request, attempt_id: int):
        return self.put(request, attempt_id)


class AttemptSubmitApi(ProgressApi):
    @extend_schema(
        operation_id="assessments_attempts_submit",
        request=SubmitInputSerializer,
        responses=responses(AttemptSerializer, body=True),
    )
    def post(self, request, attempt_id: int):
        """Hand your attempt in, with `answers` saved first (past the
        deadline they are ignored and what was saved is scored). Scored at
        once, unless short answers wait for an expert's marks. 409 already
        submitted."""
        attempt = _own_attempt(request, attempt_id)
        answers = read_input(SubmitInputSerializer, request).get("answers")
        attempt = submit_attempt(attempt=attempt, member=request.user, answers=answers)
        return Response(attempt_data(attempt))
