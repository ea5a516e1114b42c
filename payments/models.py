"""What members paid for and what it grants them.

`Payment` mirrors one Stripe Checkout Session (and, for memberships, each
invoice after it) and records what was charged; each `Refund` of it is a
row of its own, and the payment's status follows from them. `Entitlement`
is the access a payment grants, the only thing the premium gate reads.
`StripeEvent` stores each webhook event once, as Stripe sent it, so a
redelivery changes nothing.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from payments.money import price_problems

CURRENCY_CHOICES = [("EUR", "EUR €"), ("USD", "USD $"), ("GBP", "GBP £")]


class Kind(models.TextChoices):
    """What can be bought. Each kind's rules (price, fulfilment, refund)
    live with its app and are registered in `payments.registry`, so a new
    kind (1:1 mentorship slots) plugs in without changing the flow."""

    PAGE = "page", _("Premium page")
    SESSION_SEAT = "session_seat", _("Session seat")
    MENTORSHIP = "mentorship", _("1:1 mentorship session")
    MEMBERSHIP = "membership", _("Membership")


class Payment(models.Model):
    class Status(models.TextChoices):
        # Checkout opened; Stripe has not told us the outcome yet.
        PENDING = "pending", _("Processing")
        PAID = "paid", _("Paid")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Not completed")
        PARTIALLY_REFUNDED = "partially_refunded", _("Partially refunded")
        REFUNDED = "refunded", _("Refunded")

    # Paid, and what refunds have since made of it (payments.services.ledger).
    SETTLED = (Status.PAID, Status.PARTIALLY_REFUNDED, Status.REFUNDED)
    # Paid and not (yet) refunded in full: money a refund can still return.
    REFUNDABLE = (Status.PAID, Status.PARTIALLY_REFUNDED)

    # Empty once the member's account is deleted: the payment stays for the
    # accounts (amount, what it was for, the Stripe ids that lead to the
    # billing details Stripe keeps), no longer tied to a person here.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="payments",
    )
    kind = models.CharField(_("what"), max_length=20, choices=Kind.choices)
    # Our id of the thing bought (a page, a booking, a slot); none for a
    # membership, whose plan is in `plan`.
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    plan = models.CharField(max_length=20, blank=True)
    description = models.CharField(_("description"), max_length=255)
    # Where the member goes once it is paid (the page, the session).
    return_path = models.CharField(max_length=500, default="/dashboard/")
    # Our price until Stripe confirms; then what was charged (after
    # promotion codes).
    amount = models.DecimalField(
        _("amount"), max_digits=10, decimal_places=2, default=Decimal("0.00")
    )
    currency = models.CharField(_("currency"), max_length=3)
    # Stripe's fee, from the charge's balance transaction, in the currency
    # the Stripe account settles in; empty until known.
    fee = models.DecimalField(
        _("Stripe fee"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    fee_currency = models.CharField(max_length=3, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.PENDING,
        db_index=True,
    )
    stripe_checkout_session_id = models.CharField(
        max_length=255, unique=True, null=True, blank=True
    )
    # Reused if the member clicks "Pay" again before it expires, so one
    # purchase never becomes two open Checkout Sessions.
    checkout_url = models.URLField(max_length=1000, blank=True)
    checkout_expires_at = models.DateTimeField(null=True, blank=True)
    stripe_payment_intent_id = models.CharField(
        max_length=255, blank=True, db_index=True
    )
    stripe_invoice_id = models.CharField(
        max_length=255, unique=True, null=True, blank=True
    )
    stripe_subscription_id = models.CharField(max_length=255, blank=True)
    receipt_url = models.URLField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("payment")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "kind", "object_id"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="payment_amount_not_negative"
            ),
            # One open Checkout per member and thing (a membership is one
            # thing, whichever plan): two tabs get the same Checkout page,
            # not two charges (payments.services.checkout).
            models.UniqueConstraint(
                "user",
                "kind",
                Coalesce("object_id", Value(0)),
                condition=Q(status="pending"),
                name="one_open_payment_per_item",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.description} ({self.get_status_display()})"


class Entitlement(models.Model):
    """Access one member has: to a page, a booked seat, a mentorship slot or
    the membership, from `valid_from` until `valid_until` (open-ended when
    empty) unless revoked (refund, subscription ended)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="entitlements",
    )
    kind = models.CharField(_("grants"), max_length=20, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    valid_from = models.DateTimeField(default=timezone.now)
    valid_until = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    source_payment = models.ForeignKey(
        Payment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="entitlements",
    )
    # Memberships: the Stripe subscription this entitlement follows.
    stripe_subscription_id = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("entitlement")
        indexes = [models.Index(fields=["user", "kind", "object_id"])]
        constraints = [
            # One entitlement per payment: a redelivered webhook cannot
            # grant twice.
            models.UniqueConstraint(
                fields=["source_payment"],
                condition=Q(source_payment__isnull=False),
                name="entitlement_once_per_payment",
            ),
            models.UniqueConstraint(
                fields=["stripe_subscription_id"],
                condition=~Q(stripe_subscription_id=""),
                name="entitlement_once_per_subscription",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_kind_display()} {self.object_id or ''}"


class Subscription(models.Model):
    """Our copy of a member's Stripe subscription (the membership), updated
    only from webhook events newer than the last one applied."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="subscriptions",
    )
    stripe_subscription_id = models.CharField(max_length=255, unique=True)
    stripe_customer_id = models.CharField(max_length=255)
    plan = models.CharField(max_length=20)
    status = models.CharField(max_length=30)
    current_period_end = models.DateTimeField(null=True, blank=True)
    cancel_at_period_end = models.BooleanField(default=False)
    trial_end = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    # Stripe's `created` of the last event applied: older events arriving
    # late are ignored.
    last_event_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("membership subscription")

    def __str__(self) -> str:
        return f"{self.user}: {self.plan} ({self.status})"


class StripeCustomer(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="stripe_customer",
    )
    stripe_customer_id = models.CharField(max_length=255, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.stripe_customer_id


class Refund(models.Model):
    """One refund, as Stripe reports it (refund and charge events), unique by
    Stripe's id. It may arrive before the payment it refunds is known; it is
    linked to it by the payment intent as soon as it is."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        REQUIRES_ACTION = "requires_action", _("Requires action")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")
        CANCELED = "canceled", _("Canceled")

    # Money on its way back or back: what the payment's status counts.
    COUNTED = (Status.PENDING, Status.REQUIRES_ACTION, Status.SUCCEEDED)

    payment = models.ForeignKey(
        Payment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="refunds",
    )
    stripe_refund_id = models.CharField(max_length=255, unique=True)
    stripe_payment_intent_id = models.CharField(
        max_length=255, blank=True, db_index=True
    )
    stripe_charge_id = models.CharField(max_length=255, blank=True, db_index=True)
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    reason = models.CharField(_("reason"), max_length=50, blank=True)
    status = models.CharField(_("status"), max_length=30, choices=Status.choices)
    created = models.DateTimeField(_("refunded at"))
    # Stripe's `created` of the last event applied: an older state arriving
    # late (pending after succeeded) changes nothing.
    last_event_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("refund")
        ordering = ["created"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="refund_amount_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.stripe_refund_id}: {self.amount} {self.currency}"


class StripeEvent(models.Model):
    """Each webhook event once: the id is unique, so a second delivery of
    the same event is recognised and skipped. `payload` is the verified body
    exactly as Stripe sent it (never re-serialised: Stripe's decimal strings
    and large integers stay as they were)."""

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    created = models.DateTimeField()
    api_version = models.CharField(max_length=50, blank=True)
    # The id of the event's object (`data.object.id`), to find an event by
    # what it is about without reading payloads.
    object_id = models.CharField(max_length=255, blank=True, db_index=True)
    payload = models.TextField()
    received_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Stripe event")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.type} {self.event_id}"


class MeteredView(models.Model):
    """A premium page a signed-in member opened with their monthly free
    allowance; reopening it the same month costs nothing."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="metered_views",
    )
    page_id = models.PositiveBigIntegerField()
    month = models.DateField(help_text=_("First day of the month counted."))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "page_id", "month"], name="metered_view_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} read page {self.page_id} in {self.month:%Y-%m}"


MEMBERSHIP_PRICE_HELP = _(
    "New memberships are charged this at once. Then run "
    "`manage.py setup_stripe_portal` so members can switch to it in the "
    "Customer Portal too."
)


@register_setting(icon="form")
class PaymentSettings(BaseGenericSetting):
    """Membership prices and the premium allowance, set by staff."""

    membership_monthly_price = models.DecimalField(
        _("monthly membership"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("15.00"),
        # The lowest price depends on the currency: see `clean`.
        validators=[MinValueValidator(Decimal("0.00"))],
        help_text=MEMBERSHIP_PRICE_HELP,
    )
    membership_yearly_price = models.DecimalField(
        _("yearly membership"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("150.00"),
        validators=[MinValueValidator(Decimal("0.00"))],
        help_text=MEMBERSHIP_PRICE_HELP,
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=CURRENCY_CHOICES, default="EUR"
    )
    trial_days = models.PositiveSmallIntegerField(
        _("free trial (days)"),
        default=0,
        validators=[MaxValueValidator(730)],
        help_text=_("0 for no trial. New members only pay after the trial."),
    )
    seat_refund_hours = models.PositiveSmallIntegerField(
        _("refunds for cancelled seats until (hours before the start)"),
        default=48,
        validators=[MaxValueValidator(24 * 60)],
        help_text=_(
            "Members who cancel a paid seat at least this many hours before "
            "the session starts get a full refund; later, none. A session the "
            "host cancels is always refunded in full. Members see this before "
            "they book and before they cancel."
        ),
    )
    free_articles_per_month = models.PositiveSmallIntegerField(
        _("free premium articles a month"),
        default=3,
        validators=[MaxValueValidator(100)],
        help_text=_(
            "How many membership articles a signed-in member may read each "
            "month without a membership; 0 turns the allowance off."
        ),
    )

    # Written by `manage.py setup_stripe_portal`, not by hand: the Stripe
    # Prices the membership is sold at (so the Portal can switch between
    # them) and the Portal configuration members get.
    stripe_monthly_price_id = models.CharField(
        max_length=255, blank=True, editable=False
    )
    stripe_yearly_price_id = models.CharField(
        max_length=255, blank=True, editable=False
    )
    portal_configuration_id = models.CharField(
        _("Stripe Customer Portal configuration"),
        max_length=255,
        blank=True,
        editable=False,
    )

    class Meta:
        verbose_name = _("payments and membership")

    def clean(self):
        super().clean()
        problems: dict = {}
        for field in ("membership_monthly_price", "membership_yearly_price"):
            problems |= price_problems(
                getattr(self, field), self.currency, field=field, free_allowed=False
            )
        if problems:
            raise ValidationError(problems)
