"""The progress part of /api/v1/ (skill tracking): your skills with their
levels, a skill's history and evidence, self-ratings, goals and evidence.
Feedback requests and sharing are in progress/api_feedback.py, assessments
in progress/api_assessments.py. The same services, rules and reads as the
/progress/ pages; JSON in and out, session authentication with CSRF;
sign-in required everywhere.

Everything is about the caller's own progress: someone else's goal,
evidence or feedback request is a 404, whether it exists or not.

Error bodies (besides DRF's `{"detail": ...}`, see core/api_errors.py):

- 400 `{"errors": {field: [message, ...]}}`: a field is invalid (an unknown
  skill, a level out of range, a date not after today, a bad address);
  nothing was stored.
- 404 `{"error": message}`: no such skill, or no such thing of yours.
- 409 `{"error": message}`: a progress rule refused the action (the
  `progress.errors` message: a goal not above your level, email not
  verified, a request already waiting, ...); nothing was changed.
"""

import inspect

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
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
from core.models import Skill
from progress import errors, selectors
from progress.api_serializers import (
    EvidenceInputSerializer,
    EvidenceSerializer,
    GoalInputSerializer,
    GoalSerializer,
    LevelRecordSerializer,
    RatingInputSerializer,
    SkillDetailSerializer,
    SkillProgressSerializer,
)
from progress.errors import ProgressError
from progress.models import Evidence, Goal
from progress.questions import SHORT_ANSWER_MAX_LENGTH
from progress.services.evidence import add_evidence, delete_evidence
from progress.services.feedback import (
    MESSAGE_MAX_LENGTH,
)
from progress.services.goals import delete_goal, set_goal
from progress.services.levels import rate_myself

SKILL_UNKNOWN = _("No such skill.")
GOAL_UNKNOWN = _("No such goal of yours.")
EVIDENCE_UNKNOWN = _("No such evidence of yours.")

# Service refusals about one field of the request: a 400 next to it, as the
# pages show them on the form.
FIELD_OF_ERROR = {
    str(errors.BAD_LEVEL): "level",
    str(errors.GOAL_DATE_NOT_FUTURE): "target_date",
    str(errors.GOAL_DATE_TOO_FAR): "target_date",
    str(errors.EVIDENCE_BAD_URL): "url",
    str(errors.EVIDENCE_NO_TITLE): "title",
    str(errors.SHARED_SKILL_NOT_TRACKED): "public_skills",
    str(errors.FEEDBACK_TOO_LONG % {"max": f"{MESSAGE_MAX_LENGTH:,}"}): "message",
    # An attempt's answers (progress.questions.clean_answers).
    **{
        str(message): "answers"
        for message in (
            errors.UNKNOWN_QUESTION,
            errors.UNKNOWN_CHOICE,
            errors.ONE_CHOICE,
            errors.CHOICE_LIST,
            errors.TEXT_ANSWER,
            errors.ANSWER_TOO_LONG % {"max": f"{SHORT_ANSWER_MAX_LENGTH:,}"},
        )
    },
}
# Refusals that mean "not yours" or "not there": the pages' lookups 404 them.
NOT_FOUND_ERRORS = {
    str(errors.FEEDBACK_NOT_YOURS),
    str(errors.NOT_YOUR_ATTEMPT),
    str(errors.ASSESSMENT_UNKNOWN),
}


# What the `<slug:...>` converter matches: anything else is no route (and
# control characters a 400 before any view runs).
SKILL_SLUG = OpenApiParameter(
    "slug",
    str,
    OpenApiParameter.PATH,
    pattern=r"^[-a-zA-Z0-9_]+$",
    description="A skill's slug.",
)


