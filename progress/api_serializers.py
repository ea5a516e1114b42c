"""What the progress part of /api/v1/ reads and answers (the views are in
progress/api.py and progress/api_assessments.py). Input serializers check
shapes with the pages' messages; the rules are the services'.

An attempt's questions come from progress.questions' key-less reading
(`Prompt`): nothing here can put a right choice, a keyword or an
explanation in an answer before the attempt is submitted. Only `results`,
built from a submitted attempt, carries the key."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.models import Skill
from progress import errors
from progress.models import Attempt, Evidence, FeedbackRequest, Level, LevelRecord
from progress.services.evidence import TITLE_MAX_LENGTH, URL_MAX_LENGTH
from progress.services.feedback import MESSAGE_MAX_LENGTH
from sessions.api import NamedSlugSerializer

LEVEL_ERRORS = {
    "required": errors.BAD_LEVEL,
    "invalid_choice": errors.BAD_LEVEL,
    "null": errors.BAD_LEVEL,
}
SKILL_ERRORS = {
    "required": errors.UNKNOWN_SKILL,
    "blank": errors.UNKNOWN_SKILL,
    "invalid": errors.UNKNOWN_SKILL,
    "null": errors.UNKNOWN_SKILL,
}


def level_label(level: int | None) -> str | None:
    return Level(level).label if level else None


class LevelSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=Level.choices)
    level_label = serializers.CharField(source="get_level_display")

    class Meta:
        ref_name = "ProgressLevel"


# --- Levels ----------------------------------------------------------------------


class LevelRecordSerializer(LevelSerializer):
    """One point of the history: a self-rating, an assessment's result or
    an expert's review."""

    source = serializers.ChoiceField(choices=LevelRecord.Source.choices)
    recorded_at = serializers.DateTimeField()

    class Meta:
        ref_name = "ProgressLevelRecord"


class GoalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    skill = NamedSlugSerializer()
    target_level = serializers.ChoiceField(choices=Level.choices)
    target_level_label = serializers.CharField(source="get_target_level_display")
    target_date = serializers.DateField()
    created_at = serializers.DateTimeField()
    achieved_at = serializers.DateTimeField(
        allow_null=True, help_text="null: still open (one open goal per skill)."
    )

    class Meta:
        ref_name = "ProgressGoal"


class SkillProgressSerializer(serializers.Serializer):
    """A skill as /progress/ lists it: the latest level from each source,
    the open goal and the gap between what you say and what an expert
    said."""

    skill = NamedSlugSerializer()
    self_rated = LevelRecordSerializer(allow_null=True)
    assessed = LevelRecordSerializer(allow_null=True)
    expert = LevelRecordSerializer(allow_null=True)
    best_level = serializers.IntegerField(
        allow_null=True, help_text="The highest current level; null: none yet."
    )
    gap = serializers.IntegerField(
        allow_null=True,
        help_text="Self-rated minus expert-reviewed level (positive: you rate "
        "yourself higher); null unless both exist.",
    )
    goal = GoalSerializer(allow_null=True, help_text="The open goal, if any.")
    levels_to_go = serializers.IntegerField(
        allow_null=True, help_text="Levels between your best and the goal's."
    )

    class Meta:
        ref_name = "ProgressSkill"


class EvidenceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    skill = NamedSlugSerializer()
    kind = serializers.ChoiceField(choices=Evidence.Kind.choices)
    title = serializers.CharField()
    url = serializers.URLField()
    created_at = serializers.DateTimeField()

    class Meta:
        ref_name = "ProgressEvidence"


class AttendedSessionSerializer(serializers.Serializer):
    title = serializers.CharField()
    url = serializers.CharField(allow_null=True, help_text="Its page.")
    starts_at = serializers.DateTimeField()

    class Meta:
        ref_name = "ProgressAttendedSession"


class AcceptedAnswerSerializer(serializers.Serializer):
    title = serializers.CharField(help_text="The question answered.")
    url = serializers.CharField()
    answered_at = serializers.DateTimeField()

    class Meta:
        ref_name = "ProgressAcceptedAnswer"


class AttemptSummarySerializer(serializers.Serializer):
    """An attempt as a list shows it (no questions, no answers)."""

    id = serializers.IntegerField()
    assessment_id = serializers.IntegerField(
        allow_null=True, help_text="null: the assessment was deleted."
    )
    assessment_title = serializers.CharField()
    status = serializers.ChoiceField(choices=Attempt.Status.choices)
    started_at = serializers.DateTimeField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    points = serializers.IntegerField(allow_null=True)
    max_points = serializers.IntegerField(allow_null=True)
    percent = serializers.IntegerField(allow_null=True)
    level = serializers.IntegerField(allow_null=True)
    level_label = serializers.SerializerMethodField()

    class Meta:
        ref_name = "ProgressAttemptSummary"

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_level_label(self, attempt) -> str | None:
        return level_label(attempt.level)


