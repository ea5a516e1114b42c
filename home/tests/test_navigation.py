import pytest
from wagtail.models import Site
from wagtail_factories import ImageFactory
from wagtailseo.models import SeoSettings

from home.models import BrandingSettings, NavigationSettings, SocialMediaSettings

from .factories import StandardPageFactory


@pytest.fixture
def site(home_page):
    return Site.objects.get(is_default_site=True)


def _header(html: str) -> str:
    return html.split('<header class="site-header">', 1)[1].split("</header>", 1)[0]


def _footer(html: str) -> str:
    return html.split('<footer class="site-footer">', 1)[1].split("</footer>", 1)[0]


def test_header_shows_navigation_settings_links(client, site, home_page):
    about = StandardPageFactory(parent=home_page, title="About", slug="about")
    nav = NavigationSettings.for_site(site)
    nav.header_links = [
        ("link", {"label": "Sessions", "url": "/sessions/"}),
        ("link", {"label": "", "page": about, "url": ""}),
    ]
    nav.save()
    header = _header(client.get("/").content.decode())
    assert '<a class="site-nav__link" href="/sessions/">Sessions</a>' in header
    assert '<a class="site-nav__link" href="/about/">About</a>' in header


def test_header_marks_the_current_page(client, site, home_page):
    about = StandardPageFactory(parent=home_page, title="About", slug="about")
    nav = NavigationSettings.for_site(site)
    nav.header_links = [("link", {"page": about})]
    nav.save()
    header = _header(client.get("/about/").content.decode())
    assert 'href="/about/" aria-current="page">About</a>' in header


def test_header_falls_back_to_menu_pages_when_no_links_are_set(client, home_page):
    StandardPageFactory(
        parent=home_page, title="About", slug="about", show_in_menus=True
    )
    StandardPageFactory(parent=home_page, title="Hidden", slug="hidden")
    header = _header(client.get("/").content.decode())
    assert 'href="/about/">About</a>' in header
    assert "Hidden" not in header


def test_header_keeps_account_links_for_visitors(client, home_page):
    header = _header(client.get("/").content.decode())
    assert 'href="/accounts/login/">Log in</a>' in header
    assert "Join free</a>" in header
    assert "Log out" not in header


def test_header_keeps_account_links_for_members(client, django_user_model, home_page):
    user = django_user_model.objects.create_user(
        username="ada", email="ada@example.com", password="x-Secret-123"
    )
    client.force_login(user)
    header = _header(client.get("/").content.decode())
    assert ">Dashboard</a>" in header
    assert ">Profile</a>" in header
    assert 'action="/accounts/logout/"' in header and "Log out" in header
    assert "Log in" not in header


def test_mobile_nav_toggle_controls_the_nav(client, home_page):
    header = _header(client.get("/").content.decode())
    assert 'aria-controls="site-nav"' in header
    assert 'aria-expanded="false"' in header
    assert 'id="site-nav"' in header


def test_footer_shows_columns_social_links_and_text(client, site):
    nav = NavigationSettings.for_site(site)
    nav.footer_columns = [
        (
            "column",
            {
                "heading": "Company",
                "links": [
                    {"label": "About", "url": "/about/"},
                    {"label": "Privacy", "url": "/privacy/"},
                ],
            },
        )
    ]
    nav.footer_text = "Made in Leeds"
    nav.save()
    social = SocialMediaSettings.for_site(site)
    social.linkedin = "https://www.linkedin.com/company/masteryhub"
    social.github = "https://github.com/masteryhub"
    social.save()

    footer = _footer(client.get("/").content.decode())
    assert '<h2 class="site-footer__heading">Company</h2>' in footer
    assert '<a href="/privacy/">Privacy</a>' in footer
    assert (
        'href="https://www.linkedin.com/company/masteryhub" rel="me noopener">LinkedIn'
        in footer
    )
    assert ">GitHub</a>" in footer
    assert ">X (Twitter)" not in footer
    assert "Made in Leeds" in footer


