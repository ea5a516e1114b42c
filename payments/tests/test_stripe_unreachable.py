"""A Stripe that takes connections and never answers: the member who pays
is told payments are unavailable, in time. Sync web workers are killed
after gunicorn's 30 s timeout (gunicorn.conf.py); a request still waiting
on Stripe then would drop the member's connection instead."""

import socket
import time

import pytest
from django.contrib.messages import get_messages

from payments import errors

pytestmark = pytest.mark.django_db


@pytest.fixture
def silent_stripe(settings):
    # The kernel completes connections into the backlog; nothing reads or
    # answers them, as with a Stripe that hangs.
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    settings.STRIPE_SECRET_KEY = "sk_test_silent"
    settings.STRIPE_WEBHOOK_SECRET = "whsec_silent"
    settings.STRIPE_API_BASE = f"http://127.0.0.1:{server.getsockname()[1]}"
    settings.STRIPE_TIMEOUT_SECONDS = 0.3
    yield
    server.close()


def test_paying_while_stripe_hangs_says_payments_are_unavailable_in_time(
    client, member, silent_stripe
):
    started = time.monotonic()
    response = client.post(
        "/payments/checkout/", {"kind": "membership", "plan": "monthly"}
    )
    # Three tries of 0.3 s and the library's back-off between them.
    assert time.monotonic() - started < 10
    assert response.status_code == 302
    shown = [str(message) for message in get_messages(response.wsgi_request)]
    assert shown == [errors.STRIPE_UNAVAILABLE]
