"""seed_demo builds a demo that shows every feature, and running it twice
changes nothing."""

import pytest
from django.core.management import CommandError, call_command

from accounts.models import ExpertApplication, User
from sessions.models import Booking, Review, SessionPage


def counts() -> dict[str, int]:
    return {
        "users": User.objects.count(),
        "sessions": SessionPage.objects.count(),
        "bookings": Booking.objects.count(),
        "reviews": Review.objects.count(),
        "applications": ExpertApplication.objects.count(),
    }


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_shows_each_feature(client):
    call_command("seed_demo", "--force", verbosity=0)
    first = counts()
    call_command("seed_demo", "--force", verbosity=0)
    assert counts() == first

    assert User.objects.filter(username="admin", is_superuser=True).exists()
    assert ExpertApplication.objects.filter(status="pending").exists()
    assert Booking.objects.filter(status="waitlisted").exists()
    assert Review.objects.exists()
    assert SessionPage.objects.filter(status="cancelled").exists()
    assert client.get("/").status_code == 200
    assert client.get("/sessions/").status_code == 200
    assert client.get("/members/amara-okafor/").status_code == 200


def test_seed_demo_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="known password"):
        call_command("seed_demo", verbosity=0)
