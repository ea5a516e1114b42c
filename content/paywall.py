"""What a reader may see of an article or course, decided by
`payments.access.can_view` after spending a free article if they have one."""

from dataclasses import dataclass, field

from content.structured_data import content_data
from core.http import private_if_signed_in
from payments.access import Access, can_view
from payments.metering import Allowance, get_allowance, use_allowance
from payments.models import PaymentSettings


@dataclass
class Paywall:
    has_access: bool
    # The member read this one with their monthly allowance.
    via_allowance: bool = False
    allowance: Allowance | None = None
    # "login", "membership" or "purchase": what would unlock the page.
    unlock: list[str] = field(default_factory=list)
    prices: PaymentSettings | None = None


def paywall_for(page, request) -> Paywall:
    user = request.user
    if can_view(user, page):
        allowance = None
        if page.access == Access.MEMBERSHIP and user.is_authenticated:
            allowance = get_allowance(user)
        return Paywall(has_access=True, allowance=allowance)
    if page.access == Access.MEMBERSHIP and use_allowance(user=user, page=page):
        return Paywall(
            has_access=True, via_allowance=True, allowance=get_allowance(user)
        )
    unlock = [] if user.is_authenticated else ["login"]
    if page.access == Access.MEMBERSHIP:
        unlock.append("membership")
    else:
        unlock.append("purchase")
    return Paywall(
        has_access=False,
        allowance=get_allowance(user),
        unlock=unlock,
        prices=PaymentSettings.load(),
    )


def serve_gated(page, request, serve, *args, **kwargs):
    request.paywall = paywall_for(page, request)
    response = serve(request, *args, **kwargs)
    return private_if_signed_in(request, response)


def page_context(page, request) -> dict:
    """The blocks and lessons a template may render: all of them with
    access, the first part only without. Templates never read `page.body`."""
    paywall = getattr(request, "paywall", None) or paywall_for(page, request)
    base = {"paywall": paywall, "article_data": content_data(page, request)}
    if hasattr(page, "lessons"):
        overview = list(page.overview)
        lessons = list(page.lessons.all())
        return {
            **base,
            "body_blocks": overview if paywall.has_access else overview[:1],
            "lessons": lessons,
            "show_lessons": paywall.has_access,
        }
    blocks = list(page.body)
    return {
        **base,
        "body_blocks": blocks if paywall.has_access else blocks[:1],
    }
