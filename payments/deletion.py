"""What deleting a page, or a member's account, does to payments.

Registered from PaymentsConfig.ready(): the page check with
`core.deletion`, the account step with `accounts.deletion`.
"""

from collections import defaultdict
from collections.abc import Sequence

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import Page

from core.deletion import DeletionBlocker
from payments.models import Entitlement, Kind, Payment, Subscription
from payments.services.webhooks.subscriptions import ENDED_STATUSES


def _open_checkout() -> Q:
    """A Checkout Session that can still be paid: the webhook would then
    grant what it buys."""
    return Q(
        status=Payment.Status.PENDING, stripe_checkout_session_id__isnull=False
    ) & (
        Q(checkout_expires_at__isnull=True) | Q(checkout_expires_at__gt=timezone.now())
    )


# --- Deleting a page ---------------------------------------------------------------


def purchased_page_blockers(page_ids: Sequence[int]) -> list[DeletionBlocker]:
    """A page someone paid for (or is paying for) is unpublished, never
    deleted: payments name it by id, and its buyers' access is to it."""
    buyers: dict[int, set] = defaultdict(set)
    paid = Payment.objects.filter(kind=Kind.PAGE, object_id__in=page_ids).filter(
        Q(status__in=(Payment.Status.PAID, Payment.Status.PARTIALLY_REFUNDED))
        | _open_checkout()
    )
    owned = Entitlement.objects.filter(
        kind=Kind.PAGE, object_id__in=page_ids, revoked_at__isnull=True
    )
    for records in (paid, owned):
        for page_id, user_id in records.values_list("object_id", "user_id"):
            buyers[page_id].add(user_id)
    if not buyers:
        return []
    pages = Page.objects.filter(pk__in=buyers).order_by("path")
    blockers = []
    for page_id, title, live in pages.values_list("pk", "title", "live"):
        count = len(buyers[page_id])
        blockers.append(
            DeletionBlocker(
                page_id=page_id,
                title=title,
                reason=ngettext(
                    "%(count)d member bought it.", "%(count)d members bought it.", count
                )
                % {"count": count},
                advice=_(
                    "Unpublish it instead to take it off the site; what was "
                    "bought stays on record."
                ),
                action_label=_("Unpublish") if live else "",
                action_url=(
                    reverse("wagtailadmin_pages:unpublish", args=[page_id])
                    if live
                    else ""
                ),
            )
        )
    return blockers


# --- Deleting a member's account -------------------------------------------------


class PaymentsAccountDeletion:
    """Payments are kept for the accounts and detached from the account
    (Payment.user becomes empty); access they granted goes with the account.
    Not while Stripe could still charge the member or complete a checkout:
    the webhook would then have nobody to grant it to."""

    def blockers(self, *, user) -> list[str]:
        reasons = []
        live = Subscription.objects.filter(user=user).exclude(status__in=ENDED_STATUSES)
        if live.exists():
            reasons.append(
                _(
                    "They have a membership Stripe still charges: cancel it in "
                    "Stripe first."
                )
            )
        if Payment.objects.filter(_open_checkout(), user=user).exists():
            reasons.append(
                _(
                    "A checkout of theirs is still open: try again once it is "
                    "paid or has expired (within a day)."
                )
            )
        return reasons

    def effects(self, *, user) -> list[str]:
        count = Payment.objects.filter(user=user).count()
        if not count:
            return []
        return [
            ngettext(
                "%(count)d payment kept for the accounts, no longer linked to "
                "the account",
                "%(count)d payments kept for the accounts, no longer linked to "
                "the account",
                count,
            )
            % {"count": count}
        ]

    def release(self, *, user) -> None:
        Payment.objects.filter(user=user).update(user=None, updated_at=timezone.now())
