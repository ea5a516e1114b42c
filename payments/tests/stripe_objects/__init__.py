"""Stripe's own example objects, for the events and API answers our tests
use. The JSON files beside this module are copied verbatim from Stripe's
public `stripe/openapi` repository (complete objects, never trimmed):

- `fixtures3.private_preview.json`, from `openapi/fixtures3.private_preview.json`
  (commit 00541411c70146275e5fd58fcbb0644326df7fff): the shapes of the API
  version this site pins (`invoice.parent`, periods on subscription items,
  `invoice_payment`), which events are built from;
- `fixtures3.json`, from `openapi/fixtures3.json` (commit
  19f3c4471a19203eefa9b8e04d83b471a7ed2c00): the same resources rendered at
  API version 2022-11-15, for events of an older version.

The builders below change only ids, metadata, amounts, statuses and times
(what differs from one purchase to the next); every other field is Stripe's.
Amounts are in minor units, as Stripe sends them.
"""

import copy
import itertools
import json
import time
from decimal import Decimal
from functools import cache
from pathlib import Path

from payments import gateway

HERE = Path(__file__).parent
CURRENT = "fixtures3.private_preview.json"
OLDER = "fixtures3.json"
DAY = 86400
_ids = itertools.count(1)


@cache
def _resources(name: str) -> dict:
    return json.loads((HERE / name).read_text())["resources"]


def stripe_object(resource: str, *, older: bool = False) -> dict:
    """A fresh copy of Stripe's example of `resource`."""
    return copy.deepcopy(_resources(OLDER if older else CURRENT)[resource])


def new_id(prefix: str) -> str:
    return f"{prefix}_test{next(_ids)}"


def now() -> int:
    return int(time.time())


def event(
    event_type: str,
    obj: dict,
    *,
    created: int | None = None,
    event_id: str | None = None,
    api_version: str | None = gateway.API_VERSION,
) -> dict:
    """Stripe's event envelope around `obj`."""
    envelope = stripe_object("event")
    envelope.update(
        id=event_id or new_id("evt"),
        type=event_type,
        created=now() if created is None else created,
        api_version=api_version,
        pending_webhooks=1,
        data={"object": obj},
    )
    return envelope


def our_metadata(payment) -> dict:
    """What our checkout puts in a session's (and subscription's) metadata."""
    return {
        "payment_id": str(payment.pk),
        "user_id": str(payment.user_id),
        "kind": payment.kind,
        "object_id": str(payment.object_id or ""),
        "plan": payment.plan,
    }


def minor(amount) -> int:
    return int(Decimal(str(amount)) * 100)


def customer(customer_id: str = "cus_test", email: str = "member@example.com"):
    obj = stripe_object("customer")
    obj.update(id=customer_id, email=email, currency="eur", discount=None)
    return obj


def price(*, amount: int = 1500, interval: str | None = "month") -> dict:
    obj = stripe_object("price")
    obj.update(id=new_id("price"), currency="eur", unit_amount=amount)
    obj["unit_amount_decimal"] = str(amount)
    if interval:
        obj["recurring"]["interval"] = interval
    else:
        obj.update(type="one_time", recurring=None)
    return obj


def product(name: str = "MasteryHub membership") -> dict:
    obj = stripe_object("product")
    obj.update(id=new_id("prod"), name=name, description=None)
    return obj


def plan(*, amount: int = 1500, interval: str = "month") -> dict:
    obj = stripe_object("plan")
    obj.update(id=new_id("price"), currency="eur", amount=amount, interval=interval)
    obj["amount_decimal"] = str(amount)
    return obj


def checkout_session(
    payment,
    *,
    amount_total: int | None = None,
    payment_status: str = "paid",
    status: str = "complete",
    intent: str | None = "pi_test",
    subscription: str | None = None,
    invoice: str | None = None,
    customer_id: str = "cus_test",
) -> dict:
    """The Checkout Session of one of our payments, as Stripe reports it."""
    obj = stripe_object("checkout.session")
    total = minor(payment.amount) if amount_total is None else amount_total
    membership = payment.kind == "membership"
    obj.update(
        id=payment.stripe_checkout_session_id,
        mode="subscription" if membership else "payment",
        amount_subtotal=total,
        amount_total=total,
        currency=payment.currency.lower(),
        customer=customer_id,
        client_reference_id=str(payment.pk),
        metadata=our_metadata(payment),
        payment_intent=None if membership else intent,
        subscription=subscription,
        invoice=invoice,
        payment_status=payment_status,
        status=status,
        url=None,
    )
    return obj


