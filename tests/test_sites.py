"""The request's Site and root page come from the cache (core.sites), and
what editors change about them shows on the next request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from home.tests.factories import HomePageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db


def _tables_read(client, path: str) -> str:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return " ".join(query["sql"] for query in queries)


def test_a_page_request_reads_neither_the_site_nor_its_root_page(client, site_root):
    StandardPageFactory(parent=site_root, slug="about", title="About")
    client.get("/about/")

    sql = _tables_read(client, "/about/")

    assert "wagtailcore_site" not in sql
    assert "home_homepage" not in sql


def test_a_published_change_to_the_home_page_shows_at_once(
    client, site_root, django_capture_on_commit_callbacks
):
    client.get("/")
    site_root.hero_heading = "Fresh words for the home page"
    with django_capture_on_commit_callbacks(execute=True):
        site_root.save_revision().publish()

    assert "Fresh words for the home page" in client.get("/").text


def test_pointing_the_site_at_another_root_page_routes_there(
    client, root_page, site_root, django_capture_on_commit_callbacks
):
    client.get("/")
    other = HomePageFactory(parent=root_page, slug="other-home", title="Other")
    StandardPageFactory(parent=other, slug="only-here", title="Only here")
    assert client.get("/only-here/").status_code == 404

    site = Site.objects.get(is_default_site=True)
    site.root_page = other
    with django_capture_on_commit_callbacks(execute=True):
        site.save()

    assert client.get("/only-here/").status_code == 200


def test_each_host_is_resolved_on_its_own(client, root_page, site_root, settings):
    settings.ALLOWED_HOSTS = ["testserver", "learn.example"]
    other = HomePageFactory(parent=root_page, slug="learn-home", title="Learn")
    StandardPageFactory(parent=other, slug="only-here", title="Only here")
    Site.objects.create(hostname="learn.example", root_page=other)
    client.get("/")

    assert client.get("/only-here/").status_code == 404
    assert client.get("/only-here/", HTTP_HOST="learn.example").status_code == 200
