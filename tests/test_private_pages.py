"""Every listing that could name a page behind Wagtail's Privacy setting:
the session listing, an expert's page, site search and its suggestions,
the sitemap, and both APIs. A page behind a password, or below a section
for members only, is listed nowhere to whom may not see it."""

import pytest
from django.test import Client
from wagtail.models import PageViewRestriction

from core.tests.factories import enter_page_password, restrict
from experts.tests.factories import ExpertPageFactory
from sessions.tests.factories import (
    MemberFactory,
    SessionIndexPageFactory,
    SessionPageFactory,
)

pytestmark = pytest.mark.django_db
TITLE = "Salary negotiation clinic"


def _expert_page(client, session):
    return client.get(ExpertPageFactory(expert=session.host).url)


LISTINGS = {
    "/sessions/": lambda c, s: c.get("/sessions/"),
    "/sessions/?q=": lambda c, s: c.get("/sessions/", {"q": "negotiation"}),
    "expert page": _expert_page,
    "/search/": lambda c, s: c.get("/search/", {"q": "negotiation"}),
    "/search/suggest/": lambda c, s: c.get("/search/suggest/", {"q": "negotia"}),
    "/sitemap.xml": lambda c, s: c.get("/sitemap.xml"),
    "/api/v1/sessions/": lambda c, s: c.get("/api/v1/sessions/"),
    "/api/v2/pages/": lambda c, s: c.get("/api/v2/pages/", {"search": "negotiation"}),
    "/api/v2/pages/<id>/": lambda c, s: c.get(f"/api/v2/pages/{s.pk}/"),
}


def _behind_password():
    return SessionPageFactory(title=TITLE, slug="clinic")


def _under_members_only_section(home):
    # A second index beside /sessions/, so the listing itself stays open.
    section = SessionIndexPageFactory(parent=home, title="Partners", slug="partners")
    restrict(section, PageViewRestriction.LOGIN)
    return SessionPageFactory(title=TITLE, slug="clinic", parent=section)


@pytest.mark.parametrize("listing", LISTINGS)
@pytest.mark.parametrize(
    ("where", "who"),
    [
        ("on the session", "visitor"),
        ("on the session", "member"),
        ("on a section above it", "visitor"),
    ],
)
def test_a_restricted_session_is_listed_nowhere(listing, where, who, client, site_root):
    SessionPageFactory(title="Open negotiation workshop")
    if who == "member":
        client.force_login(MemberFactory())
    if where == "on the session":
        session = _behind_password()
        restrict(session)
    else:
        session = _under_members_only_section(site_root)

    response = LISTINGS[listing](client, session)

    assert response.status_code in (200, 404)
    text = response.content.decode()
    assert TITLE not in text
    assert "/clinic/" not in text


def test_the_pages_api_shows_it_to_whom_typed_the_password():
    session = _behind_password()
    restriction = restrict(session)
    member = MemberFactory()
    client = Client()
    client.force_login(member)
    assert client.get(f"/api/v2/pages/{session.pk}/").status_code == 404
    enter_page_password(client, restriction, session)
    assert client.get(f"/api/v2/pages/{session.pk}/").json()["title"] == TITLE
    # Listings for everyone stay the same for them: shared caches keep those.
    assert TITLE not in client.get("/sessions/").content.decode()
    assert TITLE not in client.get("/search/", {"q": "negotiation"}).content.decode()


@pytest.mark.parametrize(
    "listing",
    ["/sessions/", "/sitemap.xml", "/api/v1/sessions/", "/api/v2/pages/<id>/"],
)
def test_an_alias_of_a_restricted_session_is_not_shown_either(listing, client):
    session = _behind_password()
    # Made before the password was set, so Wagtail copied no restriction.
    alias = session.create_alias(update_slug="clinic-copy")
    restrict(session)
    text = LISTINGS[listing](client, alias).content.decode()
    assert TITLE not in text
    assert "/clinic-copy/" not in text
