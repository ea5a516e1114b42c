import uuid
from pathlib import PurePath

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from accounts import errors
from accounts.validators import (
    validate_github_url,
    validate_linkedin_url,
    validate_time_zone,
    validate_username_characters,
)
from core.models import SkillThroughBase

EXPERTS_GROUP_NAME = "Experts"


class User(AbstractUser):
    """People sign in with their email; `username` is their public handle
    (profile URLs: /members/<username>/)."""

    username_validator = validate_username_characters
    username = models.CharField(
        _("username"),
        max_length=40,
        unique=True,
        validators=[validate_username_characters],
        help_text=_("Letters, digits, hyphens and underscores."),
        error_messages={"unique": errors.USERNAME_TAKEN},
    )
    email = models.EmailField(_("email address"))
    # One free-form name: first/last splits fit few of the world's names.
    # first_name/last_name stay because Wagtail's user admin edits them.
    name = models.CharField(_("name"), max_length=150, blank=True)

    REQUIRED_FIELDS = ["email"]

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ci"),
            # /members/Ada/ and /members/ada/ must not be two people.
            models.UniqueConstraint(Lower("username"), name="user_username_unique_ci"),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_full_name(self) -> str:
        return self.name or super().get_full_name()

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else super().get_short_name()


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Everyone")
    MEMBERS = "members", _("Signed-in members")
    PRIVATE = "private", _("Only me")


class Intent(models.TextChoices):
    LEARN = "learn", _("Learn")
    TEACH = "teach", _("Teach")
    BOTH = "both", _("Learn and teach")


def visibility_field(label, default: str = Visibility.PUBLIC) -> models.CharField:
    """Who may see one section of a profile."""
    return models.CharField(
        label, max_length=10, choices=Visibility.choices, default=default
    )


def profile_photo_path(instance: "Profile", filename: str) -> str:
    # A random name: uploaded file names can carry personal details.
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"profiles/{uuid.uuid4().hex}{suffix}"


class ProfileSkill(SkillThroughBase):
    content_object = models.ForeignKey(
        "Profile", on_delete=models.CASCADE, related_name="skill_items"
    )

    class Meta:
        verbose_name = _("profile skill")
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="profileskill_unique"
            )
        ]


class ProfileInterest(SkillThroughBase):
    content_object = models.ForeignKey(
        "Profile", on_delete=models.CASCADE, related_name="interest_items"
    )

    class Meta:
        verbose_name = _("profile interest")
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="profileinterest_unique"
            )
        ]


class Profile(models.Model):
    """What a member tells others about themselves, section by section."""

    # Sections whose visibility the member chooses, in page order. The name,
    # username, picture and headline always show: they identify the person
    # next to their posts and bookings.
    SECTIONS = (
        "about",
        "skills",
        "experience",
        "achievements",
        "certifications",
        "projects",
        "links",
    )

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    headline = models.CharField(
        _("headline"),
        max_length=120,
        blank=True,
        help_text=_("One line, e.g. “Data engineer teaching SQL”."),
    )
    bio = models.TextField(
        _("about you"),
        max_length=5000,
        blank=True,
        help_text=_("Plain text; Markdown for *emphasis*, lists and links works."),
    )
    skills = TaggableManager(
        through=ProfileSkill,
        blank=True,
        verbose_name=_("skills"),
        related_name="profiles_with_skill",
        help_text=_("What you know, separated by commas."),
    )
    interests = TaggableManager(
        through=ProfileInterest,
        blank=True,
        verbose_name=_("interests"),
        related_name="profiles_with_interest",
        help_text=_("What you want to learn, separated by commas."),
    )
    intent = models.CharField(
        _("I am here to"), max_length=10, choices=Intent.choices, default=Intent.LEARN
    )
    photo = models.ImageField(
        _("profile picture"), upload_to=profile_photo_path, blank=True
    )
    linkedin_url = models.URLField(
        _("LinkedIn profile"), blank=True, validators=[validate_linkedin_url]
    )
    github_url = models.URLField(
        _("GitHub profile"), blank=True, validators=[validate_github_url]
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="UTC",
        validators=[validate_time_zone],
        help_text=_("Session times are shown in this time zone."),
    )
    is_expert = models.BooleanField(_("expert"), default=False)

    about_visibility = visibility_field(_("About"))
    skills_visibility = visibility_field(_("Skills and interests"))
    experience_visibility = visibility_field(_("Experience"), Visibility.MEMBERS)
    achievements_visibility = visibility_field(_("Achievements"))
    certifications_visibility = visibility_field(_("Certifications"))
    projects_visibility = visibility_field(_("Projects"))
    links_visibility = visibility_field(_("Links"))

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("profile")

    def __str__(self) -> str:
        return str(self.user)

    def visibility_of(self, section: str) -> str:
        return getattr(self, f"{section}_visibility")

    def can_view(self, section: str, viewer) -> bool:
        """Whether `viewer` (maybe anonymous) may see `section`."""
        if viewer.is_authenticated and viewer.pk == self.user_id:
            return True
        visibility = self.visibility_of(section)
        if visibility == Visibility.PUBLIC:
            return True
        if visibility == Visibility.MEMBERS:
            return viewer.is_authenticated
        return False