def test_footer_falls_back_to_brand_and_copyright_when_empty(client, home_page):
    footer = _footer(client.get("/").content.decode())
    assert "MasteryHub" in footer
    assert "Learn a skill or share one with professionals." in footer
    assert "&copy;" in footer
    assert "Follow us" not in footer


def test_branding_shows_site_name_and_logo(client, site):
    branding = BrandingSettings.for_site(site)
    branding.site_name = "SkillForge"
    branding.logo = ImageFactory()
    branding.save()
    html = client.get("/").content.decode()
    header = _header(html)
    assert '<span class="site-header__name">SkillForge</span>' in header
    assert 'class="site-header__logo"' in header and 'alt=""' in header
    assert "SkillForge" in _footer(html)


def test_branding_feeds_wagtail_seo_site_name_and_share_image(site):
    branding = BrandingSettings.for_site(site)
    branding.site_name = "SkillForge"
    branding.share_image = ImageFactory()
    branding.save()
    site.refresh_from_db()
    assert site.site_name == "SkillForge"
    assert SeoSettings.for_site(site).og_image_default == branding.share_image


def test_non_page_views_get_title_and_og_tags(client, site):
    branding = BrandingSettings.for_site(site)
    branding.share_image = ImageFactory()
    branding.save()
    html = client.get("/accounts/login/").content.decode()
    assert "— MasteryHub</title>" in html
    assert '<meta property="og:site_name" content="MasteryHub">' in html
    assert '<meta property="og:image" content="http://testserver/' in html


def test_account_pages_render_when_no_wagtail_site_matches(client, db):
    # A fresh or flushed database, or an unknown host: the chrome falls back.
    Site.objects.all().delete()
    response = client.get("/accounts/login/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<span class="site-header__name">MasteryHub</span>' in _header(html)
    assert "&copy;" in _footer(html)


# Settings and the fallback menu are cached between requests
# (core.site_settings, home.navigation): a change shows on the next page.


def test_saved_settings_show_on_the_next_page(
    client, site, django_capture_on_commit_callbacks
):
    client.get("/")
    with django_capture_on_commit_callbacks(execute=True):
        branding = BrandingSettings.for_site(site)
        branding.site_name = "SkillForge"
        branding.save()
        seo = SeoSettings.for_site(site)
        seo.twitter_site = "skillforge"
        seo.save()
    html = client.get("/").content.decode()
    assert '<span class="site-header__name">SkillForge</span>' in _header(html)
    assert '<meta name="twitter:site" content="@skillforge">' in html


def test_a_page_published_into_the_menu_shows_on_the_next_page(
    client, home_page, django_capture_on_commit_callbacks
):
    assert "About" not in _header(client.get("/").content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        about = StandardPageFactory(
            parent=home_page, title="About", slug="about", show_in_menus=True
        )
        about.save_revision().publish()
    assert 'href="/about/">About</a>' in _header(client.get("/").content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        about.unpublish()
    assert "About" not in _header(client.get("/").content.decode())


def test_a_page_reads_its_cached_site_settings_in_one_round_trip(
    client, site, monkeypatch
):
    from django.core.cache import caches

    client.get("/")
    cache = caches["rebuildable"]
    reads = []
    inside_get_many = []
    get, get_many = cache.get, cache.get_many

    def spy_get(key, *args, **kwargs):
        if "site-setting:" in key and not inside_get_many:
            reads.append(key)
        return get(key, *args, **kwargs)

    def spy_get_many(keys, *args, **kwargs):
        reads.append(keys)
        inside_get_many.append(True)
        try:
            return get_many(keys, *args, **kwargs)
        finally:
            inside_get_many.pop()

    monkeypatch.setattr(cache, "get", spy_get)
    monkeypatch.setattr(cache, "get_many", spy_get_many)
    html = client.get("/").content.decode()
    assert "site-header__name" in html
    # Branding, navigation, social links and SEO, all cached by the first
    # page, in one read; the page's own SEO image asks for its setting
    # through its site, not the request, in one more.
    assert len(reads) <= 2
    assert len(reads[0]) >= 4
