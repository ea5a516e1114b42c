"""The anonymous page cache (core.page_cache): visitors get public pages from
the cache; a member's page, a page with a form's CSRF token or a message,
and premium text never reach the cache or another visitor; publishing,
unpublishing, moving and deleting purge it."""

import io

import pytest
from django.contrib.messages import constants
from django.core import signals
from django.core.cache import caches
from django.db import close_old_connections
from django.test import Client
from django.urls import reverse
from wagtail.models import PageViewRestriction

from accounts.tests.factories import StaffFactory
from content.tests.factories import SECRET, TEASER, ArticlePageFactory
from core import page_cache
from core.tests.factories import enter_page_password, restrict
from forum.services.moderation import hide_post
from forum.tests.factories import PostFactory
from sessions.tests.factories import (
    MemberFactory,
    SessionIndexPageFactory,
    SessionPageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 60
    settings.PAGE_CACHE_LOCAL_SECONDS = 0
    yield
    caches["pages"].clear()
    page_cache._local.clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what the block leaves for the commit (the purge) as a real
    commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def visit(url, client=None, **headers):
    return (client or Client()).get(url, **headers)


def test_a_visitor_gets_the_second_view_from_the_cache_without_the_database(
    django_assert_num_queries,
):
    session = SessionPageFactory(title="Window functions")
    first = visit(session.url)
    assert first[page_cache.HEADER] == "miss"
    with django_assert_num_queries(0):
        second = visit(session.url)
    assert second[page_cache.HEADER] == "hit"
    assert second.content == first.content
    assert "Window functions" in second.content.decode()


def test_a_stored_page_tells_shared_caches_and_browsers_what_they_may_keep():
    session = SessionPageFactory()
    for response in (visit(session.url), visit(session.url)):
        cache_control = response["Cache-Control"]
        assert "public" in cache_control
        assert "s-maxage=60" in cache_control
        assert "max-age=0" in cache_control
        assert "Cookie" in response["Vary"]
        # The headers the middleware below add are kept with the page.
        assert "Content-Security-Policy" in response
        assert response["X-Content-Type-Options"] == "nosniff"


def test_a_members_page_never_reaches_a_visitor(client):
    session = SessionPageFactory(title="Window functions")
    member = MemberFactory(first_name="Imogen", last_name="Quartermaine")
    client.force_login(member)
    members_view = client.get(session.url)
    assert "private" in members_view["Cache-Control"]
    assert page_cache.HEADER not in members_view
    assert "Log out" in members_view.content.decode()

    visitors_view = visit(session.url)
    assert visitors_view[page_cache.HEADER] == "miss"
    html = visitors_view.content.decode()
    assert "Log out" not in html
    assert "Quartermaine" not in html


def test_a_member_never_gets_the_visitors_copy(client):
    session = SessionPageFactory()
    visit(session.url)
    assert visit(session.url)[page_cache.HEADER] == "hit"
    client.force_login(MemberFactory())
    response = client.get(session.url)
    assert page_cache.HEADER not in response
    assert "Log out" in response.content.decode()


def test_premium_text_never_enters_the_cache(client):
    from payments.models import Entitlement, Kind

    article = ArticlePageFactory(access="purchase", price="9.00")
    reader = MemberFactory()
    Entitlement.objects.create(user=reader, kind=Kind.PAGE, object_id=article.pk)
    client.force_login(reader)
    assert SECRET in client.get(article.url).content.decode()

    for _ in range(2):
        html = visit(article.url).content.decode()
        assert TEASER in html
        assert SECRET not in html
    assert visit(article.url)[page_cache.HEADER] == "hit"


def test_a_page_with_a_csrf_token_is_never_stored():
    first = visit("/accounts/login/")
    assert "csrftoken" in first.cookies
    second = visit("/accounts/login/")
    assert page_cache.HEADER not in second
    assert "private" in second["Cache-Control"]
    assert "csrfmiddlewaretoken" in second.content.decode()


def test_a_visitor_with_a_message_waiting_gets_it_not_the_cached_page(rf):
    session = SessionPageFactory()
    visit(session.url)
    client = Client()
    # What messages' cookie storage leaves after a redirect with a message.
    request = rf.get("/")
    from django.contrib.messages.storage.cookie import CookieStorage

    storage = CookieStorage(request)
    storage.add(constants.SUCCESS, "You have signed out.")
    response = visit(session.url)
    storage.update(response)
    client.cookies["messages"] = response.cookies["messages"].value
    answer = client.get(session.url)
    assert page_cache.HEADER not in answer
    assert "You have signed out." in answer.content.decode()


def test_a_page_behind_a_password_is_never_stored_for_anyone():
    session = SessionPageFactory(title="Salary clinic")
    restriction = restrict(session, PageViewRestriction.PASSWORD)
    locked = visit(session.url)
    assert "Salary clinic" not in locked.content.decode() or locked.status_code != 200
    insider = Client()
    enter_page_password(insider, restriction, session)
    assert "Salary clinic" in insider.get(session.url).content.decode()
    assert page_cache.HEADER not in visit(session.url)


@pytest.mark.parametrize(
    "kind", [PageViewRestriction.PASSWORD, PageViewRestriction.LOGIN]
)
def test_making_a_cached_page_private_takes_it_off_the_cache_at_once(kind, committed):
    session = SessionPageFactory(title="Salary clinic")
    visit(session.url)
    assert visit(session.url)[page_cache.HEADER] == "hit"
    # The editor's Privacy setting saves a restriction; nothing is published.
    with committed():
        restrict(session, kind)
    locked = visit(session.url)
    assert page_cache.HEADER not in locked
    assert "Salary clinic" not in locked.content.decode() or locked.status_code != 200


def test_privacy_set_in_wagtails_admin_takes_the_page_off_the_cache(client, committed):
    session = SessionPageFactory(title="Salary clinic")
    visit(session.url)
    assert visit(session.url)[page_cache.HEADER] == "hit"
    client.force_login(StaffFactory(is_superuser=True))
    with committed():
        answer = client.post(
            reverse("wagtailadmin_pages:set_privacy", args=[session.pk]),
            {"restriction_type": PageViewRestriction.LOGIN},
        )
    assert answer.status_code == 200
    assert visit(session.url).status_code == 302


def test_a_privacy_lifted_shows_the_page_to_visitors_at_once(committed):
    session = SessionPageFactory(title="Salary clinic")
    restriction = restrict(session, PageViewRestriction.LOGIN)
    assert visit(session.url).status_code == 302
    with committed():
        restriction.delete()
    assert "Salary clinic" in visit(session.url).content.decode()


def test_publishing_a_change_purges_the_page_and_its_listing(committed):
    session = SessionPageFactory(title="Window functions")
    visit(session.url)
    visit("/sessions/")
    assert visit("/sessions/")[page_cache.HEADER] == "hit"

    session.title = "Window functions, revisited"
    with committed():
        session.save_revision().publish()

    assert "revisited" in visit(session.url).content.decode()
    assert "revisited" in visit("/sessions/").content.decode()


def test_a_new_session_shows_on_the_listing_at_once(committed):
    SessionPageFactory(title="Window functions")
    visit("/sessions/")
    draft = SessionPageFactory(title="Query plans explained", live=False)
    with committed():
        draft.save_revision().publish()
    assert "Query plans explained" in visit("/sessions/").content.decode()


def test_unpublishing_and_deleting_take_the_page_away_at_once(committed):
    kept = SessionPageFactory(title="Window functions")
    gone = SessionPageFactory(title="Query plans explained")
    for session in (kept, gone):
        assert visit(session.url).status_code == 200
    with committed():
        kept.unpublish()
    assert visit(kept.url).status_code == 404
    url = gone.url
    with committed():
        gone.delete()
    assert visit(url).status_code in (404, 410)


def test_moving_a_page_sends_visitors_of_its_old_address_on(site_root, committed):
    session = SessionPageFactory(title="Window functions", slug="window-functions")
    old_url = session.url
    visit(old_url)
    archive = SessionIndexPageFactory(parent=site_root, title="Archive", slug="archive")
    with committed():
        session.move(archive, pos="last-child")
    # Wagtail's automatic redirect, not the cached page.
    moved = visit(old_url)
    assert moved.status_code == 301
    assert moved["Location"].endswith("/archive/window-functions/")


def test_hiding_a_forum_post_takes_it_off_the_cached_thread(committed):
    answer = PostFactory(body="Use a recursive CTE, then a spammy link.")
    url = answer.thread.get_absolute_url()
    assert "spammy link" in visit(url).content.decode()
    with committed():
        hide_post(post=answer, moderator=StaffFactory(), reason="Spam")
    assert "spammy link" not in visit(url).content.decode()


def test_each_address_is_stored_on_its_own():
    SessionPageFactory(title="Window functions", skills=["SQL"])
    SessionPageFactory(title="Pod autoscaling", skills=["Kubernetes"])
    visit("/sessions/?q=window")
    html = visit("/sessions/?q=autoscaling").content.decode()
    assert "Pod autoscaling" in html
    assert "Window functions" not in html


def test_errors_and_posts_are_not_stored():
    assert visit("/no-such-page/").status_code == 404
    assert page_cache.HEADER not in visit("/no-such-page/")
    session = SessionPageFactory()
    posted = Client().post(session.url)
    assert page_cache.HEADER not in posted


def wsgi_get(application, path, cookie=""):
    """A GET through the WSGI application, as gunicorn calls it."""
    sent = {}

    def start_response(status, headers, exc_info=None):
        sent.update(status=status, headers=dict(headers))

    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(),
    }
    if cookie:
        environ["HTTP_COOKIE"] = cookie
    # As Django's test client does: the end of a request would otherwise
    # close the test's database connection, transaction and all.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        result = application(environ, start_response)
        body = b"".join(result)
        if hasattr(result, "close"):
            result.close()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
    return sent["status"], sent["headers"], body.decode()


