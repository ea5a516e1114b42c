"""A premium page sold on its own, as something payments can sell."""

from django.utils.translation import gettext as _

from core.access import can_see_page
from payments import errors as payment_errors
from payments.access import Access, can_view
from payments.errors import PaymentsError
from payments.models import Kind
from payments.registry import Offer
from payments.services.entitlements import grant_entitlement


class PagePurchase:
    kind = Kind.PAGE

    def _page(self, object_id, user):
        """The page if this member may see it (core.access). Checkout knows
        the member, not their browser, so a page behind a password is not
        sold; one for members or a group is, to them."""
        # Imported here: this module is loaded from AppConfig.ready().
        from wagtail.models import Page

        page = Page.objects.live().filter(pk=object_id or 0).first()
        page = page.specific if page else None
        return page if can_see_page(user, page) else None

    def get_offer(self, *, user, object_id=None, plan: str = "") -> Offer:
        page = self._page(object_id, user)
        if page is None or getattr(page, "access", None) != Access.PURCHASE:
            raise PaymentsError(payment_errors.NOT_FOR_SALE)
        if not page.price:
            raise PaymentsError(payment_errors.NOT_FOR_SALE)
        if can_view(user, page):
            raise PaymentsError(payment_errors.ALREADY_OWNED)
        return Offer(
            kind=self.kind,
            object_id=page.pk,
            description=_("%(title)s") % {"title": page.title},
            amount=page.price,
            currency=page.currency,
            return_path=page.get_url() or "/learn/",
        )

    def fulfil(self, *, payment) -> None:
        grant_entitlement(payment=payment, kind=self.kind, object_id=payment.object_id)

    def revoke(self, *, payment) -> None:
        """The entitlement is revoked with the payment; nothing else to undo."""
