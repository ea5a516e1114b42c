"""The home and content pages in a real browser: layout, keyboard, axe."""

import pytest
from playwright.sync_api import Page, expect

from accounts.tests.factories import UserFactory
from home.models import NavigationSettings
from home.tests.factories import StandardPageFactory

from .conftest import describe
from .test_forum import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

MOBILE = {"width": 320, "height": 800}


@pytest.fixture
def about(home_page):
    nav = NavigationSettings.for_site(home_page.get_site())
    nav.header_links = [
        ("link", {"label": "Sessions", "url": "/sessions/"}),
        ("link", {"label": "Experts", "url": "/experts/"}),
        ("link", {"label": "Learn", "url": "/learn/"}),
    ]
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
    nav.save()
    return StandardPageFactory(
        parent=home_page,
        title="About MasteryHub and the people behind it",
        slug="about",
        intro="Who we are.",
        body__0__heading__text="Our story",
        body__1__paragraph__value=(
            '<p>It began with a <a href="https://example.com/a/very/long/'
            'address/that/must/wrap/on/small/screens">workshop</a>.</p>'
        ),
        body__2__call_to_action__heading="Host a session",
        body__3__cards__cards__0__title="Live workshops",
        body__3__cards__cards__1__title="Mentors",
        body__4__quote__quote="Worth every minute.",
        body__5__faq__items__0__question="Is it free?",
        body__6__call_to_action__heading="Join today",
        body__6__call_to_action__style="accent",
    )


def _has_horizontal_scroll(page: Page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )


def _focused(page: Page) -> str:
    return page.evaluate(
        "(() => { const el = document.activeElement;"
        " return el.id || el.getAttribute('data-nav-toggle') !== null"
        " && 'toggle' || el.textContent.trim(); })()"
    )


def test_home_page_has_no_horizontal_scroll_at_320px(page: Page, live_server, about):
    page.set_viewport_size(MOBILE)
    for path in ("/", "/about/"):
        page.goto(live_server.url + path)
        assert not _has_horizontal_scroll(page), path
        page.click("[data-nav-toggle]")
        assert not _has_horizontal_scroll(page), f"{path} with the menu open"


def test_mobile_nav_toggle_works_by_keyboard(page: Page, live_server, about):
    page.set_viewport_size(MOBILE)
    page.goto(live_server.url + "/")
    toggle = page.locator("[data-nav-toggle]")
    nav = page.locator("#site-nav")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-controls", "site-nav")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(nav).to_be_hidden()

    # Skip link, brand, then the toggle.
    for _ in range(3):
        page.keyboard.press("Tab")
    expect(toggle).to_be_focused()

    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(nav).to_be_visible()
    page.keyboard.press("Tab")
    expect(nav.get_by_role("link", name="Sessions")).to_be_focused()

    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(nav).to_be_hidden()
    expect(toggle).to_be_focused()

    page.keyboard.press("Space")
    expect(nav).to_be_visible()


def test_nav_is_reachable_without_javascript(browser, live_server, about):
    context = browser.new_context(java_script_enabled=False, viewport=MOBILE)
    try:
        page = context.new_page()
        page.goto(live_server.url + "/")
        expect(page.locator("[data-nav-toggle]")).to_be_hidden()
        nav = page.locator("#site-nav")
        expect(nav.get_by_role("link", name="Sessions")).to_be_visible()
        expect(nav.get_by_role("link", name="Log in")).to_be_visible()
        assert not _has_horizontal_scroll(page)
    finally:
        context.close()


def test_nav_is_inline_on_wide_screens(page: Page, live_server, about):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server.url + "/")
    expect(page.locator("[data-nav-toggle]")).to_be_hidden()
    nav = page.locator("#site-nav")
    expect(nav.get_by_role("link", name="Sessions")).to_be_visible()


def test_skip_link_moves_focus_to_main(page: Page, live_server, home_page):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()


def test_stylesheet_loads(page: Page, live_server, home_page):
    page.goto(live_server.url + "/")
    color = page.evaluate(
        "getComputedStyle(document.querySelector('.btn--primary')).backgroundColor"
    )
    assert color == "rgb(25, 103, 210)"  # --color-primary, #1967D2


@pytest.mark.parametrize("width", [320, 1280])
def test_home_page_has_no_axe_violations(
    page: Page, live_server, axe_violations, about, width
):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/")
    violations = axe_violations(page)
    assert not violations, describe(violations)


@pytest.mark.parametrize("width", [320, 1280])
def test_standard_page_has_no_axe_violations(
    page: Page, live_server, axe_violations, about, width
):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/about/")
    if width == 320:
        page.click("[data-nav-toggle]")
    page.locator(".faq__item summary").first.click()
    violations = axe_violations(page)
    assert not violations, describe(violations)


def test_not_found_page_has_no_axe_violations(
    page: Page, live_server, axe_violations, home_page
):
    response = page.goto(live_server.url + "/no-such-page/")
    assert response.status == 404
    violations = axe_violations(page)
    assert not violations, describe(violations)


DARK_MUTED = "rgb(189, 193, 198)"


def test_dark_theme_has_no_axe_violations(
    page: Page, live_server, axe_violations, about
):
    # No colour transitions, so axe measures the dark colours, not a blend.
    page.emulate_media(reduced_motion="reduce")
    page.goto(live_server.url + "/about/")
    page.evaluate("document.documentElement.dataset.theme = 'dark'")
    # Chromium may restyle inherited colours a frame later than backgrounds;
    # axe must measure the page as a reader sees it once the theme applied.
    # (Polled from Python: the site's CSP forbids wait_for_function's eval.)
    current = page.locator(".breadcrumbs [aria-current=page]")
    for _ in range(40):
        if current.evaluate("el => getComputedStyle(el).color") == DARK_MUTED:
            break
        page.wait_for_timeout(50)
    violations = axe_violations(page)
    assert not violations, describe(violations)


def test_members_header_is_one_row_at_1280px_and_its_menu_works_by_keyboard(
    page: Page, live_server, about, axe_violations
):
    member = UserFactory()
    sign_in(page, live_server, member, "/about/")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server.url + "/about/")

    # Every link, the search and the menu toggle share one row.
    tops = page.evaluate(
        "[...document.querySelectorAll('#site-nav .site-nav__list > li,"
        " #site-nav .site-search')]"
        ".map(el => Math.round(el.getBoundingClientRect().top))"
    )
    assert len(set(tops)) == 1, tops

    menu = page.locator(".account-menu")
    dashboard = menu.get_by_role("link", name="Dashboard")
    expect(dashboard).to_be_hidden()
    menu.locator("summary").focus()
    page.keyboard.press("Enter")
    expect(dashboard).to_be_visible()
    violations = axe_violations(page)
    assert not violations, describe(violations)
    page.keyboard.press("Tab")
    expect(dashboard).to_be_focused()
    page.keyboard.press("Escape")
    expect(dashboard).to_be_hidden()
    expect(menu.locator("summary")).to_be_focused()

    # A click elsewhere closes it too.
    page.keyboard.press("Enter")
    expect(dashboard).to_be_visible()
    page.locator("main").click()
    expect(dashboard).to_be_hidden()