def test_each_process_answers_its_last_pages_from_memory_for_its_local_seconds(
    settings, monkeypatch, django_assert_num_queries
):
    from django.core.handlers.wsgi import WSGIHandler

    settings.PAGE_CACHE_LOCAL_SECONDS = 2
    now = [1000.0]
    monkeypatch.setattr(page_cache.time, "monotonic", lambda: now[0])
    application = page_cache.LocalPageCache(WSGIHandler())
    session = SessionPageFactory(title="Window functions")
    wsgi_get(application, session.url)
    # Another process publishes: the shared generation changes, this
    # process's memory does not (a purge here would clear it).
    caches["pages"].set(page_cache.GENERATION_KEY, "another-process", None)
    with django_assert_num_queries(0):
        status, headers, html = wsgi_get(application, session.url)
    assert status == "200 OK"
    assert headers[page_cache.HEADER] == "hit"
    assert "Window functions" in html
    now[0] += 2
    assert wsgi_get(application, session.url)[1][page_cache.HEADER] == "miss"


def test_memory_never_answers_a_member_or_keeps_a_private_page(settings, client):
    from django.core.handlers.wsgi import WSGIHandler

    settings.PAGE_CACHE_LOCAL_SECONDS = 2
    application = page_cache.LocalPageCache(WSGIHandler())
    session = SessionPageFactory(title="Window functions")
    wsgi_get(application, session.url)
    member = MemberFactory()
    client.force_login(member)
    name = settings.SESSION_COOKIE_NAME
    cookie = f"{name}={client.cookies[name].value}"
    _status, headers, html = wsgi_get(application, session.url, cookie=cookie)
    assert page_cache.HEADER not in headers
    assert "Log out" in html
    # The login page sets a CSRF cookie: never kept.
    wsgi_get(application, "/accounts/login/")
    _status, headers, _html = wsgi_get(application, "/accounts/login/")
    assert "Set-Cookie" in headers