class ProfileEntry(models.Model):
    """One line of a profile's experience, achievements, certifications or
    projects; one table because the four share their shape."""

    class Kind(models.TextChoices):
        EXPERIENCE = "experience", _("Experience")
        ACHIEVEMENT = "achievement", _("Achievement")
        CERTIFICATION = "certification", _("Certification")
        PROJECT = "project", _("Project")

    profile = models.ForeignKey(
        Profile, on_delete=models.CASCADE, related_name="entries"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    organisation = models.CharField(
        _("organisation or issuer"), max_length=200, blank=True
    )
    url = models.URLField(_("link"), blank=True)
    start_date = models.DateField(_("from / issued"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)
    description = models.TextField(_("description"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("profile entry")
        verbose_name_plural = _("profile entries")
        ordering = [models.F("start_date").desc(nulls_last=True), "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="profileentry_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title


class ExpertApplicationSkill(SkillThroughBase):
    content_object = models.ForeignKey(
        "ExpertApplication", on_delete=models.CASCADE, related_name="skill_items"
    )

    class Meta:
        verbose_name = _("expert application skill")


class ExpertApplication(models.Model):
    """A member asking to become an expert; staff review it in the admin."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Not approved")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="expert_applications",
    )
    motivation = models.TextField(
        _("why you want to teach"),
        max_length=5000,
        help_text=_("Who you would teach, what, and what qualifies you."),
    )
    skills = TaggableManager(
        through=ExpertApplicationSkill,
        verbose_name=_("areas of expertise"),
        related_name="expert_applications",
        help_text=_("The skills you would teach, separated by commas."),
    )
    links = models.TextField(
        _("links"),
        blank=True,
        max_length=2000,
        help_text=_("Portfolio, talks, publications: one address per line."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewer_note = models.TextField(_("note to the applicant"), blank=True)
    created_at = models.DateTimeField(_("applied at"), default=timezone.now)

    class Meta:
        verbose_name = _("expert application")
        ordering = ["-created_at"]
        constraints = [
            # One open application at a time, even if two requests race.
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status="pending"),
                name="expertapplication_one_pending_per_user",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_status_display()})"

    @property
    def link_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]


class EmailKind(models.TextChoices):
    """The kinds of email a member may switch on or off. Receipts, booking
    confirmations and account emails are not here: they are always sent."""

    DIGEST = "digest", _("Weekly digest of sessions for you")
    NEWSLETTER = "newsletter", _("Newsletter and announcements")
    FORUM = "forum", _("Forum notifications")
    MENTORSHIP = "mentorship", _("Mentorship messages")
    REMINDERS = "reminders", _("Session reminders")


# Marketing needs consent: off until the member says yes. The others are
# part of using the site: on until the member says no.
OPT_IN_EMAIL_KINDS = frozenset({EmailKind.DIGEST, EmailKind.NEWSLETTER})


class EmailPreferenceSource(models.TextChoices):
    SIGNUP = "signup", _("Signup form")
    PREFERENCES = "preferences", _("Email preferences page")
    UNSUBSCRIBE_LINK = "unsubscribe_link", _("Unsubscribe link in an email")
    ONE_CLICK = "one_click", _("One-click unsubscribe from the mail app")
    NEWSLETTER_FORM = "newsletter_form", _("Newsletter form, confirmed by email")
    ACCOUNT_DELETED = "account_deleted", _("Account deleted")
    IMPORTED = "imported", _("Carried over from an earlier setting")


class EmailPreference(models.Model):
    """A member's choice for one kind of email, with when and how it was
    made: for marketing kinds this row is the record of consent. No row
    means the kind's default (see OPT_IN_EMAIL_KINDS)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="email_preferences",
        verbose_name=_("member"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EmailKind.choices)
    enabled = models.BooleanField(_("send these emails"))
    source = models.CharField(
        _("changed through"), max_length=20, choices=EmailPreferenceSource.choices
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("email preference")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"], name="emailpreference_unique_kind"
            )
        ]
        indexes = [models.Index(fields=["kind", "enabled"])]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind} {'on' if self.enabled else 'off'}"