def completed_session(payment, *, intent: str = "pi_test", **changes) -> dict:
    """A one-off payment's session, paid."""
    return checkout_session(payment, intent=intent, **changes)


def subscription(
    user,
    *,
    subscription_id: str = "sub_test",
    status: str = "active",
    period_end: int | None = None,
    interval: str = "month",
    amount: int = 1500,
    cancel_at_period_end: bool = False,
    ended_at: int | None = None,
    payment=None,
    customer_id: str = "cus_test",
) -> dict:
    obj = stripe_object("subscription")
    end = period_end or now() + 30 * DAY
    start = end - (365 if interval == "year" else 30) * DAY
    metadata = our_metadata(payment) if payment else {"user_id": str(user.pk)}
    obj.update(
        id=subscription_id,
        customer=customer_id,
        currency="eur",
        status=status,
        metadata=metadata,
        cancel_at_period_end=cancel_at_period_end,
        cancel_at=end if cancel_at_period_end else None,
        canceled_at=ended_at if status == "canceled" else None,
        ended_at=ended_at,
        trial_end=None,
        trial_start=None,
        start_date=start,
        billing_cycle_anchor=start,
        discounts=[],
        pending_update=None,
        pause_collection=None,
        transfer_data=None,
    )
    (item,) = obj["items"]["data"]
    item.update(
        id=f"si_{subscription_id}",
        subscription=subscription_id,
        current_period_start=start,
        current_period_end=end,
        discounts=[],
    )
    item["price"].update(currency="eur", unit_amount=amount)
    item["price"]["unit_amount_decimal"] = str(amount)
    item["price"]["recurring"]["interval"] = interval
    obj["items"]["url"] = f"/v1/subscription_items?subscription={subscription_id}"
    return obj


def invoice(
    *,
    invoice_id: str = "in_test",
    subscription_id: str | None = None,
    metadata: dict | None = None,
    amount: int = 1500,
    billing_reason: str = "subscription_cycle",
    status: str = "paid",
    period_end: int | None = None,
    interval_days: int = 30,
    customer_id: str = "cus_test",
) -> dict:
    """A finalised invoice: a subscription's (`subscription_id`) or, without
    one, the receipt of a one-off purchase."""
    obj = stripe_object("invoice")
    paid = status == "paid"
    end = period_end or now() + interval_days * DAY
    obj.update(
        id=invoice_id,
        customer=customer_id,
        currency="eur",
        billing_reason=billing_reason if subscription_id else "manual",
        status=status,
        amount_due=amount,
        amount_paid=amount if paid else 0,
        amount_remaining=0 if paid else amount,
        amount_overpaid=0,
        subtotal=amount,
        subtotal_excluding_tax=amount,
        total=amount,
        total_excluding_tax=amount,
        attempted=status != "draft",
        attempt_count=0 if status == "draft" else 1,
        hosted_invoice_url=f"https://invoice.stripe.test/{invoice_id}",
        invoice_pdf=f"https://invoice.stripe.test/{invoice_id}.pdf",
        from_invoice=None,
        last_finalization_error=None,
        shipping_cost=None,
        next_payment_attempt=None if paid else now() + 3 * DAY,
    )
    obj["status_transitions"]["paid_at"] = now() if paid else None
    if subscription_id:
        obj["parent"] = {
            "quote_details": None,
            "subscription_details": {
                "metadata": metadata or {},
                "subscription": subscription_id,
            },
            "type": "subscription_details",
        }
    else:
        obj["parent"] = None
    (line,) = obj["lines"]["data"]
    line.update(
        id=f"il_{invoice_id}",
        amount=amount,
        currency="eur",
        subtotal=amount,
        period={"start": end - interval_days * DAY, "end": end},
    )
    if subscription_id:
        line["parent"].update(
            invoice_item_details=None, type="subscription_item_details"
        )
        line["parent"]["subscription_item_details"].update(
            subscription=subscription_id,
            subscription_item=f"si_{subscription_id}",
            proration=False,
            proration_details={"credited_items": None},
        )
    else:
        line["parent"]["subscription_item_details"] = None
        line["parent"]["invoice_item_details"].update(
            invoice_item=new_id("ii"),
            proration=False,
            proration_details={"credited_items": None},
        )
    obj["lines"]["url"] = f"/v1/invoices/{invoice_id}/lines"
    return obj


