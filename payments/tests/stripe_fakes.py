"""Stripe in tests: the real `stripe` library with only its HTTP transport
replaced, and webhook payloads signed exactly as Stripe signs them.

    stripe_api.on("POST", "/v1/checkout/sessions", {"id": "cs_1", "url": ...})
    payload, header = signed_event("checkout.session.completed", session)
    client.post("/payments/webhook/", payload, content_type=..., headers=...)
"""

import hashlib
import hmac
import itertools
import json
import time
from urllib.parse import parse_qs, urlsplit

from stripe import HTTPClient

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


def event(event_type: str, obj: dict, *, created=None, event_id=None) -> dict:
    return {
        "id": event_id or f"evt_{next(_ids)}",
        "object": "event",
        "api_version": "2026-10-28.endive",
        "created": int(created if created is not None else time.time()),
        "type": event_type,
        "livemode": False,
        "pending_webhooks": 1,
        "data": {"object": obj},
    }


def signed_event(event_type: str, obj: dict, **kwargs) -> tuple[str, str]:
    payload = json.dumps(event(event_type, obj, **kwargs))
    return payload, sign(payload)


def post_webhook(client, event_type: str, obj: dict, **kwargs):
    """Deliver one signed event to /payments/webhook/, as Stripe would."""
    payload, header = signed_event(event_type, obj, **kwargs)
    return client.post(
        "/payments/webhook/",
        payload,
        content_type="application/json",
        headers={"stripe-signature": header},
    )


def stub_checkout(fake: FakeStripe, session_id: str = "cs_test_1") -> None:
    fake.on("POST", "/v1/customers", {"id": "cus_1", "object": "customer"})
    fake.on(
        "POST",
        "/v1/checkout/sessions",
        {
            "id": session_id,
            "object": "checkout.session",
            "url": f"https://checkout.stripe.test/c/{session_id}",
        },
    )


def completed_session(payment, *, intent: str = "pi_1", **extra) -> dict:
    """The Checkout Session Stripe sends with checkout.session.completed for
    a one-off payment of ours."""
    return {
        "id": payment.stripe_checkout_session_id,
        "object": "checkout.session",
        "mode": "payment",
        "payment_status": "paid",
        "amount_total": int(payment.amount * 100),
        "currency": payment.currency.lower(),
        "payment_intent": intent,
        "metadata": {"payment_id": str(payment.pk)},
        **extra,
    }


def refunded_charge(intent: str = "pi_1", amount: int = 900, refunded=None) -> dict:
    return {
        "id": f"ch_{intent}",
        "object": "charge",
        "payment_intent": intent,
        "amount": amount,
        "amount_refunded": amount if refunded is None else refunded,
        "refunded": refunded is None or refunded >= amount,
    }
