from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import OPT_IN_EMAIL_KINDS, EmailKind

KIND_HELP = {
    EmailKind.DIGEST: _(
        "Monday morning, in your time zone: upcoming sessions, questions and "
        "articles that match your skills and interests. Nothing that week, no email."
    ),
    EmailKind.NEWSLETTER: _(
        "Now and then: new programmes, featured experts and what is on at MasteryHub."
    ),
    EmailKind.FORUM: _(
        "New answers, replies and accepted answers in threads you follow, "
        "gathered into one email."
    ),
    EmailKind.MENTORSHIP: _(
        "Unread messages from your mentors or mentees, gathered into one email."
    ),
    EmailKind.REMINDERS: _("A day and an hour before a session or 1:1 you booked."),
}


class NewsletterForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class EmailPreferencesForm(forms.Form):
    """One checkbox per kind of email, marketing first."""

    def __init__(self, *args, preferences: dict[str, bool], **kwargs):
        super().__init__(*args, **kwargs)
        for kind in EmailKind:
            self.fields[kind.value] = forms.BooleanField(
                label=kind.label,
                required=False,
                initial=preferences[kind.value],
                help_text=KIND_HELP[kind],
            )

    @property
    def marketing_fields(self):
        return [self[kind] for kind in EmailKind.values if kind in OPT_IN_EMAIL_KINDS]

    @property
    def notification_fields(self):
        return [
            self[kind] for kind in EmailKind.values if kind not in OPT_IN_EMAIL_KINDS
        ]
