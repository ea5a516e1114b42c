"""A visitor meets the paywall on a premium article, signs in, pays through
(stubbed) Stripe Checkout, waits on the return page until the webhook
arrives, then reads the whole article."""

import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD
from content.tests.factories import SECRET, TEASER, ArticlePageFactory
from payments.models import Payment
from payments.tests.stripe_fakes import post_webhook
from payments.tests.stripe_objects import completed_session, customer, stripe_object
from sessions.tests.factories import MemberFactory
from tests.browser.conftest import describe

pytestmark = pytest.mark.django_db(transaction=True)


def test_visitor_pays_for_an_article_and_reads_it_after_the_webhook(
    page, live_server, axe_violations, stripe_api, settings
):
    settings.SITE_URL = live_server.url
    article = ArticlePageFactory(
        title="Zero-downtime migrations", access="purchase", price="9.00"
    )
    member = MemberFactory(email="ines@example.com")
    # "Stripe" here sends the browser straight back to our success URL, as a
    # completed Checkout would.
    stripe_api.on("POST", "/v1/customers", customer())
    stripe_api.on(
        "POST",
        "/v1/checkout/sessions",
        lambda form: {
            **stripe_object("checkout.session"),
            "id": "cs_browser",
            "url": form["success_url"].replace("{CHECKOUT_SESSION_ID}", "cs_browser"),
        },
    )

    page.goto(live_server.url + article.url)
    expect(page.locator(".content-page")).to_contain_text(TEASER)
    expect(page.locator(".paywall")).to_contain_text("Sign in")
    assert SECRET not in page.content()
    violations = axe_violations(page)
    assert not violations, describe(violations)

    page.locator(".paywall").get_by_role("link", name="Sign in").click()
    page.locator("#id_login").fill(member.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form").get_by_role("button", name=re.compile("Sign In", re.I)).click()
    expect(page).to_have_url(re.compile(re.escape(article.url) + "$"))

    page.get_by_role("button", name=re.compile(r"Buy — 9\.00 EUR")).click()
    expect(page).to_have_url(re.compile(r"/payments/return/\d+/"))
    status = page.locator("[data-payment-status]")
    expect(status).to_contain_text("waiting for the payment provider")
    violations = axe_violations(page)
    assert not violations, describe(violations)
    assert SECRET not in Client().get(article.url).content.decode()

    payment = Payment.objects.get(user=member)
    post_webhook(Client(), "checkout.session.completed", completed_session(payment))
    # The page asks the server every two seconds and reloads once paid.
    expect(status).to_contain_text("Payment received", timeout=15_000)
    page.get_by_role("link", name="Continue").click()
    expect(page.locator(".content-page")).to_contain_text(SECRET)
    expect(page.locator(".paywall")).to_have_count(0)
