"""Playwright against Debian's Chromium and a live Django server.

Every test in this folder is marked `browser`; the `page` fixture comes from
pytest-playwright and is pointed at /usr/bin/chromium (Playwright's own
browser download does not work on these machines).
"""

import os
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from core.testing import clear_caches
from home.tests.factories import HomePageFactory

# Playwright's sync API runs an event loop in the test thread; the ORM calls
# the tests make around it are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(autouse=True)
def home_page(transactional_db):
    """The site's HomePage, built again when needed.

    `live_server` needs a transactional database, which is flushed after each
    test, taking the rows the migrations made (locale, page tree, site) with
    it; `serialized_rollback` proved unreliable once other tests had run.
    """
    # Wagtail caches site lookups and allauth its rate-limit counters; both
    # would outlive the flush.
    clear_caches()
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        yield site.root_page.specific
        clear_caches()
        return
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root")
    )
    home = HomePageFactory(parent=root)
    Site.objects.create(
        hostname="localhost",
        port=80,
        site_name="MasteryHub",
        root_page=home,
        is_default_site=True,
    )
    yield home
    clear_caches()


@pytest.fixture
def axe_violations():
    """Return the WCAG 2.2 AA violations axe-core finds on a Playwright page."""
    axe = Axe()

    def run(page) -> list[dict]:
        results = axe.run(
            page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}}
        )
        return results.response["violations"]

    return run


def describe(violations: list[dict]) -> str:
    """A readable failure message: rule, impact and the first offending nodes."""
    lines = []
    for violation in violations:
        nodes = violation["nodes"][:3]
        targets = [node["target"] for node in nodes]
        lines.append(f"{violation['id']} ({violation['impact']}): {targets}")
        lines.extend(node.get("failureSummary", "") for node in nodes)
    return "\n".join(lines)
