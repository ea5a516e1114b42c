"""What the mentorship part of /api/v1/ reads and answers (the views are in
mentorship/api.py and api_one_to_ones.py). Input serializers check shapes
and the limits the HTML forms check, with the same messages; the rules are
the questionnaire module's and the services'."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts import errors as account_errors
from accounts.validators import time_zone_names
from core.converters import MAX_ID
from core.models import Skill
from experts.models import LANGUAGE_CHOICES
from mentorship import errors
from mentorship.models import (
    CONVERSATION_MESSAGE_MAX_LENGTH,
    GOALS_MAX_LENGTH,
    MESSAGE_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    SHARED_NOTES_MAX_LENGTH,
    MenteeProfile,
    Mentorship,
    OneToOne,
)
from mentorship.one_to_ones import LONGEST, SHORTEST
from mentorship.questionnaire import (
    MAX_TARGET_SKILLS,
    MAX_WINDOWS,
    SkillTarget,
    Window,
    overlapping_windows,
    repeated_skills,
    target_problem,
    window_problem,
)
from payments.models import CURRENCY_CHOICES
from sessions import errors as session_errors
from sessions.forms import FIRST_YEAR, LAST_YEAR
from sessions.timezones import skipped_by_the_clocks

TIME_FORMAT = "%H:%M"
EITHER_END = "Give either ends_at or duration_minutes, not both."
NO_END = "Give ends_at or duration_minutes."

# --- People ------------------------------------------------------------------------


class PersonSerializer(serializers.Serializer):
    username = serializers.CharField()
    name = serializers.CharField()

    class Meta:
        ref_name = "MentorshipPerson"


def person(user) -> dict:
    return {"username": user.username, "name": user.name or user.username}


# --- The questionnaire -------------------------------------------------------------


class TargetSkillSerializer(serializers.Serializer):
    skill = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Skill.objects.all(),
        help_text="A skill's slug, as /api/v1/sessions/?tag= takes it.",
        error_messages={"does_not_exist": "Choose a skill from the list."},
    )
    skill_name = serializers.CharField(source="skill.name", read_only=True)
    current_level = serializers.IntegerField(min_value=1, max_value=5)
    target_level = serializers.IntegerField(min_value=1, max_value=5)

    class Meta:
        ref_name = "MentorshipTargetSkill"

    def validate(self, data):
        problem = target_problem(SkillTarget(**data))
        if problem:
            raise serializers.ValidationError({"target_level": [problem]})
        return data


class WindowSerializer(serializers.Serializer):
    weekday = serializers.IntegerField(
        min_value=0, max_value=6, help_text="0 is Monday, 6 is Sunday."
    )
    starts_at = serializers.TimeField(format=TIME_FORMAT, input_formats=[TIME_FORMAT])
    ends_at = serializers.TimeField(format=TIME_FORMAT, input_formats=[TIME_FORMAT])

    class Meta:
        ref_name = "MentorshipAvailabilityWindow"

    def validate(self, data):
        problem = window_problem(Window(**data))
        if problem:
            raise serializers.ValidationError({"ends_at": [problem]})
        return data


class QuestionnaireSerializer(serializers.Serializer):
    """In and out: PUT sends it all (the HTML form does too); what is left
    out of the lists is removed."""

    goals = serializers.CharField(
        max_length=GOALS_MAX_LENGTH,
        error_messages={
            "required": errors.GOALS_REQUIRED,
            "blank": errors.GOALS_REQUIRED,
        },
    )
    preferred_format = serializers.ChoiceField(choices=MenteeProfile.Format.choices)
    frequency = serializers.ChoiceField(choices=MenteeProfile.Frequency.choices)
    time_zone = serializers.CharField(
        max_length=64, help_text="An IANA zone name; the windows are in this zone."
    )
    languages = serializers.ListField(
        child=serializers.ChoiceField(choices=LANGUAGE_CHOICES),
        max_length=len(LANGUAGE_CHOICES),
        default=list,
    )
    budget_kind = serializers.ChoiceField(choices=MenteeProfile.Budget.choices)
    budget_max = serializers.DecimalField(
        max_digits=8,
        decimal_places=2,
        min_value=1,
        allow_null=True,
        default=None,
        help_text="Per 1:1 session; only with budget_kind paid.",
    )
    currency = serializers.ChoiceField(choices=CURRENCY_CHOICES)
    target_skills = TargetSkillSerializer(
        many=True, max_length=MAX_TARGET_SKILLS, default=list
    )
    availability = WindowSerializer(many=True, max_length=MAX_WINDOWS, default=list)
    updated_at = serializers.DateTimeField(read_only=True)

    class Meta:
        ref_name = "MentorshipQuestionnaire"

    def validate_time_zone(self, value: str) -> str:
        if value not in time_zone_names():
            raise serializers.ValidationError(account_errors.UNKNOWN_TIME_ZONE)
        return value

    def validate(self, data):
        problems: dict[str, list] = {}
        kind, amount = data.get("budget_kind"), data.get("budget_max")
        if kind == MenteeProfile.Budget.PAID and not amount:
            problems["budget_max"] = [errors.BUDGET_MAX_REQUIRED]
        if kind == MenteeProfile.Budget.FREE and amount is not None:
            problems["budget_max"] = [errors.BUDGET_MAX_FOR_FREE]
        targets = [SkillTarget(**row) for row in data.get("target_skills", [])]
        for index in repeated_skills(targets):
            problems[f"target_skills[{index}].skill"] = [errors.SKILL_TWICE]
        windows = [Window(**row) for row in data.get("availability", [])]
        for index in overlapping_windows(windows):
            problems[f"availability[{index}].starts_at"] = [errors.WINDOWS_OVERLAP]
        if problems:
            raise serializers.ValidationError(problems)
        data["targets"] = targets
        data["windows"] = windows
        return data


# --- Matches -----------------------------------------------------------------------


class SuggestedMentorSerializer(serializers.Serializer):
    mentor = serializers.SerializerMethodField()
    headline = serializers.CharField(source="page.headline")
    url = serializers.SerializerMethodField(help_text="The mentor's expert page.")
    score = serializers.IntegerField(source="match.score", min_value=0, max_value=100)
    reasons = serializers.ListField(
        source="match.reasons",
        child=serializers.CharField(),
        help_text="Why they fit, in plain words, as /mentorship/matches/ says.",
    )
    rate = serializers.DecimalField(
        source="match.mentor.rate",
        max_digits=8,
        decimal_places=2,
        help_text="Per 1:1 session; 0 is free.",
    )
    currency = serializers.CharField(source="match.mentor.currency")
    rate_text = serializers.CharField()

    class Meta:
        ref_name = "MentorshipSuggestedMentor"

    @extend_schema_field(PersonSerializer)
    def get_mentor(self, suggestion) -> dict:
        return person(suggestion.page.expert)

    def get_url(self, suggestion) -> str | None:
        return suggestion.page.get_full_url(self.context.get("request"))


class MatchesSerializer(serializers.Serializer):
    suggestions = SuggestedMentorSerializer(many=True)
    already_open = serializers.IntegerField(
        help_text="Mentors left out because you already asked them or work with them."
    )

    class Meta:
        ref_name = "MentorshipMatches"


# --- Mentorships -------------------------------------------------------------------


class MentorshipSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=Mentorship.Status.choices)
    role = serializers.SerializerMethodField(
        help_text="Whether you are the mentor or the mentee here."
    )
    mentor = serializers.SerializerMethodField()
    mentee = serializers.SerializerMethodField()
    goals = serializers.CharField()
    shared_notes = serializers.CharField(
        help_text="What both keep track of together; either may change it."
    )
    notes_updated_at = serializers.DateTimeField(allow_null=True)
    request_message = serializers.CharField()
    reply_message = serializers.CharField()
    requested_at = serializers.DateTimeField()
    responded_at = serializers.DateTimeField(allow_null=True)
    started_at = serializers.DateTimeField(allow_null=True)
    ended_at = serializers.DateTimeField(allow_null=True)

    class Meta:
        ref_name = "Mentorship"

    @extend_schema_field(serializers.ChoiceField(choices=["mentor", "mentee"]))
    def get_role(self, mentorship) -> str:
        user = self.context["request"].user
        return "mentor" if user.pk == mentorship.mentor_id else "mentee"

    @extend_schema_field(PersonSerializer)
    def get_mentor(self, mentorship) -> dict:
        return person(mentorship.mentor)

    @extend_schema_field(PersonSerializer)
    def get_mentee(self, mentorship) -> dict:
        return person(mentorship.mentee)


class PlanSerializer(serializers.Serializer):
    goals = serializers.CharField(
        max_length=GOALS_MAX_LENGTH,
        error_messages={"required": errors.GOALS_EMPTY, "blank": errors.GOALS_EMPTY},
    )
    shared_notes = serializers.CharField(
        max_length=SHARED_NOTES_MAX_LENGTH, allow_blank=True, default=""
    )

    class Meta:
        ref_name = "MentorshipPlanInput"


class MentorshipRequestSerializer(serializers.Serializer):
    mentor = serializers.CharField(max_length=150, help_text="The expert's username.")
    goals = serializers.CharField(
        max_length=GOALS_MAX_LENGTH,
        error_messages={"required": errors.GOALS_EMPTY, "blank": errors.GOALS_EMPTY},
    )
    message = serializers.CharField(
        max_length=MESSAGE_MAX_LENGTH, allow_blank=True, default=""
    )

    class Meta:
        ref_name = "MentorshipRequestInput"


class ActionMessageSerializer(serializers.Serializer):
    message = serializers.CharField(
        max_length=MESSAGE_MAX_LENGTH,
        allow_blank=True,
        default="",
        help_text="Optional; accept and decline pass it on to the mentee.",
    )

    class Meta:
        ref_name = "MentorshipActionInput"


# --- Messages ----------------------------------------------------------------------


class MessageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    sender = serializers.SerializerMethodField()
    body = serializers.CharField(
        help_text="Plain text as typed: escape it before showing it as HTML."
    )
    reply_to = serializers.IntegerField(source="reply_to_id", allow_null=True)
    created_at = serializers.DateTimeField()
    read_at = serializers.DateTimeField(allow_null=True)

    class Meta:
        ref_name = "MentorshipMessage"

    @extend_schema_field(PersonSerializer)
    def get_sender(self, message) -> dict:
        return person(message.sender)


class MessageInputSerializer(serializers.Serializer):
    body = serializers.CharField(
        max_length=CONVERSATION_MESSAGE_MAX_LENGTH,
        error_messages={
            "required": errors.MESSAGE_EMPTY,
            "blank": errors.MESSAGE_EMPTY,
            "max_length": errors.CONVERSATION_MESSAGE_TOO_LONG,
        },
    )
    reply_to = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        allow_null=True,
        default=None,
        help_text="A message of this conversation you answer.",
    )

    class Meta:
        ref_name = "MentorshipMessageInput"


# --- 1:1 sessions ------------------------------------------------------------------


class OneToOneSerializer(serializers.Serializer):
    """A 1:1 as one participant sees it, with what they may do to it now
    (the buttons the HTML page shows them)."""

    id = serializers.IntegerField(source="one_to_one.pk")
    mentorship_id = serializers.IntegerField(source="one_to_one.mentorship_id")
    status = serializers.ChoiceField(
        source="one_to_one.status", choices=OneToOne.Status.choices
    )
    proposed_by = serializers.CharField(
        source="one_to_one.proposed_by.username", help_text="A username."
    )
    starts_at = serializers.DateTimeField(source="one_to_one.starts_at")
    ends_at = serializers.DateTimeField(source="one_to_one.ends_at")
    note = serializers.CharField(source="one_to_one.note")
    price = serializers.DecimalField(
        source="one_to_one.price", max_digits=8, decimal_places=2
    )
    currency = serializers.CharField(source="one_to_one.currency")
    meeting_url = serializers.CharField(source="one_to_one.meeting_url")
    can_answer = serializers.BooleanField(help_text="Accept or decline.")
    can_cancel = serializers.BooleanField()
    can_pay = serializers.BooleanField(help_text="POST its checkout/.")
    can_complete = serializers.BooleanField()

    class Meta:
        ref_name = "OneToOne"


def meeting_url_field() -> serializers.URLField:
    return serializers.URLField(
        max_length=500,
        allow_blank=True,
        default="",
        help_text="The mentor's video call link; mentors only.",
    )


class OneToOneProposeSerializer(serializers.Serializer):
    """As the HTML form: a start and an end (or a length). A time without
    an offset is read on your own clock (your profile's zone), as typed
    into the form."""

    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField(required=False)
    duration_minutes = serializers.IntegerField(
        required=False,
        min_value=SHORTEST.seconds // 60,
        max_value=LONGEST.seconds // 60,
    )
    note = serializers.CharField(
        max_length=NOTE_MAX_LENGTH,
        allow_blank=True,
        default="",
        error_messages={"max_length": errors.NOTE_TOO_LONG},
    )
    meeting_url = meeting_url_field()

    class Meta:
        ref_name = "OneToOneProposeInput"

    def __init__(self, *args, zone: ZoneInfo | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if zone is not None:
            for name in ("starts_at", "ends_at"):
                self.fields[name].timezone = zone

    def _instant(self, name: str, value: datetime | None) -> datetime | None:
        """In UTC, where adding and comparing count real minutes (on a
        zone's clock they count wall-clock ones, and the night the clocks
        change an hour would go missing)."""
        if value is None:
            return None
        problem = None
        if not FIRST_YEAR <= value.year <= LAST_YEAR:
            problem = session_errors.YEAR_OUT_OF_RANGE % {
                "first": FIRST_YEAR,
                "last": LAST_YEAR,
            }
        elif skipped_by_the_clocks(value):
            problem = session_errors.TIME_SKIPPED % {"zone": value.tzinfo}
        if problem:
            raise serializers.ValidationError({name: [problem]})
        return value.astimezone(UTC)

    def validate(self, data):
        ends, minutes = data.get("ends_at"), data.pop("duration_minutes", None)
        if ends is not None and minutes is not None:
            raise serializers.ValidationError({"ends_at": [EITHER_END]})
        if ends is None and minutes is None:
            raise serializers.ValidationError({"ends_at": [NO_END]})
        data["starts_at"] = self._instant("starts_at", data["starts_at"])
        if ends is None:
            data["ends_at"] = data["starts_at"] + timedelta(minutes=minutes)
        else:
            data["ends_at"] = self._instant("ends_at", ends)
        if data["ends_at"] <= data["starts_at"]:
            raise serializers.ValidationError(
                {"ends_at": [session_errors.TIMES_INVALID]}
            )
        return data


class OneToOneAcceptSerializer(serializers.Serializer):
    meeting_url = meeting_url_field()

    class Meta:
        ref_name = "OneToOneAcceptInput"


class CheckoutSerializer(serializers.Serializer):
    checkout_url = serializers.URLField(
        help_text="Stripe Checkout: send the mentee there to pay."
    )

    class Meta:
        ref_name = "OneToOneCheckout"
