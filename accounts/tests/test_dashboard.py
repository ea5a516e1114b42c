import pytest

from accounts.tests.factories import ProfileEntryFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_dashboard_needs_login(client):
    response = client.get("/dashboard/")
    assert response["Location"].startswith("/accounts/login/")


def test_new_member_sees_what_to_fill_in(client, login):
    user = UserFactory(username="ada")
    login(user)
    html = client.get("/dashboard/").content.decode()
    assert "0% complete" in html
    assert "a headline" in html
    assert 'href="/accounts/profile/"' in html
    assert 'href="/members/ada/"' in html
    assert "Verified" in html
    assert 'href="/accounts/expert/apply/"' in html


def test_completeness_grows_as_the_profile_fills(client, login):
    user = UserFactory()
    profile = user.profile
    profile.headline = "Data engineer"
    profile.bio = "Hello"
    profile.github_url = "https://github.com/ada"
    profile.save()
    profile.skills.set(["SQL"])
    ProfileEntryFactory(profile=profile)
    login(user)
    html = client.get("/dashboard/").content.decode()
    assert "71% complete" in html  # 5 of 7
    assert "a headline" not in html
    assert "a profile picture" in html


def test_members_made_outside_signup_get_a_profile(client, login):
    from accounts.models import Profile

    user = UserFactory()
    Profile.objects.filter(user=user).delete()
    user.refresh_from_db()
    login(user)
    assert client.get("/dashboard/").status_code == 200
    assert Profile.objects.filter(user=user).exists()
