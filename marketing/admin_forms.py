"""Forms of the campaign admin pages (marketing.admin_views)."""

from datetime import UTC, timedelta

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from marketing import errors

# Far enough for any real plan; also keeps typed years inside what a
# datetime can hold once converted to UTC.
LATEST_SCHEDULE = timedelta(days=366)


class PreviewMemberForm(forms.Form):
    member = forms.CharField(
        label=_("Preview as member (email or username)"), max_length=254
    )

    def clean_member(self) -> User:
        value = self.cleaned_data["member"].strip()
        member = (
            User.objects.filter(Q(email__iexact=value) | Q(username__iexact=value))
            .select_related("profile")
            .first()
        )
        if member is None:
            raise forms.ValidationError(errors.PREVIEW_MEMBER_UNKNOWN)
        return member


class ScheduleForm(forms.Form):
    """The time is read in the zone of the person scheduling (the view
    wraps validation in it)."""

    at = forms.DateTimeField(
        label=_("Send at"),
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
        ),
    )

    def clean_at(self):
        at = self.cleaned_data["at"]
        try:
            at = at.astimezone(UTC)
        except (OverflowError, ValueError) as error:
            raise forms.ValidationError(errors.SCHEDULE_TOO_LATE) from error
        now = timezone.now()
        if at <= now:
            raise forms.ValidationError(errors.SCHEDULE_IN_PAST)
        if at > now + LATEST_SCHEDULE:
            raise forms.ValidationError(errors.SCHEDULE_TOO_LATE)
        return at