class SkillDetailSerializer(SkillProgressSerializer):
    """A skill's progress page: the levels, the whole history, evidence
    (yours and what the site knows: sessions attended, accepted forum
    answers) and the assessments you took."""

    history = LevelRecordSerializer(many=True, help_text="Oldest first.")
    achieved_goals = GoalSerializer(many=True)
    evidence = EvidenceSerializer(many=True, help_text="What you added.")
    attended_sessions = AttendedSessionSerializer(
        many=True, help_text="Sessions in the skill whose host marked you attended."
    )
    accepted_answers = AcceptedAnswerSerializer(
        many=True, help_text="Your forum answers accepted on questions in the skill."
    )
    assessments = AttemptSummarySerializer(many=True, help_text="Submitted ones.")

    class Meta:
        ref_name = "ProgressSkillDetail"


# --- Feedback and sharing --------------------------------------------------------


class PersonSerializer(serializers.Serializer):
    username = serializers.CharField()
    name = serializers.CharField()

    class Meta:
        ref_name = "ProgressPerson"


class FeedbackRequestSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    expert = serializers.SerializerMethodField()
    skill = NamedSlugSerializer()
    message = serializers.CharField(allow_blank=True)
    status = serializers.ChoiceField(choices=FeedbackRequest.Status.choices)
    created_at = serializers.DateTimeField()
    reviewed_level = serializers.IntegerField(allow_null=True)
    reviewed_level_label = serializers.SerializerMethodField()
    feedback = serializers.CharField(
        allow_blank=True, help_text="The expert's feedback, or why they declined."
    )
    answered_at = serializers.DateTimeField(allow_null=True)

    class Meta:
        ref_name = "ProgressFeedbackRequest"

    @extend_schema_field(PersonSerializer)
    def get_expert(self, feedback) -> dict[str, str]:
        expert = feedback.expert
        return {"username": expert.username, "name": str(expert)}

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_reviewed_level_label(self, feedback) -> str | None:
        return level_label(feedback.reviewed_level)


class SharingSerializer(serializers.Serializer):
    public_skills = NamedSlugSerializer(
        many=True, help_text="Shown as level badges on your public profile."
    )
    share_with_mentors = serializers.BooleanField(
        help_text="Mentors in an active mentorship with you may see your progress."
    )

    class Meta:
        ref_name = "ProgressSharing"


# --- Input -----------------------------------------------------------------------


def skill_slug_field(**kwargs) -> serializers.SlugField:
    return serializers.SlugField(max_length=100, error_messages=SKILL_ERRORS, **kwargs)


class RatingInputSerializer(serializers.Serializer):
    level = serializers.ChoiceField(
        choices=Level.choices,
        help_text="Your level now, 1 (novice) to 5 (expert).",
        error_messages=LEVEL_ERRORS,
    )

    class Meta:
        ref_name = "ProgressRatingInput"


class GoalInputSerializer(serializers.Serializer):
    skill = skill_slug_field(help_text="A skill's slug, from the site's vocabulary.")
    target_level = serializers.ChoiceField(
        choices=Level.choices,
        help_text="Above your current level.",
        error_messages=LEVEL_ERRORS,
    )
    target_date = serializers.DateField(
        help_text="After today, within five years.",
        error_messages={
            "required": "Choose the date you aim for.",
            "invalid": "Enter a date like 2030-06-30.",
        },
    )

    class Meta:
        ref_name = "ProgressGoalInput"

    def validate_skill(self, slug: str) -> Skill:
        skill = Skill.objects.filter(slug=slug).first()
        if skill is None:
            raise serializers.ValidationError(errors.UNKNOWN_SKILL)
        return skill


class EvidenceInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=Evidence.Kind.choices, default=Evidence.Kind.LINK
    )
    title = serializers.CharField(
        max_length=TITLE_MAX_LENGTH,
        error_messages={
            "required": errors.EVIDENCE_NO_TITLE,
            "blank": errors.EVIDENCE_NO_TITLE,
        },
    )
    url = serializers.CharField(
        max_length=URL_MAX_LENGTH,
        help_text="A web address starting with https:// or http://.",
        error_messages={
            "required": errors.EVIDENCE_BAD_URL,
            "blank": errors.EVIDENCE_BAD_URL,
        },
    )

    class Meta:
        ref_name = "ProgressEvidenceInput"


class FeedbackInputSerializer(serializers.Serializer):
    expert = serializers.CharField(
        max_length=150, help_text="The expert's (or your mentor's) username."
    )
    skill = serializers.SlugField(
        max_length=100,
        help_text="A skill on your profile or in your history, or one of the expert's.",
        error_messages=SKILL_ERRORS,
    )
    message = serializers.CharField(
        max_length=MESSAGE_MAX_LENGTH, allow_blank=True, default=""
    )

    class Meta:
        ref_name = "ProgressFeedbackInput"


class SharingInputSerializer(serializers.Serializer):
    public_skills = serializers.ListField(
        child=serializers.SlugField(max_length=100),
        max_length=200,
        help_text="Slugs of skills you have a level in.",
    )
    share_with_mentors = serializers.BooleanField()

    class Meta:
        ref_name = "ProgressSharingInput"
