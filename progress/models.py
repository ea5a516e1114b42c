"""Skill assessment and progress: assessments experts write (Wagtail pages)
and what members do with them and with their skills (plain models): attempts,
the history of their levels from three sources, goals, evidence, what they
share, and feedback they ask of experts."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from core.http import private_if_signed_in
from core.models import BasePage, Skill
from progress import errors, scoring
from progress.admin_forms import AssessmentPageForm
from progress.blocks import QuestionStreamBlock

# Slugs below the assessment index that Django's URLs already answer.
RESERVED_SLUGS = frozenset({"attempts"})


class Level(models.IntegerChoices):
    """How well someone knows a skill (the Dreyfus model's five stages), the
    one scale for self-ratings, assessments and experts' reviews."""

    NOVICE = 1, _("Novice")
    ADVANCED_BEGINNER = 2, _("Advanced beginner")
    COMPETENT = 3, _("Competent")
    PROFICIENT = 4, _("Proficient")
    EXPERT = 5, _("Expert")


def level_field(verbose_name, **kwargs):
    return models.PositiveSmallIntegerField(
        verbose_name,
        choices=Level.choices,
        validators=[MinValueValidator(Level.NOVICE), MaxValueValidator(Level.EXPERT)],
        **kwargs,
    )


# --- Assessments (pages) -------------------------------------------------------


class AssessmentIndexPage(BasePage):
    """/assessments/: every published assessment, by skill."""

    intro = models.TextField(_("intro"), blank=True, max_length=500)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["progress.AssessmentPage"]
    max_count = 1

    seo_description_sources = ["search_description", "intro"]
    template = "progress/assessment_index_page.html"

    class Meta:
        verbose_name = _("assessment index")

    def get_context(self, request, *args, **kwargs):
        # Imported here: the context builder reads this module's models.
        from progress.assessment_context import assessment_index_context

        context = super().get_context(request, *args, **kwargs)
        context.update(assessment_index_context(self, request))
        return context


class AssessmentPage(BasePage):
    """A quiz on one skill whose score maps to a level through its bands.

    The questions' answer keys live in `questions` (progress.blocks) and are
    never rendered: the page shows an introduction and a start button; the
    attempt pages show prompts only, until the attempt is submitted."""

    skill = models.ForeignKey(
        Skill,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("skill"),
    )
    summary = models.TextField(
        _("summary"),
        max_length=300,
        help_text=_("One or two sentences for listings and search results."),
    )
    intro = models.TextField(
        _("before you start"),
        max_length=2000,
        blank=True,
        help_text=_("What it covers and how it is scored; shown before starting."),
    )
    questions = StreamField(QuestionStreamBlock())
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
        help_text=_("Leave empty for no limit."),
    )
    retake_after_days = models.PositiveSmallIntegerField(
        _("retake after (days)"),
        default=7,
        validators=[MaxValueValidator(365)],
        help_text=_("How long a member waits before taking it again."),
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("skill"),
        FieldPanel("summary"),
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("time_limit_minutes"), FieldPanel("retake_after_days")]
                )
            ],
            heading=_("Rules"),
        ),
        InlinePanel(
            "bands",
            label=_("Levels by score"),
            min_num=1,
            help_text=_(
                "From which score (in % of the points) each level is reached; "
                "one band must start at 0 %."
            ),
        ),
        FieldPanel("questions"),
    ]

    # The questions are not indexed: their text holds the answer keys.
    search_fields = BasePage.search_fields + [
        index.SearchField("summary"),
        index.SearchField("intro"),
        index.RelatedFields("skill", [index.SearchField("name")]),
    ]

    parent_page_types = ["progress.AssessmentIndexPage"]
    subpage_types: list[str] = []
    seo_description_sources = ["search_description", "summary"]
    template = "progress/assessment_page.html"
    # Checks the level bands together before saving.
    base_form_class = AssessmentPageForm

    class Meta:
        verbose_name = _("assessment")

    def clean(self):
        super().clean()
        # Asked on every save (the editor, copy, move): /assessments/attempts/
        # is served by progress.urls_assessments, ahead of the page tree.
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": errors.RESERVED_SLUG % {"slug": self.slug}})

    def get_context(self, request, *args, **kwargs):
        # Imported here: the context builder reads this module's models.
        from progress.assessment_context import assessment_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(assessment_page_context(self, request))
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        return private_if_signed_in(request, response)


class LevelBand(Orderable):
    """From `min_percent` of the points up, the attempt reaches `level`."""

    page = ParentalKey(AssessmentPage, on_delete=models.CASCADE, related_name="bands")
    min_percent = models.PositiveSmallIntegerField(
        _("from score (%)"), validators=[MaxValueValidator(100)]
    )
    level = level_field(_("level"))

    panels = [FieldRowPanel([FieldPanel("min_percent"), FieldPanel("level")])]

    class Meta(Orderable.Meta):
        verbose_name = _("level band")


# --- What members do --------------------------------------------------------------


