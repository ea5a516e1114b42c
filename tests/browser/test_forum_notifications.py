"""A signed-in member's header with the forum's unread count, the
notifications page and the flag form: usable at 320px and free of WCAG 2.2
AA violations."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD
from forum.services.posting import answer, ask
from forum.tests.factories import ForumCategoryFactory
from sessions.tests.factories import MemberFactory
from tests.browser.conftest import describe

pytestmark = pytest.mark.django_db(transaction=True)


def _has_horizontal_scroll(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )


@pytest.fixture
def asker_with_news():
    asker = MemberFactory(
        email="ana@example.com", date_joined=timezone.now() - timedelta(days=30)
    )
    thread = ask(
        author=asker,
        category=ForumCategoryFactory(),
        title="Why is my JOIN so slow on a big table?",
        body="It takes ten seconds.",
    )
    for body in ("Add an index.", "Partition the table."):
        answer(thread=thread, author=MemberFactory(), body=body)
    return asker, thread


def _sign_in(page, live_server, member, next_path: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/?next={next_path}")
    page.locator("#id_login").fill(member.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form").get_by_role("button", name=re.compile("Sign In", re.I)).click()


# 800: past the breakpoint the menu lies inline and must still fit.
@pytest.mark.parametrize("width", [320, 800, 1280])
def test_header_count_and_notifications_page(
    page, live_server, axe_violations, asker_with_news, width
):
    asker, _thread = asker_with_news
    page.set_viewport_size({"width": width, "height": 900})
    _sign_in(page, live_server, asker, "/dashboard/")
    if width == 320:
        page.click("[data-nav-toggle]")
    # The count shows on the account menu's toggle, and again inside it.
    account = page.locator(".account-menu summary")
    expect(account).to_have_accessible_name(
        re.compile(r"^Account\s*\(2 unread forum notifications\)$")
    )
    account.click()
    link = page.get_by_role("link", name="Notifications (2 unread forum notifications)")
    expect(link).to_be_visible()
    assert not _has_horizontal_scroll(page)

    link.click()
    expect(page).to_have_url(re.compile(r"/forum/notifications/$"))
    expect(page.locator(".inbox__item--unread")).to_have_count(2)
    assert not _has_horizontal_scroll(page)
    violations = axe_violations(page)
    assert not violations, describe(violations)


def test_flag_form_at_320px(page, live_server, axe_violations, asker_with_news):
    asker, thread = asker_with_news
    post = thread.posts.get(body="Add an index.")
    page.set_viewport_size({"width": 320, "height": 900})
    _sign_in(page, live_server, asker, f"/forum/posts/{post.pk}/flag/")
    expect(page.get_by_role("heading", name="Flag a post")).to_be_visible()
    assert not _has_horizontal_scroll(page)
    violations = axe_violations(page)
    assert not violations, describe(violations)
    page.get_by_label("Spam or advertising").check()
    page.get_by_role("button", name="Flag for moderators").click()
    expect(page).to_have_url(re.compile(rf"#post-{post.pk}$"))
