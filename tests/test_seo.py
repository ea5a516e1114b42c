"""Every public page type carries the tags search engines and social sites
read, and JSON-LD with the properties schema.org's types require; private
areas say noindex; the sitemap lists only live, public pages."""

import json
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import PageViewRestriction

from content.tests.factories import ArticlePageFactory, CoursePageFactory
from experts.tests.factories import ExpertPageFactory
from home.models import BrandingSettings, HomePage, SocialMediaSettings
from sessions.tests.factories import (
    BookingFactory,
    MemberFactory,
    ReviewFactory,
    SessionPageFactory,
)

# Absolute links are built from the default Site, which migrating points
# at SITE_URL (core.site_address).
SITE = settings.SITE_URL

pytestmark = pytest.mark.django_db

# Required (or, for Google's rich results, expected) properties per type.
REQUIRED = {
    "WebSite": {"name", "url", "potentialAction"},
    "Organization": {"name", "url"},
    "BreadcrumbList": {"itemListElement"},
    "Event": {"name", "startDate", "location", "eventStatus", "eventAttendanceMode"},
    "Person": {"name", "url"},
    "Article": {"headline", "author", "datePublished"},
    "Course": {"name", "description", "provider"},
}


def jsonld(html: str) -> list[dict]:
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', html, re.S
    )
    return [json.loads(block) for block in blocks if block.strip()]


def meta(html: str, attr: str, name: str) -> str:
    found = re.search(rf'<meta {attr}="{re.escape(name)}" content="([^"]*)"', html)
    return found.group(1) if found else ""


@pytest.fixture
def share_image(site_root):
    branding = BrandingSettings.for_site(site_root.get_site())
    branding.share_image = get_image_model().objects.create(
        title="card", file=get_test_image_file(size=(1200, 630))
    )
    branding.save()


@pytest.fixture
def pages(share_image):
    now = timezone.now()
    expert_page = ExpertPageFactory(skills=["SQL"])
    past = SessionPageFactory(
        host=expert_page.expert,
        starts_at=now - timedelta(days=3),
        ends_at=now - timedelta(days=3) + timedelta(hours=1),
        price=Decimal("10.00"),
    )
    booking = BookingFactory(session=past, status="attended")
    ReviewFactory(session=past, author=booking.member, rating=5)
    article = ArticlePageFactory(access="membership")
    article.save_revision().publish()  # as editors do: sets the dates
    return {
        "home": "/",
        "session index": "/sessions/",
        "session": SessionPageFactory(host=expert_page.expert).url,
        "expert index": "/experts/",
        "expert": expert_page.url,
        "learn index": "/learn/",
        "article": article.url,
        "course": CoursePageFactory(access="free").url,
    }


TYPES = {
    "home": {"WebSite", "Organization", "BreadcrumbList"},
    "session": {"Event", "BreadcrumbList"},
    "expert": {"Person", "BreadcrumbList"},
    "article": {"Article", "BreadcrumbList"},
    "course": {"Course", "BreadcrumbList"},
}


@pytest.mark.parametrize(
    "name",
    [
        "home",
        "session index",
        "session",
        "expert index",
        "expert",
        "learn index",
        "article",
        "course",
    ],
)
def test_public_page_types_carry_seo_tags_and_valid_json_ld(client, pages, name):
    response = client.get(pages[name])
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<title>") == 1
    assert meta(html, "name", "description")
    assert re.search(r'<link rel="canonical" href="http://[^"]+"', html)
    for tag in ("og:title", "og:description", "og:url", "og:image"):
        assert meta(html, "property", tag), tag
    assert meta(html, "name", "twitter:card")
    assert 'name="robots" content="noindex' not in html
    assert '<html lang="en-gb"' in html
    # No script holds up the first paint.
    for script in re.findall(r"<script [^>]*src=[^>]*>", html):
        assert " defer" in script or " async" in script, script
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', html).group(1)
    for language in ("en-gb", "x-default"):
        assert (
            f'<link rel="alternate" hreflang="{language}" href="{canonical}">' in html
        )
    data = jsonld(html)
    found = {block["@type"] for block in data}
    assert "BreadcrumbList" in found
    assert TYPES.get(name, {"BreadcrumbList"}) <= found
    for block in data:
        assert block["@context"] == "https://schema.org"
        missing = REQUIRED.get(block["@type"], set()) - block.keys()
        assert not missing, (block["@type"], missing)


