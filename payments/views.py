"""Thin views over the payments services: start a checkout, come back from
it, open the portal, the billing page, and Stripe's webhook."""

import logging

import stripe
from allauth.account.decorators import verified_email_required
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from core.http import safe_redirect_target
from payments import gateway
from payments.errors import PaymentsError
from payments.forms import CheckoutForm
from payments.membership import PLANS
from payments.models import Payment, PaymentSettings
from payments.selectors import get_membership, list_payments
from payments.services.checkout import open_billing_portal, start_checkout
from payments.services.webhooks import process_event
from payments.shapes import MalformedEvent

logger = logging.getLogger(__name__)

# Stripe's own default: a signature older than five minutes is a replay.
WEBHOOK_TOLERANCE_SECONDS = 300
# What the `stripe` library raises for a signed body it cannot parse: not
# JSON or not UTF-8, not an object, a decimal string that is no number,
# nesting deeper than Python recurses.
UNPARSABLE = (
    ValueError,
    TypeError,
    AttributeError,
    KeyError,
    ArithmeticError,
    RecursionError,
)


def _back(request, fallback: str = "/dashboard/billing/") -> str:
    return safe_redirect_target(
        request,
        request.POST.get("next", ""),
        request.headers.get("referer", ""),
        default=fallback,
    )


@require_POST
@login_required
def checkout(request):
    form = CheckoutForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.error_text())
        return redirect(_back(request))
    try:
        url = start_checkout(user=request.user, **form.cleaned_data)
    except PaymentsError as error:
        messages.error(request, error.message)
        return redirect(_back(request))
    return redirect(url, permanent=False)


@require_GET
@login_required
def checkout_return(request, payment_id: int):
    """Back from Stripe. Shows what the webhook has recorded; it never marks
    anything paid itself."""
    payment = get_object_or_404(Payment, pk=payment_id, user=request.user)
    if request.GET.get("format") == "json":
        return JsonResponse(
            {"status": payment.status, "label": payment.get_status_display()}
        )
    response = render(request, "payments/checkout_return.html", {"payment": payment})
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@login_required
def billing_portal(request):
    try:
        url = open_billing_portal(user=request.user)
    except PaymentsError as error:
        messages.error(request, error.message)
        return redirect("billing")
    return redirect(url, permanent=False)


@verified_email_required
def billing(request):
    return render(
        request,
        "payments/billing.html",
        {
            "payments": list_payments(request.user),
            "membership": get_membership(request.user),
            "payments_configured": gateway.is_configured(),
        },
    )


def membership(request):
    prices = PaymentSettings.load()
    return render(
        request,
        "payments/membership.html",
        {
            "prices": prices,
            "plans": PLANS,
            "membership": get_membership(request.user)
            if request.user.is_authenticated
            else None,
            "payments_configured": gateway.is_configured(),
        },
    )


def _malformed(error: Exception) -> JsonResponse:
    logger.warning("Stripe webhook refused, malformed: %s", repr(error)[:500])
    return JsonResponse({"error": "malformed event"}, status=400)


@csrf_exempt
@require_POST
def webhook(request):
    """Stripe's events. 400: unsigned, or signed but not an event we can
    read (Stripe shows it as failed and retries; a body that cannot be read
    never changes, and nothing of it is stored). 503: Stripe's API, which a
    handler needed, was unreachable; the retry applies it. 200 otherwise,
    including events about things that are not ours."""
    if not settings.STRIPE_WEBHOOK_SECRET:
        logger.warning("Stripe webhook received but STRIPE_WEBHOOK_SECRET is unset")
        return JsonResponse({"error": "webhooks are not configured"}, status=400)
    try:
        # Verifies the signature, and that the library can parse the event.
        gateway.client().construct_event(
            request.body,
            request.headers.get("stripe-signature", ""),
            settings.STRIPE_WEBHOOK_SECRET,
            tolerance=WEBHOOK_TOLERANCE_SECONDS,
        )
    except stripe.SignatureVerificationError as error:
        logger.warning("Stripe webhook refused, bad signature: %s", error)
        return JsonResponse({"error": "invalid signature"}, status=400)
    except UNPARSABLE as error:
        return _malformed(error)
    try:
        process_event(payload=request.body.decode())
    except MalformedEvent as error:
        return _malformed(error)
    except stripe.StripeError:
        logger.exception("Stripe webhook could not reach Stripe; it will retry")
        return JsonResponse({"error": "try again later"}, status=503)
    return HttpResponse(status=200)
