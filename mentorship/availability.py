"""A member's weekly availability: one set of windows per person, read by
matching whether they mentor or are mentored. The questionnaire saves them
with the mentee's answers; mentors keep theirs on their own page."""

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from accounts.services import ensure_profile
from accounts.validators import validate_time_zone
from mentorship.errors import MentorshipError
from mentorship.models import AvailabilityWindow, MenteeProfile
from mentorship.questionnaire import Window, questionnaire_problem


def availability_zone(user: User) -> str:
    """The zone a member's windows are wall-clock times in: the
    questionnaire's, then their profile's (what matching reads too)."""
    questionnaire_zone = (
        MenteeProfile.objects.filter(user=user)
        .values_list("time_zone", flat=True)
        .first()
    )
    profile = getattr(user, "profile", None)
    return questionnaire_zone or getattr(profile, "time_zone", "") or "UTC"


def replace_windows(user: User, windows: list[Window]) -> None:
    """The caller checked `windows` (questionnaire_problem) in its transaction."""
    AvailabilityWindow.objects.filter(user=user).delete()
    AvailabilityWindow.objects.bulk_create(
        AvailabilityWindow(
            user=user,
            weekday=window.weekday,
            starts_at=window.starts_at,
            ends_at=window.ends_at,
        )
        for window in windows
    )


@transaction.atomic
def save_availability(*, user: User, time_zone: str, windows: list[Window]) -> None:
    """Replace the member's windows, wall-clock times in `time_zone`. The
    zone becomes their profile's and, if they filled the questionnaire, its
    too: matching reads the windows in that zone."""
    try:
        validate_time_zone(time_zone)
    except ValidationError as error:
        raise MentorshipError(error.messages[0]) from error
    problem = questionnaire_problem(targets=[], windows=windows)
    if problem:
        raise MentorshipError(problem)
    replace_windows(user, windows)
    profile = ensure_profile(user=user)
    if profile.time_zone != time_zone:
        profile.time_zone = time_zone
        profile.save(update_fields=["time_zone"])
    MenteeProfile.objects.filter(user=user).update(time_zone=time_zone)
