"""A session price Stripe would refuse (between 0.01 and its minimum for the
currency) is refused in the session editor; free (0) stays free."""

import pytest

from sessions.tests.factories import SessionPageFactory, session_editor_form

pytestmark = pytest.mark.django_db


def price_errors(session, price: str, currency: str) -> list[str]:
    data = {
        "price": price,
        "currency": currency,
        "starts_at": "2031-07-01 18:00",
        "ends_at": "2031-07-01 20:00",
        "time_zone": "UTC",
    }
    form = session_editor_form(session.host, data, session)
    form.is_valid()
    return form.errors.get("price", [])


def test_a_price_below_stripes_minimum_is_refused_with_the_minimum_named():
    session = SessionPageFactory()
    assert price_errors(session, "0.20", "EUR") == [
        "Stripe cannot charge less than 0.50 EUR: set 0 for free, or at least 0.50 EUR."
    ]
    assert "0.50 USD" in price_errors(session, "0.49", "USD")[0]
    assert "0.30 GBP" in price_errors(session, "0.29", "GBP")[0]


def test_free_and_chargeable_prices_are_accepted():
    session = SessionPageFactory()
    assert price_errors(session, "0", "EUR") == []
    assert price_errors(session, "0.50", "EUR") == []
    assert price_errors(session, "0.30", "GBP") == []