def test_a_purge_empties_this_process_memory_at_once(settings, committed):
    from django.core.handlers.wsgi import WSGIHandler

    settings.PAGE_CACHE_LOCAL_SECONDS = 2
    application = page_cache.LocalPageCache(WSGIHandler())
    session = SessionPageFactory(title="Window functions")
    wsgi_get(application, session.url)
    session.title = "Window functions, revisited"
    with committed():
        session.save_revision().publish()
    assert "revisited" in wsgi_get(application, session.url)[2]


def test_with_the_cache_off_nothing_is_stored(settings):
    settings.PAGE_CACHE_SECONDS = 0
    session = SessionPageFactory()
    visit(session.url)
    assert page_cache.HEADER not in visit(session.url)


class BrokenCache:
    """What Django's Redis cache does while Redis is down."""

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("Error 111 connecting to 127.0.0.1:6379.")

        return fail


def test_pages_are_rendered_while_the_cache_is_down(monkeypatch):
    session = SessionPageFactory(title="Window functions")
    visit(session.url)
    monkeypatch.setattr(page_cache, "caches", {page_cache.CACHE_ALIAS: BrokenCache()})
    response = visit(session.url)
    assert response.status_code == 200
    assert "Window functions" in response.content.decode()
    assert page_cache.HEADER not in response
