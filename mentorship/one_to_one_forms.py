"""Proposing a 1:1: a start and end typed in the proposer's own zone (the
sessions' time form reads them on that clock), a note, and for the mentor a
meeting link."""

from django import forms
from django.utils.translation import gettext_lazy as _

from mentorship.models import NOTE_MAX_LENGTH
from sessions.forms import SessionTimesForm


class OneToOneProposeForm(SessionTimesForm):
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What would you like to cover?"),
    )
    meeting_url = forms.URLField(
        label=_("Meeting link (optional)"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("Where you will meet: a video call link."),
    )

    def __init__(self, *args, is_mentor: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not is_mentor:
            # The mentor runs the call, so the mentor gives its link.
            del self.fields["meeting_url"]


class OneToOneAcceptForm(forms.Form):
    meeting_url = forms.URLField(
        label=_("Meeting link (optional)"),
        required=False,
        max_length=500,
        assume_scheme="https",
    )
