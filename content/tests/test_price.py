"""A page sold on its own cannot be priced below what Stripe charges."""

import pytest

from content.models import ArticlePage
from content.tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


def price_errors(article, price: str, currency: str) -> list[str]:
    form_class = ArticlePage.get_edit_handler().get_form_class()
    data = {
        "title": article.title,
        "slug": article.slug,
        "summary": article.summary,
        "author": article.author_id,
        "access": "purchase",
        "price": price,
        "currency": currency,
        "body-count": 0,
    }
    form = form_class(data, instance=article, for_user=article.author, parent_page=None)
    form.is_valid()
    return form.errors.get("price", [])


def test_a_purchase_price_below_stripes_minimum_is_refused():
    article = ArticlePageFactory()
    assert price_errors(article, "0.20", "EUR") == [
        "Stripe cannot charge less than 0.50 EUR: set at least 0.50 EUR."
    ]
    assert "0.30 GBP" in price_errors(article, "0.10", "GBP")[0]


def test_a_price_stripe_accepts_is_kept():
    article = ArticlePageFactory()
    # GBP's minimum is lower than the euro's.
    assert price_errors(article, "0.40", "GBP") == []
    assert price_errors(article, "0.50", "EUR") == []
