"""Buying one premium page: Checkout from our price, access only from the
webhook, refunds take it away, and what is already owned is not sold twice."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from content.tests.factories import SECRET, ArticlePageFactory
from core.tests.factories import restrict
from payments import errors
from payments.access import can_view
from payments.models import Entitlement, Payment
from payments.tests.stripe_fakes import deliver_refund, post_webhook, stub_checkout
from payments.tests.stripe_objects import checkout_session, completed_session, invoice
from sessions.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return ArticlePageFactory(access="purchase", price="9.00", currency="EUR")


@pytest.fixture
def buyer(client):
    member = MemberFactory()
    client.force_login(member)
    return member


def buy(client, article):
    return client.post(
        "/payments/checkout/",
        {"kind": "page", "object_id": article.pk, "next": article.url},
    )


def test_paying_unlocks_the_page_only_when_the_webhook_arrives(
    client, article, buyer, stripe_api
):
    stub_checkout(stripe_api)
    response = buy(client, article)
    assert response["Location"].startswith("https://checkout.stripe.test/")
    (call,) = stripe_api.calls("POST", "/v1/checkout/sessions")
    assert call["form"]["line_items[0][price_data][unit_amount]"] == "900"
    assert call["form"]["mode"] == "payment"
    payment = Payment.objects.get(user=buyer)
    assert SECRET not in client.get(article.url).content.decode()

    post_webhook(client, "checkout.session.completed", completed_session(payment))
    assert SECRET in client.get(article.url).content.decode()
    assert Entitlement.objects.filter(user=buyer, object_id=article.pk).count() == 1


def test_second_purchase_of_what_is_owned_is_refused_before_stripe(
    client, article, buyer, stripe_api
):
    Entitlement.objects.create(user=buyer, kind="page", object_id=article.pk)
    response = buy(client, article)
    assert response.status_code == 302
    assert not stripe_api.calls("POST", "/v1/checkout/sessions")
    messages = [str(m) for m in response.wsgi_request._messages]
    assert str(errors.ALREADY_OWNED) in messages


def test_clicking_pay_twice_reuses_the_open_checkout(
    client, article, buyer, stripe_api
):
    stub_checkout(stripe_api)
    first = buy(client, article)
    second = buy(client, article)
    assert first["Location"] == second["Location"]
    assert len(stripe_api.calls("POST", "/v1/checkout/sessions")) == 1


def test_refund_takes_access_away(client, article, buyer, stripe_api):
    stub_checkout(stripe_api)
    buy(client, article)
    payment = Payment.objects.get()
    post_webhook(client, "checkout.session.completed", completed_session(payment))
    deliver_refund(client, amount=900)
    payment.refresh_from_db()
    assert payment.status == Payment.Status.REFUNDED
    assert not can_view(buyer, article)
    assert SECRET not in client.get(article.url).content.decode()


def test_partial_refund_keeps_access(client, article, buyer, stripe_api):
    stub_checkout(stripe_api)
    buy(client, article)
    payment = Payment.objects.get()
    post_webhook(client, "checkout.session.completed", completed_session(payment))
    deliver_refund(client, amount=300, charged=900)
    assert can_view(buyer, article)
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PARTIALLY_REFUNDED


def test_refund_arriving_before_the_payment_never_grants(
    client, article, buyer, stripe_api
):
    stub_checkout(stripe_api)
    buy(client, article)
    payment = Payment.objects.get()
    deliver_refund(client, amount=900)
    post_webhook(client, "checkout.session.completed", completed_session(payment))
    payment.refresh_from_db()
    assert payment.status == Payment.Status.REFUNDED
    assert not can_view(buyer, article)


def test_completed_session_for_an_unknown_payment_is_ignored(
    client, article, buyer, stripe_api
):
    stub_checkout(stripe_api)
    buy(client, article)
    payment = Payment.objects.get()
    forged = checkout_session(payment, amount_total=1, intent="pi_x")
    forged.update(id="cs_forged")
    response = post_webhook(client, "checkout.session.completed", forged)
    assert response.status_code == 200
    assert not Entitlement.objects.exists()


def test_stripe_down_shows_a_message_and_grants_nothing(
    client, article, buyer, stripe_api
):
    stripe_api.on("POST", "/v1/customers", {"id": "cus_1", "object": "customer"})
    stripe_api.fail("POST", "/v1/checkout/sessions")
    response = buy(client, article)
    assert response.status_code == 302
    assert response["Location"] == article.url
    payment = Payment.objects.get()
    assert payment.status == Payment.Status.FAILED
    assert not can_view(buyer, article)


def test_without_stripe_keys_the_buy_button_explains(client, article, buyer, settings):
    settings.STRIPE_SECRET_KEY = ""
    html = client.get(article.url).content.decode()
    assert "Payments are not available yet" in html
    assert "STRIPE_SECRET_KEY" not in html  # the setting's name is for staff
    response = buy(client, article)
    assert not Payment.objects.exists()
    messages = [str(m) for m in response.wsgi_request._messages]
    assert str(errors.NOT_CONFIGURED) in messages


def test_a_free_page_is_not_for_sale(client, buyer, stripe_api):
    free = ArticlePageFactory(access="free")
    buy(client, free)
    assert not Payment.objects.exists()
    assert not stripe_api.requests


def test_a_page_for_members_only_is_sold_to_a_member(client, buyer, stripe_api):
    article = ArticlePageFactory(access="purchase", price="9.00")
    restrict(article, PageViewRestriction.LOGIN)
    stub_checkout(stripe_api)
    response = buy(client, article)
    assert response["Location"].startswith("https://checkout.stripe.test/")
    assert Payment.objects.get().object_id == article.pk


@pytest.mark.parametrize("kind", ["password", "another group"])
def test_a_page_the_member_may_not_see_is_not_for_sale(client, buyer, stripe_api, kind):
    article = ArticlePageFactory(access="purchase", price="9.00")
    if kind == "password":
        restrict(article)
    else:
        partners = Group.objects.create(name="Partners")
        restrict(article, PageViewRestriction.GROUPS, groups=[partners])
    response = buy(client, article)
    messages = [str(m) for m in response.wsgi_request._messages]
    assert str(errors.NOT_FOR_SALE) in messages
    assert not Payment.objects.exists()
    assert not stripe_api.requests


def test_anonymous_visitors_are_sent_to_log_in(client, article, stripe_api):
    response = buy(client, article)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("invoice_first", [False, True])
def test_receipt_of_a_one_off_purchase_reaches_the_billing_page(
    client, article, buyer, stripe_api, invoice_first
):
    stub_checkout(stripe_api)
    buy(client, article)
    payment = Payment.objects.get()
    receipt = invoice(invoice_id="in_one_off", amount=900)
    completed = completed_session(payment, invoice="in_one_off")
    events = [("checkout.session.completed", completed), ("invoice.paid", receipt)]
    for event_type, obj in reversed(events) if invoice_first else events:
        post_webhook(client, event_type, obj)
    html = client.get("/dashboard/billing/").content.decode()
    assert "https://invoice.stripe.test/in_one_off" in html
