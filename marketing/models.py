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
