"""What the assessments part of /api/v1/ answers (the views are in
progress/api_assessments.py).

The answer key stays out of every answer until the attempt is submitted:
an assessment is described without its questions, an attempt in progress
carries `questions` read by progress.questions.read_prompts (prompts and
choices, no key), and only `results`, built from a submitted attempt as the
result page builds it, names the right choices, keywords and
explanations."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from progress import scoring
from progress.api_serializers import AttemptSummarySerializer
from progress.assessment_context import result_rows
from progress.models import Attempt, Level
from progress.questions import KINDS
from sessions.api import NamedSlugSerializer

OUTCOMES = [
    (scoring.RIGHT, "Right"),
    (scoring.PARTLY, "Partly right"),
    (scoring.WRONG, "Wrong"),
    (scoring.UNANSWERED, "Not answered"),
    (scoring.AWAITING, "Awaiting marking"),
]
KIND_CHOICES = [(kind, kind.replace("_", " ").capitalize()) for kind in KINDS]
ANSWER_HELP = (
    "{question id: answer}: a choice id (single choice), a list of choice "
    "ids (multiple choice) or text (short answer); null or empty clears one."
)


class AssessmentSerializer(serializers.Serializer):
    """An assessment as /assessments/ lists it."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.SerializerMethodField(help_text="Its page.")
    summary = serializers.CharField()
    skill = NamedSlugSerializer()
    time_limit_minutes = serializers.IntegerField(
        allow_null=True, help_text="null: no time limit."
    )
    retake_after_days = serializers.IntegerField(
        help_text="Days to wait after submitting before taking it again."
    )

    class Meta:
        ref_name = "Assessment"

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_url(self, page) -> str | None:
        return page.get_url(self.context.get("request"))


class BandSerializer(serializers.Serializer):
    min_percent = serializers.IntegerField(help_text="From this score (%) up…")
    level = serializers.IntegerField(help_text="…the attempt reaches this level.")
    level_label = serializers.CharField(source="get_level_display")

    class Meta:
        ref_name = "AssessmentBand"


class AssessmentDetailSerializer(AssessmentSerializer):
    """An assessment's page for you: its rules, your attempts, and whether
    you may start (never its questions)."""

    # Context: "request", "attempts" (yours, newest first), "retake_at".

    intro = serializers.CharField(help_text="What it covers and how it is scored.")
    question_count = serializers.SerializerMethodField()
    bands = serializers.SerializerMethodField(help_text="Levels by score.")
    attempts = serializers.SerializerMethodField(
        help_text="Your submitted attempts, newest first."
    )
    in_progress_attempt_id = serializers.SerializerMethodField(
        help_text="Your attempt under way, if any: continue it."
    )
    retake_at = serializers.SerializerMethodField(
        help_text="When you may start again, if not now."
    )

    class Meta:
        ref_name = "AssessmentDetail"

    def get_question_count(self, page) -> int:
        return len(page.questions)

    @extend_schema_field(BandSerializer(many=True))
    def get_bands(self, page) -> list[dict]:
        bands = sorted(page.bands.all(), key=lambda band: band.min_percent)
        return BandSerializer(bands, many=True).data

    @extend_schema_field(AttemptSummarySerializer(many=True))
    def get_attempts(self, page) -> list[dict]:
        submitted = [
            attempt
            for attempt in self.context["attempts"]
            if attempt.status != Attempt.Status.IN_PROGRESS
        ]
        return AttemptSummarySerializer(submitted, many=True).data

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_in_progress_attempt_id(self, page) -> int | None:
        return next(
            (
                attempt.pk
                for attempt in self.context["attempts"]
                if attempt.status == Attempt.Status.IN_PROGRESS
            ),
            None,
        )

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_retake_at(self, page):
        retake_at = self.context["retake_at"]
        return serializers.DateTimeField().to_representation(retake_at)


# --- Attempts -------------------------------------------------------------------


class ChoiceSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="What an answer names.")
    text = serializers.CharField()

    class Meta:
        ref_name = "AssessmentChoice"


