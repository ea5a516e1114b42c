"""/learn/ and an article or course page stay within the query budget
(core.testing) for a visitor and for a member, however many pages there
are."""

import pytest

from content.tests.factories import ArticlePageFactory, CoursePageFactory
from core.testing import assert_within_budget, page_queries

pytestmark = pytest.mark.django_db


def test_the_listing_costs_the_same_for_one_page_or_fifteen(page_viewer):
    ArticlePageFactory()
    for path in ("/learn/", "/learn/?type=article"):
        few = assert_within_budget(page_viewer, path)
        ArticlePageFactory.create_batch(7)
        CoursePageFactory.create_batch(7, access="purchase", price="20.00")
        assert page_queries(page_viewer, path) == few


@pytest.mark.parametrize(
    "factory, access",
    [
        (ArticlePageFactory, "free"),
        (ArticlePageFactory, "membership"),
        (CoursePageFactory, "purchase"),
    ],
)
def test_a_content_page_stays_within_budget(page_viewer, factory, access):
    extra = {"price": "20.00"} if access == "purchase" else {}
    page = factory(access=access, **extra)
    few = assert_within_budget(page_viewer, page.url)
    factory.create_batch(5, access=access, **extra)
    assert page_queries(page_viewer, page.url) == few
