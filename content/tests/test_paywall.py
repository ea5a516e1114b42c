"""The premium gate on every surface that could show premium text: page
HTML, the Wagtail pages API, the search index, the sitemap, meta and Open
Graph descriptions, JSON-LD and shared caches. SECRET is the gated text."""

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.tests.factories import StaffFactory
from content.models import ArticlePage
from content.tests.factories import (
    SECRET,
    TEASER,
    ArticlePageFactory,
    CoursePageFactory,
)
from payments.models import Entitlement, Kind, MeteredView, PaymentSettings
from sessions.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_allowance():
    settings = PaymentSettings.load()
    settings.free_articles_per_month = 0
    settings.save()


def member_with(kind=None, page=None):
    member = MemberFactory()
    if kind == Kind.MEMBERSHIP:
        Entitlement.objects.create(
            user=member,
            kind=Kind.MEMBERSHIP,
            stripe_subscription_id=f"sub_{member.pk}",
            valid_until=timezone.now() + timedelta(days=30),
        )
    elif kind == Kind.PAGE:
        Entitlement.objects.create(user=member, kind=Kind.PAGE, object_id=page.pk)
    return member


# --- Page HTML ------------------------------------------------------------


@pytest.mark.parametrize("access", ["membership", "purchase"])
def test_visitor_sees_teaser_and_paywall_never_the_body(client, access):
    page = ArticlePageFactory(access=access, price="9.00")
    html = client.get(page.url).content.decode()
    assert TEASER in html
    assert SECRET not in html
    assert 'class="card paywall' in html


def test_free_article_is_whole_for_everyone(client):
    page = ArticlePageFactory(access="free")
    assert SECRET in client.get(page.url).content.decode()


def test_member_with_membership_reads_everything(client, no_allowance):
    page = ArticlePageFactory(access="membership")
    client.force_login(member_with(Kind.MEMBERSHIP))
    response = client.get(page.url)
    assert SECRET in response.content.decode()
    assert "private" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]


def test_membership_does_not_unlock_a_page_sold_on_its_own(client):
    page = ArticlePageFactory(access="purchase", price="9.00")
    client.force_login(member_with(Kind.MEMBERSHIP))
    assert SECRET not in client.get(page.url).content.decode()


def test_buyer_reads_the_page_they_bought(client):
    page = ArticlePageFactory(access="purchase", price="9.00")
    client.force_login(member_with(Kind.PAGE, page))
    assert SECRET in client.get(page.url).content.decode()


def test_revoked_or_expired_entitlement_locks_the_page_again(client, no_allowance):
    page = ArticlePageFactory(access="membership")
    member = member_with(Kind.MEMBERSHIP)
    client.force_login(member)
    Entitlement.objects.filter(user=member).update(revoked_at=timezone.now())
    assert SECRET not in client.get(page.url).content.decode()
    Entitlement.objects.filter(user=member).update(
        revoked_at=None, valid_until=timezone.now() - timedelta(minutes=1)
    )
    assert SECRET not in client.get(page.url).content.decode()


def test_author_and_staff_read_premium_pages(client):
    page = ArticlePageFactory(access="purchase", price="9.00")
    client.force_login(page.author)
    assert SECRET in client.get(page.url).content.decode()
    client.force_login(StaffFactory())
    assert SECRET in client.get(page.url).content.decode()


def test_course_outline_is_public_and_lessons_are_gated(client):
    course = CoursePageFactory(access="membership", lessons=["Joins", "Windows"])
    html = client.get(course.url).content.decode()
    assert "Joins" in html and "Windows" in html
    assert SECRET not in html


# --- Metered allowance -----------------------------------------------------


