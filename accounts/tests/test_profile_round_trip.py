import datetime

import pytest

from accounts.models import Profile, ProfileEntry
from accounts.tests.factories import ProfileEntryFactory, UserFactory
from accounts.tests.test_profile import EDIT
from core.tests.browser_forms import submitted_data

pytestmark = pytest.mark.django_db


def snapshot(user) -> dict:
    profile = Profile.objects.select_related("user").get(user=user)
    fields = [
        f.name
        for f in Profile._meta.concrete_fields
        if f.name not in {"id", "updated_at"}
    ]
    return {
        "user": (profile.user.name, profile.user.username),
        "profile": {name: getattr(profile, name) for name in fields},
        "skills": sorted(t.name for t in profile.skills.all()),
        "interests": sorted(t.name for t in profile.interests.all()),
        "entries": list(
            ProfileEntry.objects.filter(profile=profile)
            .order_by("pk")
            .values("kind", "title", "organisation", "url", "start_date", "end_date")
        ),
    }


def test_saving_the_profile_unchanged_changes_nothing(client, login):
    member = UserFactory(name="Ada Lovelace")
    profile = member.profile
    profile.headline = "Analyst of engines"
    profile.bio = "First line.\nSecond line."
    profile.time_zone = "Europe/London"
    profile.linkedin_url = "https://www.linkedin.com/in/ada"
    profile.save()
    profile.skills.set(["Mathematics", "Poetry"])
    profile.interests.set(["Looms"])
    for kind, start, end in [
        (ProfileEntry.Kind.EXPERIENCE, datetime.date(2021, 3, 1), None),
        (
            ProfileEntry.Kind.EXPERIENCE,
            datetime.date(2018, 12, 25),
            datetime.date(2021, 2, 28),
        ),
        (ProfileEntry.Kind.CERTIFICATION, datetime.date(2020, 1, 13), None),
        (ProfileEntry.Kind.PROJECT, None, None),
    ]:
        ProfileEntryFactory(profile=profile, kind=kind, start_date=start, end_date=end)
    login(member)
    before = snapshot(member)

    page = client.get(EDIT)
    html = page.content.decode()
    assert 'value="2021-03-01"' in html
    data = submitted_data(html, "form.profile-form")
    response = client.post(EDIT, data)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert snapshot(member) == before
