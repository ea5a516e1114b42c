"""The "Your data" page and the JSON download: the accounts section here;
the other apps' sections in tests/test_data_export_sections.py (accounts may
not import the apps above it)."""

import json
from datetime import UTC, datetime

import pytest
import time_machine

from accounts.data_export import export_account_data
from accounts.email_preferences import set_email_preference
from accounts.models import EmailKind, EmailPreferenceSource
from accounts.tests.factories import ProfileEntryFactory, UserFactory

pytestmark = pytest.mark.django_db


def download(client):
    return client.post("/accounts/data/download/")


def test_the_page_and_the_download_need_a_signed_in_member(client):
    for response in (client.get("/accounts/data/"), download(client)):
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_the_page_explains_the_download_and_links_to_deletion(client):
    client.force_login(UserFactory())

    response = client.get("/accounts/data/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Your data</h1>" in html
    assert "Download my data (JSON)" in html
    assert 'href="/accounts/delete/"' in html


def test_the_download_is_an_attachment_named_for_the_member_and_not_cached(client):
    member = UserFactory(username="ada")
    client.force_login(member)

    with time_machine.travel(datetime(2026, 12, 6, 23, 30, tzinfo=UTC), tick=False):
        response = download(client)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"] == (
        'attachment; filename="masteryhub-ada-2026-12-06.json"'
    )
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["exported_at"] == "2026-12-06T23:30:00Z"
    assert data["site"].startswith("http")


def test_a_get_does_not_download(client):
    client.force_login(UserFactory())

    assert client.get("/accounts/data/download/").status_code == 405


def test_the_account_section_holds_the_profile_and_the_consent_record(client):
    member = UserFactory(username="ada", name="Ada Lovelace")
    profile = member.profile
    profile.headline = "Analytical engines"
    profile.save()
    profile.skills.set(["Python", "SQL"])
    ProfileEntryFactory(profile=profile, title="Countess of Lovelace")
    with time_machine.travel(datetime(2026, 5, 1, 12, 0, tzinfo=UTC)):
        set_email_preference(
            user=member,
            kind=EmailKind.NEWSLETTER,
            enabled=True,
            source=EmailPreferenceSource.SIGNUP,
        )
    client.force_login(member)

    account = json.loads(download(client).content)["sections"]["account"]

    assert account["user"]["email"] == member.email
    assert account["user"]["username"] == "ada"
    assert account["user"]["name"] == "Ada Lovelace"
    assert account["user"]["date_joined"].endswith("Z")
    assert account["profile"]["headline"] == "Analytical engines"
    assert account["profile"]["skills"] == ["Python", "SQL"]
    assert account["profile"]["entries"][0]["title"] == "Countess of Lovelace"
    assert account["email_preferences"] == [
        {
            "kind": "newsletter",
            "enabled": True,
            "source": "signup",
            "changed_at": "2026-05-01T12:00:00Z",
        }
    ]


def test_the_download_holds_nothing_of_another_member(client):
    member, other = UserFactory(), UserFactory(name="Grace Hopper")
    other.profile.headline = "Compilers"
    other.profile.save()
    client.force_login(member)

    text = download(client).content.decode()

    for secret in (other.email, other.username, "Grace Hopper", "Compilers"):
        assert secret not in text


def test_the_query_count_does_not_grow_with_profile_entries(
    django_assert_max_num_queries,
):
    member = UserFactory()
    export_account_data(member)
    ProfileEntryFactory.create_batch(10, profile=member.profile)
    member.profile.skills.set([f"Skill {n}" for n in range(10)])

    # Each section's queries are fixed; this bounds all sections together.
    with django_assert_max_num_queries(60):
        data = export_account_data(member)

    assert len(data["sections"]["account"]["profile"]["entries"]) == 10