class PromptSerializer(serializers.Serializer):
    """A question as the member answering sees it."""

    id = serializers.CharField(help_text="The key of its answer in `answers`.")
    kind = serializers.ChoiceField(choices=KIND_CHOICES)
    number = serializers.IntegerField()
    prompt = serializers.CharField()
    points = serializers.IntegerField()
    choices = ChoiceSerializer(many=True, help_text="Empty for a short answer.")

    class Meta:
        ref_name = "AssessmentPrompt"


class ResultRowSerializer(serializers.Serializer):
    """A question of a submitted attempt, with its answer key."""

    question_id = serializers.CharField(source="question.id")
    number = serializers.IntegerField(source="question.number")
    kind = serializers.ChoiceField(source="question.kind", choices=KIND_CHOICES)
    prompt = serializers.CharField(source="question.prompt")
    points = serializers.IntegerField(source="question.points")
    choices = ChoiceSerializer(source="question.choices", many=True)
    given = serializers.ListField(
        child=serializers.CharField(),
        help_text="What you answered: your choices' texts, or your words.",
    )
    outcome = serializers.ChoiceField(choices=OUTCOMES)
    mark = serializers.IntegerField(
        allow_null=True, help_text="Your points; null while awaiting marking."
    )
    correct_choices = serializers.SerializerMethodField(
        help_text="Ids of the right choices (empty for a short answer)."
    )
    keywords = serializers.ListField(
        source="question.keywords",
        child=serializers.CharField(),
        help_text="Words that earn a short answer its points (empty: marked "
        "by an expert).",
    )
    explanation = serializers.CharField(source="question.explanation")

    class Meta:
        ref_name = "AssessmentResultRow"

    def get_correct_choices(self, row) -> list[str]:
        return [choice.id for choice in row.question.correct_choices]


class AttemptSerializer(serializers.Serializer):
    """Your attempt: its questions (prompts only) and your answers while in
    progress; once submitted, also the score and `results`."""

    # Context: "prompts" (progress.questions.read_prompts of the attempt).

    id = serializers.IntegerField()
    assessment_id = serializers.IntegerField(
        allow_null=True, help_text="null: the assessment was deleted since."
    )
    assessment_title = serializers.CharField()
    skill = NamedSlugSerializer()
    status = serializers.ChoiceField(
        choices=Attempt.Status.choices,
        help_text="`awaiting_review`: short answers wait for an expert's marks.",
    )
    started_at = serializers.DateTimeField()
    deadline_at = serializers.DateTimeField(
        allow_null=True,
        help_text="Answers are taken until then; null: no time limit.",
    )
    submitted_at = serializers.DateTimeField(allow_null=True)
    questions = serializers.SerializerMethodField()
    answers = serializers.DictField(help_text=ANSWER_HELP)
    points = serializers.IntegerField(allow_null=True)
    max_points = serializers.IntegerField(allow_null=True)
    percent = serializers.IntegerField(allow_null=True)
    level = serializers.IntegerField(allow_null=True)
    level_label = serializers.SerializerMethodField()
    results = serializers.SerializerMethodField(
        help_text="null until submitted: then each question with the right "
        "answers, your marks and the explanations."
    )

    class Meta:
        ref_name = "AssessmentAttempt"

    @extend_schema_field(PromptSerializer(many=True))
    def get_questions(self, attempt) -> list[dict]:
        return PromptSerializer(self.context["prompts"], many=True).data

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_level_label(self, attempt) -> str | None:
        return Level(attempt.level).label if attempt.level else None

    @extend_schema_field(ResultRowSerializer(many=True, allow_null=True))
    def get_results(self, attempt) -> list[dict] | None:
        if attempt.status == Attempt.Status.IN_PROGRESS:
            return None
        return ResultRowSerializer(result_rows(attempt), many=True).data


class AnswersInputSerializer(serializers.Serializer):
    answers = serializers.DictField(
        child=serializers.JSONField(allow_null=True), help_text=ANSWER_HELP
    )

    class Meta:
        ref_name = "AssessmentAnswersInput"


class SubmitInputSerializer(serializers.Serializer):
    answers = serializers.DictField(
        child=serializers.JSONField(allow_null=True),
        required=False,
        help_text=f"Saved first, unless the time is up. {ANSWER_HELP}",
    )

    class Meta:
        ref_name = "AssessmentSubmitInput"
