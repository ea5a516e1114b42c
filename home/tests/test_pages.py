import json
import re

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from wagtail.models import Page, PageViewRestriction
from wagtail_factories import ImageFactory

from accounts.tests.factories import UserFactory
from core.tests.factories import restrict
from home.models import HomePage, StandardPage

from .factories import HomePageFactory, StandardPageFactory

# Absolute links are built from the default Site, which migrating points
# at SITE_URL (core.site_address).
SITE = settings.SITE_URL


def _jsonld(html: str) -> list[dict]:
    scripts = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', html, re.S
    )
    return [json.loads(script) for script in scripts]


def _breadcrumbs(html: str) -> dict:
    return next(d for d in _jsonld(html) if d["@type"] == "BreadcrumbList")


@pytest.fixture
def about(home_page):
    return StandardPageFactory(
        parent=home_page,
        title="About",
        slug="about",
        intro="Who we are.",
        search_description="MasteryHub connects professionals who teach and learn.",
        body__0__heading__text="Our story",
        body__0__heading__level="h2",
        body__1__paragraph__value="<p>It began with a <b>workshop</b>.</p>",
        body__2__image__alt_text="Two people at a whiteboard",
        body__2__image__caption="Mentoring in progress",
        body__3__call_to_action__heading="Host a session",
        body__4__cards__heading="What you get",
        body__4__cards__cards__0__title="Live workshops",
        body__4__cards__cards__1__title="Mentors",
        body__5__quote__quote="Worth every minute.",
        body__6__faq__items__0__question="Is it free?",
    )


def test_home_page_renders_hero_ctas_and_value_points(client, home_page):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1" in html and home_page.hero_heading in html
    assert 'href="/accounts/signup/">Join free</a>' in html
    assert 'href="/sessions/">Browse sessions</a>' in html
    assert html.count('class="card"') == 3


def test_home_page_renders_body_blocks(client, home_page):
    home_page.body = HomePageFactory.build(
        body__0__heading__text="How it works",
        body__1__call_to_action__heading="Ready to start?",
    ).body
    home_page.save()
    html = client.get("/").content.decode()
    assert '<h2 class="block-heading">How it works</h2>' in html
    assert "Ready to start?" in html


