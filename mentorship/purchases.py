"""A paid 1:1 as something payments can sell: once accepted, its mentee pays
the price kept on the 1:1; the webhook confirms it."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from mentorship.models import OneToOne
from mentorship.one_to_ones import confirm_paid_one_to_one, release_refunded_one_to_one
from payments import errors as payment_errors
from payments.errors import PaymentsError
from payments.models import Kind
from payments.registry import Offer
from payments.services.entitlements import grant_entitlement
from payments.services.refunds import UNAVAILABLE, refund_unhonoured

Status = OneToOne.Status


class OneToOneSlot:
    kind = Kind.MENTORSHIP

    def get_offer(self, *, user, object_id=None, plan: str = "") -> Offer:
        one_to_one = (
            OneToOne.objects.select_related("mentorship__mentor")
            .filter(pk=object_id or 0, mentorship__mentee=user)
            .first()
        )
        if one_to_one is None or not one_to_one.is_paid:
            raise PaymentsError(payment_errors.NOT_FOR_SALE)
        if one_to_one.status in (Status.CONFIRMED, Status.COMPLETED):
            raise PaymentsError(payment_errors.ALREADY_OWNED)
        if (
            one_to_one.status != Status.AWAITING_PAYMENT
            or one_to_one.starts_at <= timezone.now()
        ):
            raise PaymentsError(payment_errors.NOT_FOR_SALE)
        mentor = one_to_one.mentorship.mentor
        return Offer(
            kind=self.kind,
            object_id=one_to_one.pk,
            description=_("1:1 mentoring session with %(mentor)s")
            % {"mentor": mentor.get_short_name() or mentor.username},
            amount=one_to_one.price,
            currency=one_to_one.currency,
            return_path=reverse(
                "one_to_one_list",
                kwargs={"mentorship_id": one_to_one.mentorship_id},
            ),
        )

    def fulfil(self, *, payment) -> None:
        """Confirm the paid 1:1; never raises (Stripe would retry the
        webhook for days). One that cannot happen any more (cancelled, its
        time passed or taken by another confirmed 1:1 of the mentor) is
        refunded."""
        one_to_one = confirm_paid_one_to_one(one_to_one_id=payment.object_id or 0)
        if one_to_one is not None and one_to_one.status == Status.CONFIRMED:
            grant_entitlement(payment=payment, kind=self.kind, object_id=one_to_one.pk)
            return
        refund_unhonoured(payment=payment, reason=UNAVAILABLE)

    def revoke(self, *, payment) -> None:
        """A refunded 1:1 does not happen."""
        release_refunded_one_to_one(one_to_one_id=payment.object_id or 0)
