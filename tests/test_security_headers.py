"""Security headers on every area: a strict Content-Security-Policy on the
site, a looser one (not none) on the admins and the API docs,
frame-ancestors that agree with X-Frame-Options, and a Permissions-Policy."""

import pytest
from wagtail.models import Page

from accounts.tests.factories import StaffFactory
from core import blocks

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


@pytest.fixture
def superuser(client):
    user = StaffFactory(is_superuser=True)
    client.force_login(user)
    return user


def test_the_public_site_gets_the_strict_policy(client):
    response = client.get("/accounts/login/")
    policy = directives(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("url", ["/admin/", "/django-admin/", "/api/v1/docs/"])
def test_admins_and_api_docs_get_a_policy_of_their_own(client, superuser, url):
    response = client.get(url)
    assert response.status_code == 200
    policy = directives(response)
    # What Wagtail's widgets and Swagger UI need, and no more than that.
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"


def test_wagtail_previews_may_be_framed_by_the_admin_only(client, superuser):
    page = Page.objects.filter(depth=2).first()
    block = blocks.BodyStreamBlock().child_blocks["quote"]
    for url in (
        f"/admin/pages/{page.pk}/edit/preview/",
        f"/admin/block-preview/?id={block.definition_prefix}",
    ):
        response = client.get(url)
        assert response["X-Frame-Options"] == "SAMEORIGIN", url
        assert directives(response)["frame-ancestors"] == ["'self'"], url


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/", "/healthz"])
def test_permissions_policy_switches_off_unused_browser_features(
    client, superuser, url
):
    policy = client.get(url)["Permissions-Policy"]
    features = dict(item.split("=", 1) for item in policy.split(", "))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert features[feature] == "()", feature