class NotFound(Exception):
    """A lookup found nothing of the caller's: 404 with `message`."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def progress_error_response(error: ProgressError) -> Response:
    """A refusal: next to its field (400), nothing to act on (404) or
    refused by a rule (409)."""
    message = str(error.message)
    if message in FIELD_OF_ERROR:
        return invalid({FIELD_OF_ERROR[message]: [error.message]})
    if message in NOT_FOUND_ERRORS:
        return error_response(error.message, 404)
    return error_response(error.message, 409)


class ProgressApi(JsonApi):
    """Signed-in members only. Services refuse with a ProgressError,
    lookups with NotFound, input with a ValidationError (JsonApi); each
    becomes its JSON answer here, so the views read straight through."""

    permission_classes = [IsAuthenticated]

    def handle_exception(self, exc):
        if isinstance(exc, ProgressError):
            return progress_error_response(exc)
        if isinstance(exc, NotFound):
            return error_response(exc.message, 404)
        return super().handle_exception(exc)


def read_input(serializer_class, request) -> dict:
    data = serializer_class(data=request.data)
    data.is_valid(raise_exception=True)
    return data.validated_data


def _skill(slug: str) -> Skill:
    skill = Skill.objects.filter(slug=slug).first()
    if skill is None:
        raise NotFound(SKILL_UNKNOWN)
    return skill


def _own(model, request, pk: int, message):
    """One of the caller's own rows; anyone else's is a 404."""
    row = model.objects.select_related("skill").filter(pk=pk, member=request.user)
    row = row.first()
    if row is None:
        raise NotFound(message)
    return row


def responses(serializer, status: int = 200, *, body: bool = False) -> dict:
    """What an operation answers: `body`, it reads JSON (and may refuse it)."""
    answers = {status: serializer, 403: FORBIDDEN, 404: NOT_FOUND}
    if body:
        answers.update({400: BAD_REQUEST, 409: CONFLICT, 415: UNSUPPORTED_MEDIA_TYPE})
    return answers


def list_responses(serializer) -> dict:
    return {**responses(serializer(many=True)), 400: BAD_REQUEST}


def paginated(view, request, rows, serializer) -> Response:
    paginator = view.pagination_class()
    page = paginator.paginate_queryset(rows, request, view=view)
    return paginator.get_paginated_response(
        serializer(page, many=True, context={"request": request}).data
    )


class ListApi(ProgressApi):
    """GET: `rows(request)`, a page at a time, read by `serializer` (set
    with the schema by `list_api`)."""

    pagination_class = ApiPagination
    serializer: type

    def rows(self, request):
        raise NotImplementedError

    def get(self, request):
        return paginated(self, request, self.rows(request), self.serializer)


def list_api(operation_id: str, serializer: type):
    """A ListApi's serializer and schema; its docstring describes it."""

    def decorate(view: type) -> type:
        view.serializer = serializer
        # The view's own docstring, also where a collection view inherits it.
        schema = extend_schema(
            operation_id=operation_id,
            description=inspect.cleandoc(view.__doc__),
            responses=list_responses(serializer),
        )
        return extend_schema_view(get=schema)(view)

    return decorate


# --- Levels ----------------------------------------------------------------------


@list_api("progress_skills_list", SkillProgressSerializer)
class SkillListApi(ListApi):
    """Your tracked skills (on your profile, or with a level or a goal), by
    name: the latest level from each source, the gap between your own
    rating and an expert's, and your open goal."""

    def rows(self, request):
        return selectors.get_overview(request.user)


SKILL_PROGRESS_FIELDS = (
    "self_rated",
    "assessed",
    "expert",
    "best_level",
    "gap",
    "goal",
    "levels_to_go",
)


def _skill_detail(request, skill: Skill) -> dict:
    member = request.user
    progress = selectors.get_skill_progress(member=member, skill=skill)
    attended = selectors.list_attended_sessions(member=member, skill=skill)
    answers = selectors.list_accepted_answers(member=member, skill=skill)
    return SkillDetailSerializer(
        {
            **{name: getattr(progress, name) for name in SKILL_PROGRESS_FIELDS},
            "skill": skill,
            "history": selectors.list_level_history(member=member, skill=skill),
            "achieved_goals": selectors.list_achieved_goals(member=member, skill=skill),
            "evidence": selectors.list_evidence(member=member, skill=skill),
            "attended_sessions": [
                {
                    "title": booking.session.title,
                    "url": booking.session.get_url(request),
                    "starts_at": booking.session.starts_at,
                }
                for booking in attended
            ],
            "accepted_answers": [
                {
                    "title": thread.title,
                    "url": request.build_absolute_uri(thread.get_absolute_url()),
                    "answered_at": thread.accepted_answer.created_at,
                }
                for thread in answers
            ],
            "assessments": selectors.list_taken_assessments(member=member, skill=skill),
        }
    ).data