def test_expert_with_reviews_has_an_aggregate_rating_for_the_person(client, pages):
    data = jsonld(client.get(pages["expert"]).content.decode())
    person = next(block for block in data if block["@type"] == "Person")
    rating = next(block for block in data if block["@type"] == "AggregateRating")
    assert rating["itemReviewed"]["@id"] == person["@id"]
    assert {"ratingValue", "reviewCount"} <= rating.keys()


@pytest.mark.parametrize(
    "url", ["/dashboard/", "/accounts/login/", "/search/?q=sql", "/dashboard/billing/"]
)
def test_private_and_result_pages_say_noindex(client, url):
    client.force_login(MemberFactory())
    html = client.get(url, follow=True).content.decode()
    assert re.search(r'<meta name="robots" content="noindex', html)


def test_sitemap_lists_live_public_pages_only_with_lastmod(client, pages):
    draft = SessionPageFactory(title="Draft session", live=False)
    private = SessionPageFactory(title="Members only session")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.LOGIN
    )
    xml = client.get("/sitemap.xml").content.decode()
    for name in ("session", "expert", "article", "course"):
        assert f"{SITE}{pages[name]}</loc>" in xml, name
    assert f"{draft.slug}/</loc>" not in xml
    assert f"{private.slug}/</loc>" not in xml
    assert "<lastmod>" in xml
    assert HomePage.objects.exists()


def test_renamed_page_keeps_its_old_address_as_a_permanent_redirect(
    client, django_capture_on_commit_callbacks
):
    session = SessionPageFactory(title="Old title", slug="old-title")
    session.save_revision().publish()
    old_url = session.url
    session.slug = "new-title"
    with django_capture_on_commit_callbacks(execute=True):
        session.save_revision().publish()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"].endswith("/sessions/new-title/")


def test_cover_images_are_responsive_renditions_with_their_size(client):
    cover = get_image_model().objects.create(
        title="Cover", file=get_test_image_file(size=(1200, 675))
    )
    for page in (
        SessionPageFactory(cover_image=cover),
        ArticlePageFactory(cover_image=cover),
    ):
        html = client.get(page.url).content.decode()
        img = re.search(r'<img[^>]*class="[a-z-]+__cover"[^>]*>', html).group(0)
        assert re.search(r'srcset="[^"]+ 480w, [^"]+ 960w"', img)
        assert 'sizes="' in img
        # Known size: nothing shifts as it loads; above the fold: not lazy.
        assert re.search(r'width="\d+"', img) and re.search(r'height="\d+"', img)
        assert 'loading="lazy"' not in img


def test_home_names_the_organization_with_its_logo_and_profiles(client, site_root):
    site = site_root.get_site()
    branding = BrandingSettings.for_site(site)
    branding.site_name = "Guild of Skills"
    branding.logo = get_image_model().objects.create(
        title="logo", file=get_test_image_file(size=(400, 160))
    )
    branding.save()
    social = SocialMediaSettings.for_site(site)
    social.linkedin = "https://www.linkedin.com/company/guild"
    social.save()
    data = jsonld(client.get("/").content.decode())
    organization = next(block for block in data if block["@type"] == "Organization")
    website = next(block for block in data if block["@type"] == "WebSite")
    assert organization["name"] == website["name"] == "Guild of Skills"
    assert organization["logo"].startswith("http://testserver/")
    assert organization["sameAs"] == ["https://www.linkedin.com/company/guild"]
    assert website["publisher"]["@id"] == organization["@id"]
