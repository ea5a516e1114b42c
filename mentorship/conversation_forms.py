"""Forms of the conversation pages; the rules themselves live in
mentorship.messaging, whose messages these reuse."""

from django import forms
from django.utils.translation import gettext_lazy as _

from mentorship import errors
from mentorship.models import ABUSE_REASON_MAX_LENGTH, CONVERSATION_MESSAGE_MAX_LENGTH


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=CONVERSATION_MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Plain text. Links are shown as links; files cannot be sent."),
        error_messages={
            "required": errors.MESSAGE_EMPTY,
            "max_length": errors.CONVERSATION_MESSAGE_TOO_LONG,
        },
    )
    # The message answered, if any; the view checks it is in this thread.
    reply_to = forms.IntegerField(
        required=False, min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput
    )


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with this message?"),
        max_length=ABUSE_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only MasteryHub staff read this. The other person is not told."),
        error_messages={
            "required": errors.REPORT_REASON_EMPTY,
            "max_length": errors.REPORT_REASON_TOO_LONG,
        },
    )


class MessageEmailsForm(forms.Form):
    emails_enabled = forms.BooleanField(
        label=_("Email me when I have unread messages"),
        required=False,
        help_text=_("At most one email until you read them, sent after a while."),
    )
