"""Membership prices Stripe would refuse are refused in the settings, with
the currency's minimum named."""

import pytest

from accounts.tests.factories import UserFactory
from payments.models import PaymentSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def save(admin_client, **prices):
    data = {
        "membership_monthly_price": "15.00",
        "membership_yearly_price": "150.00",
        "currency": "EUR",
        "trial_days": "0",
        "free_articles_per_month": "3",
        "seat_refund_hours": "48",
        **prices,
    }
    url = f"/admin/settings/payments/paymentsettings/{PaymentSettings.load().pk}/"
    return admin_client.post(url, data)


def test_a_membership_price_below_stripes_minimum_is_refused(admin_client):
    response = save(admin_client, membership_monthly_price="0.40")
    assert response.status_code == 200  # the form again, with the error
    html = response.content.decode()
    assert "Stripe cannot charge less than 0.50 EUR" in html
    assert PaymentSettings.load().membership_monthly_price == 15


def test_the_minimum_follows_the_currency(admin_client):
    response = save(
        admin_client,
        currency="GBP",
        membership_monthly_price="0.29",
        membership_yearly_price="0.30",
    )
    html = response.content.decode()
    assert "Stripe cannot charge less than 0.30 GBP" in html
    assert html.count("Stripe cannot charge less than") == 1  # not the yearly

    assert save(admin_client, currency="GBP", membership_monthly_price="0.30")[
        "Location"
    ]
    assert str(PaymentSettings.load().membership_monthly_price) == "0.30"
