from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.fields import StreamField

from marketing.blocks import CampaignBodyBlock


class Subscriber(models.Model):
    """A visitor's address on the newsletter list. Members say yes from
    their account instead (accounts.EmailPreference); an address is mailed
    only once its owner followed the confirmation link (double opt-in), and
    unconfirmed ones are forgotten after a week."""

    email = models.EmailField(_("email address"))
    consented_at = models.DateTimeField(
        _("asked to subscribe at"), default=timezone.now
    )
    consent_source = models.CharField(
        _("asked through"), max_length=40, default="footer form"
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    # One confirmation email per address per few minutes, however often
    # the form is sent: the form must not become a way to flood an inbox.
    confirmation_sent_at = models.DateTimeField(
        _("confirmation sent at"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("newsletter subscriber")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="subscriber_email_unique_ci")
        ]

    def __str__(self) -> str:
        return self.email

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


# --- Weekly digest ----------------------------------------------------------------


class DigestSend(models.Model):
    """One member's weekly digest for one week, claimed before it is sent.

    The row is the claim: the unique (user, week) pair lets one periodic run
    take a member for a week, however many runs overlap or restart, and the
    send task marks it in the transaction that sends, so a task run twice
    sends once.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        SKIPPED = "skipped", _("Skipped: nothing matched or no longer wanted")
        FAILED = "failed", _("Failed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="digest_sends",
        verbose_name=_("member"),
    )
    # The Monday of the member's own week, in their time zone.
    week = models.DateField(_("week of"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    item_count = models.PositiveSmallIntegerField(_("items"), default=0)
    created_at = models.DateTimeField(_("claimed at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("weekly digest sent")
        verbose_name_plural = _("weekly digests sent")
        ordering = ["-week", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "week"], name="digest_send_one_per_member_week"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.week:%Y-%m-%d} ({self.get_status_display()})"


# --- Share cards -------------------------------------------------------------


class ShareCard(models.Model):
    """The social card image (og:image / twitter:image) of one public page,
    drawn once when the page is published (marketing.share_cards).

    `fingerprint` is a hash of the text drawn: publishing again with the
    same title, byline and date keeps the file, so link previews that
    social sites cached stay valid; a change draws a new file under a new
    name, which those caches have not seen."""

    page = models.OneToOneField(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="share_card",
        verbose_name=_("page"),
    )
    # Always SIZE (marketing.share_cards): no width/height columns needed.
    image = models.ImageField(_("image"), upload_to="share-cards/")
    alt_text = models.CharField(_("alternative text"), max_length=500, blank=True)
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("share card")

    def __str__(self) -> str:
        return self.image.name


# --- Campaigns ------------------------------------------------------------------
# Staff write a campaign in the Wagtail admin and send it to a segment of the
# newsletter's audience (marketing.campaigns). Each address gets one
# CampaignDelivery row, created when sending starts; the batch task turns
# pending rows into sent, failed or skipped ones.


class Campaign(models.Model):
    class Segment(models.TextChoices):
        ALL = "all", _("All newsletter subscribers")
        SKILL = "skill", _("Members interested in a skill")
        EXPERTS = "experts", _("Experts")
        ATTENDED = "attended", _("Members who attended a session in a category")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        CANCELLED = "cancelled", _("Stopped")

    # Staff may still change what goes out until sending starts.
    EDITABLE = (Status.DRAFT, Status.SCHEDULED)

    subject = models.CharField(_("subject"), max_length=150)
    preheader = models.CharField(
        _("preheader"),
        max_length=200,
        blank=True,
        help_text=_("The line inboxes show after the subject."),
    )
    body = StreamField(CampaignBodyBlock(), blank=True)
    slug = models.SlugField(
        _("campaign name in links"),
        max_length=80,
        unique=True,
        blank=True,
        help_text=_(
            "The utm_campaign of every link to the site; "
            "made from the subject when left blank."
        ),
    )
    segment = models.CharField(
        _("send to"), max_length=20, choices=Segment.choices, default=Segment.ALL
    )
    segment_skill = models.ForeignKey(
        "core.Skill",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("skill"),
        help_text=_("For “members interested in a skill”."),
    )
    segment_category = models.ForeignKey(
        "skillsessions.Category",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("session category"),
        help_text=_("For “members who attended a session in a category”."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
    )
    scheduled_at = models.DateTimeField(_("scheduled for"), null=True, blank=True)
    started_at = models.DateTimeField(_("sending started"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("campaign")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.subject

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = _unique_campaign_slug(self.subject, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.segment == self.Segment.SKILL and not self.segment_skill_id:
            raise ValidationError(
                {"segment_skill": _("Choose the skill this segment is about.")}
            )
        if self.segment == self.Segment.ATTENDED and not self.segment_category_id:
            raise ValidationError(
                {"segment_category": _("Choose the category this segment is about.")}
            )

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE


def _unique_campaign_slug(subject: str, *, exclude_pk: int | None) -> str:
    base = slugify(subject)[:70] or "campaign"
    taken = set(
        Campaign.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


class CampaignDelivery(models.Model):
    """One address's copy of a campaign: made once (the constraint), sent
    once (the batch task moves it out of pending in the transaction that
    sends it)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Skipped")

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="deliveries"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    subscriber = models.ForeignKey(
        Subscriber,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    email = models.EmailField(_("email address"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.PENDING,
        db_index=True,
    )
    error = models.TextField(_("error"), blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(
        _("unsubscribed from this email"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("campaign delivery")
        verbose_name_plural = _("campaign deliveries")
        constraints = [
            models.UniqueConstraint(
                "campaign", Lower("email"), name="campaign_delivery_one_per_address"
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign} → {self.email}"
