from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
