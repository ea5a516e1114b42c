"""A member downloads their data and deletes their account from the
browser: the JSON arrives as a file, a wrong password deletes nothing,
the right one signs them out and the account is gone."""

import json
import re

import pytest
from playwright.sync_api import expect

from accounts.models import User
from accounts.tests.factories import PASSWORD
from sessions.tests.factories import MemberFactory
from tests.browser.conftest import describe

pytestmark = pytest.mark.django_db(transaction=True)


def test_member_downloads_their_data_then_deletes_the_account(
    page, live_server, axe_violations, tmp_path
):
    member = MemberFactory(email="grace@example.com", username="grace")
    page.goto(f"{live_server.url}/accounts/login/?next=/accounts/data/")
    page.locator("#id_login").fill(member.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("data", re.I))
    assert not describe(axe_violations(page))

    with page.expect_download() as download:
        page.get_by_role("button", name=re.compile("Download my data")).click()
    assert re.fullmatch(
        r"masteryhub-grace-\d{4}-\d{2}-\d{2}\.json", download.value.suggested_filename
    )
    saved = tmp_path / "data.json"
    download.value.save_as(saved)
    data = json.loads(saved.read_text())
    assert data["sections"]["account"]["user"]["email"] == "grace@example.com"

    page.goto(f"{live_server.url}/accounts/delete/")
    assert not describe(axe_violations(page))
    delete = page.get_by_role("button", name="Delete my account")
    page.get_by_label("Your password").fill("not my password")
    delete.click()
    expect(page.get_by_text("That is not your password.")).to_be_visible()
    assert User.objects.filter(pk=member.pk).exists()

    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account").click()
    expect(page).to_have_url(f"{live_server.url}/")
    assert not User.objects.filter(pk=member.pk).exists()
    page.goto(f"{live_server.url}/dashboard/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