def invoice_payment(
    *, invoice_id: str, intent: str, amount: int = 1500, status: str = "paid"
) -> dict:
    obj = stripe_object("invoice_payment")
    obj.update(
        id=new_id("inpay"),
        invoice=invoice_id,
        livemode=False,
        currency="eur",
        amount_requested=amount,
        amount_paid=amount if status == "paid" else None,
        status=status,
        payment={"type": "payment_intent", "payment_intent": intent},
    )
    obj["status_transitions"]["paid_at"] = now() if status == "paid" else None
    return obj


def payment_intent(
    *,
    intent: str = "pi_test",
    amount: int = 900,
    status: str = "succeeded",
    metadata: dict | None = None,
    latest_charge=None,
    customer_id: str = "cus_test",
) -> dict:
    obj = stripe_object("payment_intent")
    succeeded = status == "succeeded"
    obj.update(
        id=intent,
        client_secret=f"{intent}_secret_test",
        amount=amount,
        amount_received=amount if succeeded else 0,
        currency="eur",
        customer=customer_id,
        metadata=metadata or {},
        status=status,
        canceled_at=None,
        next_action=None,
        processing=None,
        last_payment_error=None
        if status != "requires_payment_method"
        else {"type": "card_error"},
        latest_charge=latest_charge,
        transfer_data=None,
    )
    return obj


def charge(
    *,
    charge_id: str = "ch_test",
    intent: str = "pi_test",
    amount: int = 900,
    refunded: int = 0,
    status: str = "succeeded",
    balance_transaction: str | dict | None = "txn_test",
) -> dict:
    obj = stripe_object("charge")
    obj.update(
        id=charge_id,
        payment_intent=intent,
        amount=amount,
        amount_captured=amount if status == "succeeded" else 0,
        amount_refunded=refunded,
        refunded=refunded >= amount,
        captured=status == "succeeded",
        paid=status == "succeeded",
        status=status,
        currency="eur",
        customer="cus_test",
        balance_transaction=balance_transaction,
        failure_code="card_declined" if status == "failed" else None,
        transfer_data=None,
        source=None,
    )
    obj["refunds"]["url"] = f"/v1/charges/{charge_id}/refunds"
    return obj


def refunded_charge(intent: str = "pi_test", amount: int = 900, refunded=None):
    """The charge `charge.refunded` reports: refunded in full by default."""
    return charge(
        charge_id=f"ch_{intent}",
        intent=intent,
        amount=amount,
        refunded=amount if refunded is None else refunded,
    )


def refund(
    *,
    refund_id: str | None = None,
    intent: str = "pi_test",
    amount: int = 900,
    status: str = "succeeded",
    reason: str | None = "requested_by_customer",
    created: int | None = None,
) -> dict:
    obj = stripe_object("refund")
    obj.update(
        id=refund_id or new_id("re"),
        charge=f"ch_{intent}",
        payment_intent=intent,
        amount=amount,
        currency="eur",
        status=status,
        reason=reason,
        created=now() if created is None else created,
    )
    return obj


def refund_list(*refunds: dict) -> dict:
    """`GET /v1/refunds` as Stripe answers it."""
    return {
        "object": "list",
        "data": list(refunds),
        "has_more": False,
        "url": "/v1/refunds",
    }


def balance_transaction(*, fee: int, currency: str = "eur", amount: int = 900):
    obj = stripe_object("balance_transaction")
    obj.update(
        id="txn_test",
        amount=amount,
        fee=fee,
        net=amount - fee,
        currency=currency,
        source="ch_test",
        status="pending",
    )
    return obj