class Attempt(models.Model):
    """One member taking one assessment. The questions are copied when it
    starts, so an edit to the page never changes an attempt under way or the
    score of one already taken."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        # Short answers without keywords wait for an expert's marks.
        AWAITING_REVIEW = "awaiting_review", _("Awaiting review")
        SCORED = "scored", _("Scored")

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="assessment_attempts",
    )
    # Kept when the page goes: the member's history outlives it.
    assessment = models.ForeignKey(
        AssessmentPage, on_delete=models.SET_NULL, null=True, related_name="attempts"
    )
    assessment_title = models.CharField(max_length=255)
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.IN_PROGRESS
    )
    # The page's `questions` stream (raw data, answer keys included) and
    # bands [[min_percent, level], ...] as they were at the start.
    questions = models.JSONField()
    bands = models.JSONField()
    # {question block id: the member's answer}; saved as they go.
    answers = models.JSONField(default=dict, blank=True)
    # {question block id: points}, once scored (by keyword or by hand).
    marks = models.JSONField(default=dict, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    deadline_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    scored_at = models.DateTimeField(null=True, blank=True)
    points = models.PositiveIntegerField(null=True, blank=True)
    max_points = models.PositiveIntegerField(null=True, blank=True)
    level = level_field(_("level"), null=True, blank=True)

    class Meta:
        verbose_name = _("assessment attempt")
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "assessment"],
                condition=Q(status="in_progress"),
                name="progress_one_attempt_in_progress",
            )
        ]
        indexes = [models.Index(fields=["member", "skill", "-started_at"])]

    def __str__(self) -> str:
        return f"{self.member} · {self.assessment_title}"

    @property
    def percent(self) -> int | None:
        """Whole percent, rounded down like the bands compare
        (progress.scoring)."""
        if self.points is None or not self.max_points:
            return None
        return scoring.percent(self.points, self.max_points)


class FeedbackRequest(models.Model):
    """A member asks an expert (often their mentor) to review their level in
    a skill; the expert answers with a level and written feedback."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for the expert")
        REVIEWED = "reviewed", _("Reviewed")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="feedback_requests",
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="feedback_to_give",
    )
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    message = models.TextField(
        _("what you would like feedback on"), max_length=2000, blank=True
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(default=timezone.now)
    reviewed_level = level_field(_("reviewed level"), null=True, blank=True)
    feedback = models.TextField(_("feedback"), max_length=5000, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("feedback request")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "expert", "skill"],
                condition=Q(status="open"),
                name="progress_one_open_request_per_expert_and_skill",
            ),
            models.CheckConstraint(
                condition=~Q(member=models.F("expert")),
                name="progress_feedback_not_from_oneself",
            ),
        ]
        indexes = [models.Index(fields=["expert", "status"])]

    def __str__(self) -> str:
        return f"{self.member} asks {self.expert} about {self.skill}"


class LevelRecord(models.Model):
    """A member's level in a skill on a date, from one source: what they
    said themselves, what an assessment scored, what an expert reviewed.
    The latest of each source is the current level; all of them are the
    history the charts draw."""

    class Source(models.TextChoices):
        SELF = "self", _("Self-rated")
        ASSESSMENT = "assessment", _("Assessed")
        EXPERT = "expert", _("Expert-reviewed")

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="level_records"
    )
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=10, choices=Source.choices)
    level = level_field(_("level"))
    recorded_at = models.DateTimeField(default=timezone.now)
    attempt = models.OneToOneField(
        Attempt, on_delete=models.CASCADE, null=True, blank=True, related_name="record"
    )
    feedback = models.OneToOneField(
        FeedbackRequest,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="record",
    )

    class Meta:
        verbose_name = _("level record")
        ordering = ["recorded_at", "pk"]
        indexes = [models.Index(fields=["member", "skill", "source", "-recorded_at"])]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(source="self", attempt__isnull=True, feedback__isnull=True)
                    | Q(
                        source="assessment",
                        attempt__isnull=False,
                        feedback__isnull=True,
                    )
                    | Q(source="expert", attempt__isnull=True, feedback__isnull=False)
                ),
                name="progress_record_names_its_source",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.skill}: {self.get_level_display()}"


class Goal(models.Model):
    """Reach `target_level` in a skill by a date; one open goal per skill."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="skill_goals"
    )
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    target_level = level_field(_("target level"))
    target_date = models.DateField(_("by"))
    created_at = models.DateTimeField(default=timezone.now)
    achieved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("goal")
        ordering = ["target_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "skill"],
                condition=Q(achieved_at__isnull=True),
                name="progress_one_open_goal_per_skill",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.skill} {self.get_target_level_display()}"


class Evidence(models.Model):
    """Something a member points to as proof of a skill: a project, a
    certificate, a repository, any link. Sessions attended and accepted
    forum answers count too, but are read where they live, not copied."""

    class Kind(models.TextChoices):
        PROJECT = "project", _("Project")
        CERTIFICATE = "certificate", _("Certificate")
        REPOSITORY = "repository", _("Code repository")
        LINK = "link", _("Other link")

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="skill_evidence",
    )
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.LINK)
    title = models.CharField(_("title"), max_length=120)
    url = models.URLField(_("link"), max_length=500)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class ProgressSharing(models.Model):
    """What a member shows of their progress. Private by default: no row,
    nothing shared."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="progress_sharing",
    )
    # Shown as level badges on their public profile.
    public_skills = models.ManyToManyField(Skill, blank=True, related_name="+")
    # Their mentors (active mentorships) may see their progress page.
    share_with_mentors = models.BooleanField(
        _("let my mentors see my progress"), default=False
    )

    class Meta:
        verbose_name = _("progress sharing")

    def __str__(self) -> str:
        return f"What {self.member} shares"


def validate_bands(bands: list[tuple[int, int]]) -> None:
    """Bands as (min_percent, level): one starts at 0, no percent twice, and
    a higher score never gives a lower level."""
    if not bands:
        raise ValidationError(_("Add at least one level band."))
    ordered = sorted(bands)
    percents = [percent for percent, _level in ordered]
    if percents[0] != 0:
        raise ValidationError(_("One band must start at 0 %."))
    if len(set(percents)) != len(percents):
        raise ValidationError(_("Each band needs its own starting score."))
    levels = [level for _percent, level in ordered]
    if levels != sorted(levels):
        raise ValidationError(_("A higher score cannot give a lower level."))
