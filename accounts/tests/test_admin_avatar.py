"""Wagtail's admin shows the member's own photo or initials, never a
Gravatar (a broken image offline, and a third party told who signs in)."""

from urllib.parse import unquote

import pytest
from wagtail.admin.templatetags.wagtailadmin_tags import avatar_url

from accounts.models import Profile
from accounts.tests.factories import StaffFactory, UserFactory
from accounts.tests.test_profile_photo import upload

pytestmark = pytest.mark.django_db


def test_a_member_without_a_photo_gets_their_initials():
    member = UserFactory(name="Grace Mensah")
    url = avatar_url(member, 50)
    assert url.startswith("data:image/svg+xml,")
    assert ">GM</text>" in unquote(url)
    assert "gravatar" not in url


def test_a_member_with_a_photo_gets_the_photo():
    member = UserFactory()
    profile, _ = Profile.objects.get_or_create(user=member)
    profile.photo.save("face.png", upload("PNG", "face.png"))
    assert avatar_url(member, 50) == profile.photo.url


def test_the_admin_sidebar_shows_the_signed_in_members_initials(client):
    staff = StaffFactory(name="Ada Lovelace")
    client.force_login(staff)
    html = client.get("/admin/").content.decode()
    assert "gravatar" not in html
    assert "default-user-avatar" not in html
    assert "%3EAL%3C/text%3E" in html  # the initials, URL-encoded


def test_no_user_gets_wagtails_default_avatar():
    # Reports show "published by" for pages nobody published yet.
    assert "default-user-avatar" in avatar_url(None, 50)
