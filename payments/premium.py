"""The fields a premium page carries; `payments.access.can_view` reads them."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from payments.access import Access
from payments.models import CURRENCY_CHOICES
from payments.money import price_problems


class PremiumFields(models.Model):
    class AccessChoices(models.TextChoices):
        FREE = Access.FREE, _("Free for everyone")
        MEMBERSHIP = Access.MEMBERSHIP, _("Included in membership")
        PURCHASE = Access.PURCHASE, _("Sold on its own")

    access = models.CharField(
        _("access"),
        max_length=20,
        choices=AccessChoices.choices,
        default=Access.FREE,
        help_text=_(
            "Visitors without access see the title, summary and the first "
            "part, then the offers that unlock the rest."
        ),
    )
    price = models.DecimalField(
        _("price"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        # The lowest price depends on the currency: see `clean`.
        validators=[MinValueValidator(Decimal("0.00"))],
        help_text=_("Only for pages sold on their own."),
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=CURRENCY_CHOICES, default="EUR"
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.access != Access.PURCHASE:
            return
        if not self.price:
            raise ValidationError(
                {"price": _("Set a price for a page sold on its own.")}
            )
        problems = price_problems(
            self.price, self.currency, field="price", free_allowed=False
        )
        if problems:
            raise ValidationError(problems)
