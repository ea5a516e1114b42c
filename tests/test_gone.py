"""Deleted live pages answer 410 Gone (core.signals, core.middleware), unless
staff made a redirect for the address; publishing there again brings a 200.

Here rather than in core/tests: core may not import the page apps whose
pages it records (the import-linter layers contract)."""

import pytest
from django.db import connection
from django.db.models.signals import pre_delete
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Site

from accounts.tests.factories import StaffFactory, UserFactory
from core import signals
from core.models import RemovedPage
from experts.tests.factories import GroupExpertFactory
from sessions.tests.factories import SessionPageFactory, get_session_index

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(site_root):
    return SessionPageFactory(title="SQL basics", slug="sql-basics")


def assert_gone(response):
    assert response.status_code == 410
    html = response.content.decode()
    assert "This page was removed" in html
    assert '<meta name="robots" content="noindex">' in html
    assert html.count("<h1") == 1


def test_deleted_live_page_answers_410(client, session):
    session.delete()

    assert_gone(client.get("/sessions/sql-basics/"))
    removed = RemovedPage.objects.get()
    assert (removed.site, removed.path, removed.title) == (
        Site.objects.get(is_default_site=True),
        "/sessions/sql-basics/",
        "SQL basics",
    )


def test_deleted_page_answers_410_without_trailing_slash(client, session):
    session.delete()

    assert_gone(client.get("/sessions/sql-basics"))


def test_410_page_offers_search_and_sections(client, session):
    session.delete()

    html = client.get("/sessions/sql-basics/").content.decode()
    assert 'action="/search/"' in html
    assert '<label class="visually-hidden" for="gone-search-q">' in html
    assert 'id="gone-search-q" name="q"' in html
    for href in ("/sessions/", "/experts/", "/learn/"):
        assert f'href="{href}"' in html


def test_deleted_draft_answers_404(client, site_root):
    draft = SessionPageFactory(slug="never-published", live=False)

    draft.delete()

    assert client.get("/sessions/never-published/").status_code == 404
    assert not RemovedPage.objects.exists()


def test_deleting_a_parent_marks_its_live_descendants_gone(client, site_root):
    index = get_session_index()
    SessionPageFactory(slug="first")
    SessionPageFactory(slug="second")
    SessionPageFactory(slug="draft", live=False)

    Page.objects.get(pk=index.pk).delete()

    for url in ("/sessions/", "/sessions/first/", "/sessions/second/"):
        assert client.get(url).status_code == 410, url
    assert client.get("/sessions/draft/").status_code == 404
    assert set(RemovedPage.objects.values_list("path", flat=True)) == {
        "/sessions/",
        "/sessions/first/",
        "/sessions/second/",
    }


def test_redirect_for_removed_address_wins(client, session):
    session.delete()
    Redirect.objects.create(
        old_path=Redirect.normalise_path("/sessions/sql-basics/"),
        redirect_link="/sessions/",
        is_permanent=True,
    )

    response = client.get("/sessions/sql-basics/")

    assert response.status_code == 301
    assert response["Location"] == "/sessions/"


def test_publishing_at_a_removed_address_serves_it_again(client, session):
    session.delete()
    replacement = SessionPageFactory(slug="sql-basics", live=False)

    replacement.save_revision().publish()

    assert client.get("/sessions/sql-basics/").status_code == 200
    assert not RemovedPage.objects.exists()


def test_deleting_again_refreshes_the_record(client, session):
    session.delete()
    first = RemovedPage.objects.get()
    replacement = SessionPageFactory(title="SQL basics, take two", slug="sql-basics")

    replacement.delete()

    removed = RemovedPage.objects.get()
    assert removed.title == "SQL basics, take two"
    assert removed.removed_at >= first.removed_at


@pytest.fixture
def wagtail_unpublishes_first():
    """Put core's pre_delete receiver after Wagtail's, which sets live=False
    on the instance (the order INSTALLED_APPS happens to give is the other
    one); restore the order afterwards."""
    receivers = pre_delete.receivers[:]
    pre_delete.disconnect(dispatch_uid="core_note_removed_page", sender=Page)
    pre_delete.connect(
        signals.note_removed_page, sender=Page, dispatch_uid="core_note_removed_page"
    )
    yield
    pre_delete.receivers = receivers
    pre_delete.sender_receivers_cache.clear()


def test_recorded_whichever_pre_delete_receiver_runs_first(
    client, session, wagtail_unpublishes_first
):
    session.delete()

    assert_gone(client.get("/sessions/sql-basics/"))


def test_unknown_address_answers_404(client, site_root):
    assert client.get("/sessions/no-such-session/").status_code == 404


def test_removed_non_ascii_slug_answers_410(client, site_root):
    session = SessionPageFactory(slug="café-basics")
    session.delete()

    assert RemovedPage.objects.get().path == "/sessions/café-basics/"
    assert_gone(client.get("/sessions/caf%C3%A9-basics/"))


@pytest.mark.parametrize(
    "url",
    [
        "/sessions/%3Cscript%3Ealert(1)%3C/script%3E/",
        "/sessions/%E2%9C%93%20%22quoted%22/",
        "/sessions/" + "x" * 300 + "/",
    ],
)
def test_odd_addresses_do_not_fail(client, session, url):
    session.delete()

    assert client.get(url).status_code == 404


def test_only_404s_query_removed_pages(client, session):
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/sessions/sql-basics/").status_code == 200

    assert not any("core_removedpage" in q["sql"] for q in queries.captured_queries)


def test_deleting_a_site_root_drops_the_site_without_dangling_rows(site_root):
    # Deleting a site's root page deletes the Site (CASCADE); recording its
    # pages then would point at a Site that is gone (caught by the
    # constraint check at the end of the test).
    other_root = site_root.add_sibling(
        instance=Page(title="Other", slug="other", live=True)
    )
    Site.objects.create(hostname="other.example", root_page=other_root)
    other_root.add_child(instance=Page(title="Child", slug="child", live=True))

    Page.objects.get(pk=other_root.pk).delete()

    assert not Site.objects.filter(hostname="other.example").exists()
    assert not RemovedPage.objects.exists()


def test_staff_see_removed_pages_in_the_admin(client, session):
    session.delete()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    response = client.get(reverse("removed_pages:index"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "/sessions/sql-basics/" in html
    assert "Settings → Redirects" in html
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("removed_pages:index") in home


def test_staff_may_delete_a_record_so_the_address_404s(client, session):
    session.delete()
    removed = RemovedPage.objects.get()
    client.force_login(StaffFactory())

    client.post(reverse("removed_pages:delete", args=[removed.pk]))

    assert not RemovedPage.objects.exists()
    assert client.get("/sessions/sql-basics/").status_code == 404


def test_nobody_may_add_removed_pages_by_hand(client, site_root):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    response = client.get(reverse("removed_pages:add"))

    assert response.status_code in {302, 403}
    assert not RemovedPage.objects.exists()


def test_experts_may_not_see_removed_pages(client, session):
    session.delete()
    client.force_login(GroupExpertFactory())

    response = client.get(reverse("removed_pages:index"))

    assert response.status_code in {302, 403}
    assert "/sessions/sql-basics/" not in response.content.decode()
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("removed_pages:index") not in home
