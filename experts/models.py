"""Expert profiles: Wagtail pages experts edit themselves, including what
they offer as mentors (accepting mentees, capacity, rate per 1:1 session,
skills they mentor with their level, languages, a short intro).

The mentor's settings live here, not in the mentorship app, because the
page editor's inline panels need a ParentalKey to ExpertPage and experts
sits below mentorship in the import layers. Mentorships themselves (request
to end) are mentorship's; it tells this app how many mentees an expert has
through `experts.mentee_count`."""

from decimal import Decimal

from django.conf import global_settings, settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.api import APIField
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index

from accounts.validators import validate_github_url, validate_linkedin_url
from core.http import private_if_signed_in
from core.models import BasePage, SkillThroughBase
from experts.admin_forms import ExpertPageForm
from sessions.models import SessionPage

# Languages by their base code only ("pt", not "pt-br"): people say which
# languages they mentor in, not which regional variant.
LANGUAGE_CHOICES = sorted(
    ((code, str(name)) for code, name in global_settings.LANGUAGES if "-" not in code),
    key=lambda choice: choice[1],
)
BIO_FEATURES = ["h3", "bold", "italic", "link", "ol", "ul"]
# One scale for how well someone knows a skill, mentors and mentees alike.
SKILL_LEVEL_CHOICES = [
    (1, _("1 – Beginner")),
    (2, _("2 – Some experience")),
    (3, _("3 – Comfortable")),
    (4, _("4 – Advanced")),
    (5, _("5 – Expert")),
]


class ExpertIndexPage(BasePage):
    """/experts/: the directory of every expert page below it."""

    intro = models.TextField(_("intro"), blank=True, max_length=500)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["experts.ExpertPage"]
    max_count = 1

    seo_description_sources = ["search_description", "intro"]

    class Meta:
        verbose_name = _("expert directory")

    def get_context(self, request, *args, **kwargs):
        # Imported here: the directory builds on this module's models.
        from experts.directory import directory_context

        context = super().get_context(request, *args, **kwargs)
        context.update(directory_context(request))
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        return private_if_signed_in(request, response)


class ExpertPageSkill(SkillThroughBase):
    content_object = ParentalKey(
        "experts.ExpertPage", on_delete=models.CASCADE, related_name="skill_items"
    )