class SkillDetailApi(ProgressApi):
    @extend_schema(
        operation_id="progress_skills_retrieve",
        parameters=[SKILL_SLUG],
        responses=responses(SkillDetailSerializer),
    )
    def get(self, request, slug: str):
        """Your progress in one skill (any skill of the site's vocabulary,
        tracked or not): current levels, the whole history, goals,
        evidence, and the assessments you took in it."""
        return Response(_skill_detail(request, _skill(slug)))


class RatingCreateApi(ProgressApi):
    @extend_schema(
        operation_id="progress_skills_rate",
        parameters=[SKILL_SLUG],
        request=RatingInputSerializer,
        responses=responses(LevelRecordSerializer, 201, body=True),
    )
    def post(self, request, slug: str):
        """Rate yourself in the skill (201 with the new point of your
        history); an open goal the level reaches is achieved."""
        skill = _skill(slug)
        level = read_input(RatingInputSerializer, request)["level"]
        record = rate_myself(member=request.user, skill=skill, level=level)
        return Response(LevelRecordSerializer(record).data, status=201)


# --- Goals -----------------------------------------------------------------------


@list_api("progress_goals_list", GoalSerializer)
class GoalListApi(ListApi):
    """Your goals: open ones first (soonest first), then achieved ones."""

    def rows(self, request):
        return selectors.list_goals(request.user)


class GoalSetApi(ProgressApi):
    @extend_schema(
        operation_id="progress_goals_set",
        request=GoalInputSerializer,
        responses=responses(GoalSerializer, 200, body=True),
    )
    def post(self, request):
        """Set your goal in a skill: a level above the one you have, by a
        date after today. You have one open goal per skill: this creates it,
        or changes the one you have. 409 refused (not above your level, the
        top level reached)."""
        fields = read_input(GoalInputSerializer, request)
        goal = set_goal(member=request.user, **fields)
        return Response(GoalSerializer(goal).data)


class GoalCollectionApi(GoalListApi, GoalSetApi):
    """/api/v1/progress/goals/: GET lists yours, POST sets one."""


class GoalDetailApi(ProgressApi):
    @extend_schema(
        operation_id="progress_goals_destroy",
        request=None,
        responses=responses(None, 204),
    )
    def delete(self, request, goal_id: int):
        """Delete one of your goals, open or achieved (204)."""
        goal = _own(Goal, request, goal_id, GOAL_UNKNOWN)
        delete_goal(member=request.user, goal=goal)
        return Response(status=204)


# --- Evidence --------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(
        operation_id="progress_evidence_list",
        parameters=[SKILL_SLUG],
        responses=list_responses(EvidenceSerializer),
    ),
    post=extend_schema(
        operation_id="progress_evidence_create",
        parameters=[SKILL_SLUG],
        request=EvidenceInputSerializer,
        responses=responses(EvidenceSerializer, 201, body=True),
    ),
)
class EvidenceCollectionApi(ProgressApi):
    """GET: the evidence you added for the skill, newest first. POST: add
    a project, certificate, repository or link (201); the address must
    start with https:// or http://."""

    pagination_class = ApiPagination

    def get(self, request, slug: str):
        evidence = selectors.list_evidence(member=request.user, skill=_skill(slug))
        return paginated(
            self, request, evidence.select_related("skill"), EvidenceSerializer
        )

    def post(self, request, slug: str):
        skill = _skill(slug)
        fields = read_input(EvidenceInputSerializer, request)
        evidence = add_evidence(member=request.user, skill=skill, **fields)
        return Response(EvidenceSerializer(evidence).data, status=201)


class EvidenceDetailApi(ProgressApi):
    @extend_schema(
        operation_id="progress_evidence_destroy",
        request=None,
        responses=responses(None, 204),
    )
    def delete(self, request, evidence_id: int):
        """Remove evidence you added (204)."""
        evidence = _own(Evidence, request, evidence_id, EVIDENCE_UNKNOWN)
        delete_evidence(member=request.user, evidence=evidence)
        return Response(status=204)
