"""Stripe in tests: the real `stripe` library with only its HTTP transport
replaced, and webhook payloads signed exactly as Stripe signs them. Objects
(answers and events) are built from Stripe's own examples
(payments/tests/stripe_objects).

    stripe_api.on("POST", "/v1/checkout/sessions", checkout_session(...))
    post_webhook(client, "checkout.session.completed", completed_session(p))
"""

import hashlib
import hmac
import itertools
import json
import time
from urllib.parse import parse_qs, urlsplit

from stripe import HTTPClient

from payments.tests.stripe_objects import (
    charge,
    customer,
    event,
    refund,
    stripe_object,
)

WEBHOOK_SECRET = "whsec_test_secret"
_ids = itertools.count(1)


class FakeStripe(HTTPClient):
    """Answers the Stripe API from canned responses and records every
    request (method, path, decoded form body, headers)."""

    name = "fake"

    def __init__(self):
        super().__init__()
        self.requests: list[dict] = []
        self.routes: dict[tuple[str, str], list] = {}

    def on(self, method: str, path: str, body, status: int = 200) -> None:
        """Queue a response (a dict, or a function of the request's form
        returning one); the last one queued for a route repeats."""
        self.routes.setdefault((method, path), []).append((status, body))

    def fail(self, method: str, path: str, status: int = 500) -> None:
        self.on(method, path, {"error": {"message": "Stripe is down"}}, status)

    def calls(self, method: str, path: str) -> list[dict]:
        return [r for r in self.requests if (r["method"], r["path"]) == (method, path)]

    def request(self, method, url, headers, post_data=None, *, _usage=None):
        method = method.upper()
        path = urlsplit(url).path
        form = {
            key: values[0]
            for key, values in parse_qs(post_data or "", keep_blank_values=True).items()
        }
        self.requests.append(
            {
                "method": method,
                "url": url,
                "path": path,
                "form": form,
                "headers": dict(headers),
            }
        )
        queued = self.routes.get((method, path))
        if not queued:
            body = {"error": {"message": f"No fake for {method} {path}"}}
            return json.dumps(body), 404, {}
        status, body = queued.pop(0) if len(queued) > 1 else queued[0]
        if callable(body):
            body = body(form)
        return json.dumps(body), status, {"request-id": f"req_{next(_ids)}"}

    def request_stream(self, *args, **kwargs):
        raise NotImplementedError

    def close(self):
        pass


def sign(payload: str, *, secret: str = WEBHOOK_SECRET, timestamp=None) -> str:
    """The Stripe-Signature header for this payload (Stripe's v1 scheme)."""
    timestamp = int(timestamp if timestamp is not None else time.time())
    signed = f"{timestamp}.{payload}".encode()
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def signed_event(event_type: str, obj: dict, **kwargs) -> tuple[str, str]:
    payload = json.dumps(event(event_type, obj, **kwargs), indent=2)
    return payload, sign(payload)


def deliver(client, payload: str, header: str | None = None):
    """POST a body to /payments/webhook/ as Stripe does (signed unless a
    header is given)."""
    return client.post(
        "/payments/webhook/",
        payload,
        content_type="application/json; charset=utf-8",
        headers={"stripe-signature": sign(payload) if header is None else header},
    )


def post_webhook(client, event_type: str, obj: dict, **kwargs):
    """Deliver one signed event to /payments/webhook/, as Stripe would."""
    return deliver(client, *signed_event(event_type, obj, **kwargs))


def stub_checkout(fake: FakeStripe, session_id: str = "cs_test_1") -> None:
    """Stripe's answers to creating a customer and a Checkout Session."""
    session = stripe_object("checkout.session")
    session.update(
        id=session_id,
        url=f"https://checkout.stripe.test/c/{session_id}",
        amount_total=None,
        status="open",
        payment_status="unpaid",
    )
    fake.on("POST", "/v1/customers", customer("cus_test"))
    fake.on("POST", "/v1/checkout/sessions", session)


def deliver_refund(
    client,
    *,
    intent: str = "pi_test",
    amount: int = 900,
    charged: int | None = None,
    refunded_before: int = 0,
    status: str = "succeeded",
) -> dict:
    """A refund as Stripe reports it: the refund itself, then the charge
    with its refunded total. Returns the refund."""
    refunded = refund(intent=intent, amount=amount, status=status)
    post_webhook(client, "refund.created", refunded)
    total = refunded_before + amount
    post_webhook(
        client,
        "charge.refunded",
        charge(
            charge_id=f"ch_{intent}",
            intent=intent,
            amount=charged or amount,
            refunded=total,
        ),
    )
    return refunded
