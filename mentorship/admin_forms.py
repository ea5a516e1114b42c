"""The mentor's answer to a request, in their admin workspace."""

from django import forms
from django.utils.translation import gettext_lazy as _

from mentorship.models import MESSAGE_MAX_LENGTH

ACCEPT, DECLINE = "accept", "decline"


class AnswerForm(forms.Form):
    action = forms.ChoiceField(
        choices=[(ACCEPT, _("Accept")), (DECLINE, _("Decline"))],
        error_messages={"required": _("Choose accept or decline.")},
    )
    response = forms.CharField(
        label=_("Message (optional)"),
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    @property
    def accept(self) -> bool:
        return self.cleaned_data["action"] == ACCEPT
