"""Forms for reviews (on the session page) and the host's workspace."""

from zoneinfo import ZoneInfo

from django import forms
from django.utils.translation import gettext_lazy as _

from core.widgets import DateTimeLocalInput
from sessions import errors
from sessions.timezones import as_wall_time_in, skipped_by_the_clocks

RATING_CHOICES = [(n, f"{n} ★") for n in range(5, 0, -1)]


class ReviewForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Your rating"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": errors.REVIEW_RATING_INVALID,
            "invalid_choice": errors.REVIEW_RATING_INVALID,
        },
    )
    comment = forms.CharField(
        label=_("What did you think? (optional)"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Your reply"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": errors.REPLY_EMPTY},
    )


class EmailParticipantsForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=150)
    message = forms.CharField(
        label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8})
    )


class CancelSessionForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, cancel this session and every booking"),
        error_messages={"required": _("Tick the box to confirm.")},
    )


class AttendanceForm(forms.Form):
    booking = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(
        choices=[("attended", _("Attended")), ("no_show", _("No-show"))],
        error_messages={"invalid_choice": errors.ATTENDANCE_STATUS_INVALID},
    )


SESSION_TIME_FIELDS = ("starts_at", "ends_at")
# Years a session may be typed in. Far enough from the ends of what a
# datetime holds (years 1 and 9999) that converting to UTC, to any viewer's
# zone, or adding a reminder's day never runs past them.
FIRST_YEAR, LAST_YEAR = 1900, 9000


class SessionTimesForm(forms.Form):
    """New start and end, typed as wall-clock times in the session's own
    zone (what the host thinks in), stored as aware UTC."""

    starts_at = forms.DateTimeField(
        label=_("Starts"),
        widget=DateTimeLocalInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    ends_at = forms.DateTimeField(
        label=_("Ends"),
        widget=DateTimeLocalInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )

    def __init__(self, *args, time_zone: str = "UTC", **kwargs):
        self.zone = ZoneInfo(time_zone or "UTC")
        super().__init__(*args, **kwargs)
        suffix = _(" (%(zone)s)") % {"zone": time_zone}
        for name in SESSION_TIME_FIELDS:
            self.fields[name].label = f"{self.fields[name].label}{suffix}"

    def clean(self):
        data = super().clean()
        read_session_times(self, data, self.zone)
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", errors.TIMES_INVALID)
        return data


def read_session_times(form: forms.Form, data: dict, zone: ZoneInfo) -> None:
    """Reread the typed start and end on the session's clock, in place; a
    time the clocks skip there is a form error, not an hour's surprise, and
    so is a year no session is held in."""
    for name in SESSION_TIME_FIELDS:
        value = data.get(name)
        if value is None:
            continue
        if not FIRST_YEAR <= value.year <= LAST_YEAR:
            form.add_error(
                name,
                errors.YEAR_OUT_OF_RANGE % {"first": FIRST_YEAR, "last": LAST_YEAR},
            )
            continue
        value = as_wall_time_in(value, zone)
        if skipped_by_the_clocks(value):
            form.add_error(name, errors.TIME_SKIPPED % {"zone": zone.key})
        else:
            data[name] = value
