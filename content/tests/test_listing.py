"""/learn/ lists articles and courses, newest first, with what each costs."""

import pytest

from content.tests.factories import ArticlePageFactory, CoursePageFactory

pytestmark = pytest.mark.django_db


def test_lists_articles_and_courses_with_their_access(client):
    ArticlePageFactory(title="Open notes", access="free")
    ArticlePageFactory(title="Members notes", access="membership")
    CoursePageFactory(title="Paid course", access="purchase", price="20.00")
    html = client.get("/learn/").content.decode()
    for title in ("Open notes", "Members notes", "Paid course"):
        assert title in html
    assert "20.00 EUR" in html
    assert "Members" in html


def test_type_filter_and_bad_page_numbers(client):
    ArticlePageFactory(title="Open notes")
    CoursePageFactory(title="A course")
    html = client.get("/learn/?type=course").content.decode()
    assert "A course" in html and "Open notes" not in html
    assert client.get("/learn/?page=999").status_code == 200
    assert client.get("/learn/?page=abc&type=%ff").status_code == 200


def test_next_page_link_keeps_the_type_filter(client):
    ArticlePageFactory.create_batch(13)
    html = client.get("/learn/?type=article").content.decode()
    assert 'rel="next" href="?type=article&amp;page=2"' in html


@pytest.fixture
def fragments_on(settings):
    settings.FRAGMENT_CACHE_SECONDS = 60


def test_kept_results_are_per_kind_and_page(client, fragments_on):
    ArticlePageFactory(title="Open notes")
    CoursePageFactory(title="A course")
    client.get("/learn/?type=article")
    html = client.get("/learn/?type=course").content.decode()
    assert "A course" in html and "Open notes" not in html
    ArticlePageFactory.create_batch(13)
    first, second = (
        client.get(f"/learn/?type=article&page={n}").content.decode() for n in (1, 2)
    )
    assert first != second


def test_a_published_article_is_listed_at_once(
    client, fragments_on, django_capture_on_commit_callbacks
):
    draft = ArticlePageFactory(title="Fresh notes", live=False)
    client.get("/learn/")
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision().publish()
    assert "Fresh notes" in client.get("/learn/").content.decode()
