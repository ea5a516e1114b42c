"""The expert's answer to a mentorship request."""

from django import forms
from django.utils.translation import gettext_lazy as _

ACCEPT, DECLINE = "accept", "decline"


class MentorshipAnswerForm(forms.Form):
    action = forms.ChoiceField(
        choices=[(ACCEPT, _("Accept")), (DECLINE, _("Decline"))],
        error_messages={"required": _("Choose accept or decline.")},
    )
    response = forms.CharField(
        label=_("Message (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    @property
    def accept(self) -> bool:
        return self.cleaned_data["action"] == ACCEPT
