"""Forms for reviews (on the session page) and the host's workspace."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.utils.translation import gettext_lazy as _

from sessions import errors

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


class SessionTimesForm(forms.Form):
    """New start and end, typed as wall-clock times in the session's own
    zone (what the host thinks in), stored as aware UTC."""

    starts_at = forms.DateTimeField(
        label=_("Starts"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    ends_at = forms.DateTimeField(
        label=_("Ends"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )

    def __init__(self, *args, time_zone: str = "UTC", **kwargs):
        self.zone = ZoneInfo(time_zone or "UTC")
        super().__init__(*args, **kwargs)
        suffix = _(" (%(zone)s)") % {"zone": time_zone}
        for name in ("starts_at", "ends_at"):
            self.fields[name].label = f"{self.fields[name].label}{suffix}"

    def _in_zone(self, value: datetime) -> datetime:
        # Django made it aware in the *server* zone; reread the wall-clock
        # time in the session's zone instead.
        return value.replace(tzinfo=None).replace(tzinfo=self.zone)

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends:
            data["starts_at"], data["ends_at"] = (
                self._in_zone(starts),
                self._in_zone(ends),
            )
            if data["ends_at"] <= data["starts_at"]:
                self.add_error("ends_at", errors.TIMES_INVALID)
        return data
