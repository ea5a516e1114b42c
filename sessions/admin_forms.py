"""The session editor: experts host their own sessions, nobody else's, and
type its times on its own clock."""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.admin_forms import SelfOnlyPersonForm
from sessions.forms import SESSION_TIME_FIELDS, read_session_times
from sessions.timezones import member_zone, zone_or_utc


class SessionPageForm(SelfOnlyPersonForm):
    """Start and end are shown and read in the session's time zone (the
    field below them), not in the editor's Wagtail admin zone: a Berlin
    workshop typed as 18:00 starts at 18:00 in Berlin whoever types it,
    as in the workspace's Reschedule form. A new session starts in the
    host's own zone from their profile."""

    person_field = "host"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk and self.for_user is not None:
            self.initial["time_zone"] = member_zone(self.for_user).key
        zone = zone_or_utc(self.initial.get("time_zone") or self.instance.time_zone)
        for name in SESSION_TIME_FIELDS:
            value = self.initial.get(name)
            if isinstance(value, datetime) and timezone.is_aware(value):
                # Naive on purpose: the widget then shows it as it is,
                # instead of converting it to the editor's zone.
                self.initial[name] = timezone.make_naive(value, zone)
            if name in self.fields:
                self.fields[name].help_text = _("In the session's time zone.")

    def clean(self):
        data = super().clean()
        read_session_times(self, data, zone_or_utc(data.get("time_zone")))
        return data