def test_signed_in_member_reads_free_articles_then_hits_the_paywall(client):
    settings = PaymentSettings.load()
    settings.free_articles_per_month = 2
    settings.save()
    first, second, third = ArticlePageFactory.create_batch(3, access="membership")
    client.force_login(MemberFactory())
    first_html = client.get(first.url).content.decode()
    assert SECRET in first_html
    assert "1 of 2 left this month" in first_html
    assert SECRET in client.get(second.url).content.decode()
    # Rereading one already counted is free; a third one is not.
    assert SECRET in client.get(first.url).content.decode()
    third_html = client.get(third.url).content.decode()
    assert SECRET not in third_html
    assert "used your 2 free premium articles" in third_html


def test_allowance_zero_turns_metering_off(client, no_allowance):
    page = ArticlePageFactory(access="membership")
    client.force_login(MemberFactory())
    assert SECRET not in client.get(page.url).content.decode()
    assert not MeteredView.objects.exists()


def test_allowance_never_opens_a_page_sold_on_its_own(client):
    page = ArticlePageFactory(access="purchase", price="9.00")
    client.force_login(MemberFactory())
    assert SECRET not in client.get(page.url).content.decode()


# --- Other surfaces -----------------------------------------------------------


def test_pages_api_gives_the_body_only_to_readers_with_access(client, no_allowance):
    page = ArticlePageFactory(access="membership")
    url = f"/api/v2/pages/{page.pk}/"
    anonymous = client.get(url).json()
    assert anonymous["body"] is None
    assert SECRET not in json.dumps(anonymous)
    listing = client.get("/api/v2/pages/?type=content.ArticlePage&fields=*").json()
    assert SECRET not in json.dumps(listing)
    client.force_login(member_with(Kind.MEMBERSHIP))
    assert SECRET in json.dumps(client.get(url).json())


def test_pages_api_course_lessons_are_gated(client):
    course = CoursePageFactory(access="membership", lessons=["Joins"])
    data = client.get(f"/api/v2/pages/{course.pk}/").json()
    assert data["lessons"][0]["title"] == "Joins"
    assert data["lessons"][0]["body"] is None
    assert SECRET not in json.dumps(data)


def test_search_index_never_holds_premium_body_text(client):
    ArticlePageFactory(access="membership", title="Gated one")
    ArticlePageFactory(access="free", title="Open one")
    results = ArticlePage.objects.live().search("paying readers")
    assert [page.title for page in results] == ["Open one"]
    api = client.get("/api/v2/pages/?search=paying%20readers").json()
    assert [item["title"] for item in api["items"]] == ["Open one"]


def test_sitemap_lists_premium_pages_without_their_text(client):
    page = ArticlePageFactory(access="membership")
    xml = client.get("/sitemap.xml").content.decode()
    assert page.full_url in xml
    assert SECRET not in xml


def test_meta_and_open_graph_descriptions_use_the_public_summary(client):
    page = ArticlePageFactory(access="membership", summary="Public summary.")
    html = client.get(page.url).content.decode()
    assert 'name="description" content="Public summary."' in html
    assert 'property="og:description" content="Public summary."' in html
    assert SECRET not in html


def test_json_ld_marks_the_paywall_and_never_carries_the_body(client):
    page = ArticlePageFactory(access="membership")
    html = client.get(page.url).content.decode()
    blocks = [
        json.loads(text)
        for text in re.findall(
            r'<script type="application/ld\+json">(.*?)</script>', html, re.S
        )
        if text.strip()
    ]
    article = next(b for b in blocks if b.get("@type") == "Article")
    assert article["isAccessibleForFree"] is False
    assert article["hasPart"]["cssSelector"] == ".paywall"
    assert "articleBody" not in article


def test_anonymous_teaser_may_be_cached_publicly_but_never_varies_by_user(client):
    page = ArticlePageFactory(access="membership")
    response = client.get(page.url)
    assert "private" not in response.get("Cache-Control", "")


def test_draft_premium_pages_are_not_served(client):
    page = ArticlePageFactory(access="membership", live=False)
    assert client.get(f"/learn/{page.slug}/").status_code == 404