def test_standard_page_renders_every_body_block(client, about):
    response = client.get(about.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="page-header__title">About</h1>' in html
    assert '<h2 class="block-heading">Our story</h2>' in html
    assert "<b>workshop</b>" in html
    assert "Mentoring in progress</figcaption>" in html
    assert "Host a session" in html
    assert "Live workshops" in html and "Mentors" in html
    assert "<blockquote" in html and "Worth every minute." in html
    assert "<summary" in html and "Is it free?" in html


def test_image_block_renders_a_lazy_responsive_rendition_with_dimensions(client, about):
    html = client.get(about.url).content.decode()
    img = re.search(r'<img[^>]*class="figure__image"[^>]*>', html).group(0)
    assert 'alt="Two people at a whiteboard"' in img
    assert 'loading="lazy"' in img
    assert re.search(r'width="\d+"', img) and re.search(r'height="\d+"', img)
    assert "srcset=" in img and "sizes=" in img


def test_standard_page_has_seo_meta_tags(client, about):
    about.og_image = ImageFactory()
    about.save()
    html = client.get(about.url).content.decode()
    assert "<title>About — MasteryHub</title>" in html
    assert (
        '<meta name="description" content="MasteryHub connects professionals who '
        'teach and learn." />'
    ) in html
    assert f'<link rel="canonical" href="{SITE}/about/">' in html
    assert '<meta property="og:title" content="About — MasteryHub">' in html
    assert f'<meta property="og:url" content="{SITE}/about/">' in html
    assert re.search(
        rf'<meta property="og:image" content="{re.escape(SITE)}/[^"]+">', html
    )


def test_meta_description_falls_back_to_intro(client, about):
    about.search_description = ""
    about.save()
    html = client.get(about.url).content.decode()
    assert '<meta name="description" content="Who we are." />' in html


def test_no_empty_og_image_when_there_is_no_image(client, home_page):
    html = client.get("/").content.decode()
    assert 'og:image" content=""' not in html
    assert "og:image" not in html


def test_breadcrumb_jsonld_lists_ancestors_then_the_page(client, home_page, about):
    team = StandardPageFactory(parent=about, title="Team", slug="team")
    data = _breadcrumbs(client.get(team.url).content.decode())
    assert data["@context"] == "https://schema.org"
    assert [(i["position"], i["name"], i["item"]) for i in data["itemListElement"]] == [
        (1, "Home", f"{SITE}/"),
        (2, "About", f"{SITE}/about/"),
        (3, "Team", f"{SITE}/about/team/"),
    ]


def test_home_page_emits_breadcrumb_website_and_organization_jsonld(client, home_page):
    data = _jsonld(client.get("/").content.decode())
    types = [d["@type"] for d in data]
    assert types == ["BreadcrumbList", "WebSite", "Organization"]
    assert data[1]["url"] == f"{SITE}/"
    action = data[1]["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == (
        f"{SITE}/search/?q={{search_term_string}}"
    )
    assert action["query-input"] == "required name=search_term_string"


def test_home_page_carries_a_search_box(client, home_page):
    html = client.get("/").content.decode()
    assert 'id="hero-search-q"' in html and 'action="/search/"' in html


def test_standard_page_shows_a_visible_breadcrumb_trail(client, about):
    html = client.get(about.url).content.decode()
    assert 'aria-label="Breadcrumb"' in html
    assert '<span aria-current="page">About</span>' in html


def test_a_second_home_page_cannot_be_created(home_page):
    root = Page.get_first_root_node()
    assert not HomePage.can_create_at(root)


def test_home_page_only_lives_at_the_root(home_page):
    about = StandardPageFactory(parent=home_page)
    assert HomePage.allowed_parent_page_models() == [Page]
    assert not HomePage.can_exist_under(about)


def test_standard_pages_go_under_home_or_standard_pages(home_page):
    about = StandardPageFactory(parent=home_page)
    root = Page.get_first_root_node()
    assert StandardPage.can_create_at(home_page)
    assert StandardPage.can_create_at(about)
    assert not StandardPage.can_create_at(root)


def test_standard_page_allows_only_standard_subpages():
    assert StandardPage.allowed_subpage_models() == [StandardPage]


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"primary_cta_label": "Join"}, "primary_cta_page"),
        ({"primary_cta_url": "/join/"}, "primary_cta_label"),
        (
            {"secondary_cta_url": "javascript:alert(1)", "secondary_cta_label": "x"},
            "secondary_cta_url",
        ),
    ],
)
def test_home_page_call_to_action_needs_a_label_and_one_target(db, fields, error_field):
    page = HomePage(title="Home", slug="home", **fields)
    with pytest.raises(ValidationError) as excinfo:
        page.full_clean(exclude=["path", "depth", "content_type", "locale"])
    if error_field:
        assert error_field in excinfo.value.message_dict


def test_home_page_call_to_action_can_link_to_a_page(home_page):
    about = StandardPageFactory(parent=home_page, title="About", slug="about")
    home_page.primary_cta_label = ""
    home_page.primary_cta_url = ""
    home_page.primary_cta_page = about
    assert home_page.primary_cta.text == "About"
    assert home_page.primary_cta.href == "/about/"


def test_a_home_page_kept_for_members_sends_visitors_to_sign_in(client, home_page):
    # Its restriction is found among the site's, read with the highlights'.
    restrict(home_page, PageViewRestriction.LOGIN)
    response = client.get("/")
    assert response.status_code == 302
    assert "login/?next=/" in response["Location"]
    client.force_login(UserFactory())
    assert client.get("/").status_code == 200
