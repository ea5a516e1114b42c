"""Forms for flagging (on the site) and for the moderation queue (in the
admin). The rules live in forum.services.moderation, whose messages these
reuse."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.widgets import DateTimeLocalInput
from forum import errors
from forum.models import REASON_MAX_LENGTH, Category, Flag

_REASON_ERRORS = {
    "required": errors.REASON_NEEDED,
    "max_length": errors.REASON_TOO_LONG % {"max": f"{REASON_MAX_LENGTH:,}"},
}


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong with this post?"),
        choices=Flag.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": errors.BAD_FLAG_REASON,
            "invalid_choice": errors.BAD_FLAG_REASON,
        },
    )
    details = forms.CharField(
        label=_("Details (optional)"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only forum moderators read this. The author is not told who."),
        error_messages={
            "max_length": errors.FLAG_DETAILS_TOO_LONG
            % {"max": f"{REASON_MAX_LENGTH:,}"}
        },
    )


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Why (the author is told)"),
        max_length=REASON_MAX_LENGTH,
        error_messages=_REASON_ERRORS,
    )


class MoveForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("Move to"), queryset=Category.objects.all(), empty_label=None
    )


class BanForm(forms.Form):
    reason = forms.CharField(
        label=_("Why (the member sees this when refused)"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=_REASON_ERRORS,
    )
    until = forms.DateTimeField(
        label=_("Until (empty: for good)"),
        required=False,
        widget=DateTimeLocalInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
    )