class ExpertPage(BasePage):
    """One expert's public profile. `expert` is who it is about; both the
    expert and Wagtail's `owner` (the same person when the expert made the
    page) own it in the admin (`owner_fields`)."""

    expert = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="expert_page",
        verbose_name=_("expert"),
    )
    headline = models.CharField(
        _("headline"),
        max_length=160,
        help_text=_("One line: what you do and for whom."),
    )
    bio = RichTextField(_("about"), features=BIO_FEATURES, blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("photo"),
    )
    skills = ClusterTaggableManager(
        through=ExpertPageSkill, blank=True, verbose_name=_("skills")
    )
    years_of_experience = models.PositiveSmallIntegerField(
        _("years of experience"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(70)],
    )
    linkedin_url = models.URLField(
        _("LinkedIn"), blank=True, validators=[validate_linkedin_url]
    )
    github_url = models.URLField(
        _("GitHub"), blank=True, validators=[validate_github_url]
    )
    website_url = models.URLField(_("website"), blank=True)
    # The one rate a mentee pays per 1:1 mentoring session. The column keeps
    # its first name: the pages API publishes it as `hourly_rate`.
    hourly_rate = models.DecimalField(
        _("rate per 1:1 session"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.00"))],
        help_text=_("0 or empty: you mentor for free."),
    )
    currency = models.CharField(
        _("currency"),
        max_length=3,
        choices=SessionPage.Currency.choices,
        default=SessionPage.Currency.EUR,
    )
    accepts_mentees = models.BooleanField(_("accepting mentees"), default=False)
    mentee_capacity = models.PositiveSmallIntegerField(
        _("how many mentees at a time"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    mentoring_intro = models.TextField(
        _("how you mentor"),
        max_length=600,
        blank=True,
        help_text=_("A few lines for mentees: how you work and whom you help best."),
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("expert"),
        FieldPanel("headline"),
        FieldPanel("photo"),
        FieldPanel("bio"),
        FieldPanel("skills"),
        FieldPanel("years_of_experience"),
        InlinePanel("languages", heading=_("Languages"), label=_("Language")),
        MultiFieldPanel(
            [
                FieldPanel("accepts_mentees"),
                FieldPanel("mentee_capacity"),
                FieldRowPanel([FieldPanel("hourly_rate"), FieldPanel("currency")]),
                FieldPanel("mentoring_intro"),
                # Windows belong to the person, not the page: the expert
                # keeps them on the site, where mentees keep theirs.
                HelpPanel(
                    content=_(
                        "<p>The expert's weekly availability for mentoring is "
                        "set on the site, signed in as the expert: "
                        '<a href="/mentorship/availability/">Your weekly '
                        "availability</a>.</p>"
                    )
                ),
            ],
            heading=_("Mentorship"),
        ),
        InlinePanel(
            "mentor_skills",
            heading=_("Skills you mentor"),
            label=_("Skill"),
            help_text=_("What mentees can learn from you, with your level."),
        ),
        MultiFieldPanel(
            [
                FieldPanel("linkedin_url"),
                FieldPanel("github_url"),
                FieldPanel("website_url"),
            ],
            heading=_("Links"),
        ),
        InlinePanel("experiences", heading=_("Experience"), label=_("Role")),
        InlinePanel("achievements", heading=_("Achievements"), label=_("Achievement")),
        InlinePanel(
            "certifications", heading=_("Certifications"), label=_("Certification")
        ),
        InlinePanel("projects", heading=_("Projects"), label=_("Project")),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("headline", boost=2),
        index.SearchField("bio"),
        index.RelatedFields("skills", [index.SearchField("name", boost=2)]),
        index.FilterField("accepts_mentees"),
    ]

    api_fields = [
        APIField("headline"),
        APIField("bio"),
        APIField("years_of_experience"),
        APIField("hourly_rate"),
        APIField("currency"),
        APIField("accepts_mentees"),
    ]

    parent_page_types = ["experts.ExpertIndexPage"]
    subpage_types: list[str] = []
    base_form_class = ExpertPageForm
    owner_fields = ("owner", "expert")

    seo_description_sources = ["search_description", "headline"]
    seo_image_sources = ["og_image", "photo"]

    class Meta:
        verbose_name = _("expert page")
        constraints = [
            models.CheckConstraint(
                condition=Q(hourly_rate__isnull=True) | Q(hourly_rate__gte=0),
                name="expert_rate_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(mentee_capacity__gte=1), name="expert_takes_a_mentee"
            ),
        ]

    def get_context(self, request, *args, **kwargs):
        from experts.page_context import expert_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(expert_page_context(self, request))
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        return private_if_signed_in(request, response)


class ExpertLanguage(Orderable):
    class Level(models.TextChoices):
        NATIVE = "native", _("Native")
        FLUENT = "fluent", _("Fluent")
        WORKING = "working", _("Working knowledge")

    page = ParentalKey(ExpertPage, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("language"), max_length=7, choices=LANGUAGE_CHOICES)
    level = models.CharField(
        _("level"), max_length=10, choices=Level.choices, default=Level.FLUENT
    )

    panels = [FieldRowPanel([FieldPanel("language"), FieldPanel("level")])]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["page", "language"], name="expert_language_once"
            )
        ]

    def __str__(self) -> str:
        return self.get_language_display()


class MentorSkill(Orderable):
    """A skill the expert mentors in, with their level on the shared 1–5
    scale; matching compares it with what mentees aim for. The page's
    `skills` tags say what they do; these say what they teach, and how far."""

    page = ParentalKey(
        ExpertPage, on_delete=models.CASCADE, related_name="mentor_skills"
    )
    skill = models.ForeignKey(
        "core.Skill",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("skill"),
    )
    level = models.PositiveSmallIntegerField(
        _("your level"),
        choices=SKILL_LEVEL_CHOICES,
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )

    panels = [FieldRowPanel([FieldPanel("skill"), FieldPanel("level")])]

    class Meta(Orderable.Meta):
        verbose_name = _("skill you mentor")
        constraints = [
            models.UniqueConstraint(fields=["page", "skill"], name="mentor_skill_once"),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=5),
                name="mentor_skill_level_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.skill} ({self.level})"


class ExpertEntry(Orderable):
    """An item in one of the page's lists (a role, an award, a certificate,
    a project); each list is its own table so the editor shows four lists."""

    title = models.CharField(_("title"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    period = models.CharField(
        _("when"), max_length=60, blank=True, help_text=_("e.g. 2019 – 2023")
    )
    description = models.TextField(_("description"), max_length=2000, blank=True)
    link = models.URLField(_("link"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("organisation"), FieldPanel("period")]),
        FieldPanel("description"),
        FieldPanel("link"),
        FieldPanel("image"),
    ]

    class Meta(Orderable.Meta):
        abstract = True

    def __str__(self) -> str:
        return self.title


class ExpertExperience(ExpertEntry):
    page = ParentalKey(ExpertPage, on_delete=models.CASCADE, related_name="experiences")


class ExpertAchievement(ExpertEntry):
    page = ParentalKey(
        ExpertPage, on_delete=models.CASCADE, related_name="achievements"
    )


class ExpertCertification(ExpertEntry):
    page = ParentalKey(
        ExpertPage, on_delete=models.CASCADE, related_name="certifications"
    )


class ExpertProject(ExpertEntry):
    page = ParentalKey(ExpertPage, on_delete=models.CASCADE, related_name="projects")


@register_setting(icon="user")
class ExpertSettings(BaseGenericSetting):
    """How new and edited expert pages go live."""

    expert_pages_need_review = models.BooleanField(
        _("expert pages need a moderator's review"),
        default=True,
        help_text=_(
            "On: experts submit their page for moderation (Wagtail's "
            "workflow) and a moderator publishes it. Off: experts publish "
            "their own page."
        ),
    )

    panels = [FieldPanel("expert_pages_need_review")]

    class Meta:
        verbose_name = _("expert pages")

    def save(self, *args, **kwargs):
        from experts.services import sync_expert_publishing

        super().save(*args, **kwargs)
        sync_expert_publishing(need_review=self.expert_pages_need_review)
