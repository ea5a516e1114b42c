"""Member-facing forms of the experts app."""

from django import forms
from django.utils.translation import gettext_lazy as _

from experts import errors
from experts.models import MentorshipRequest

GOALS_MAX_LENGTH = MentorshipRequest._meta.get_field("goals").max_length


class MentorshipRequestForm(forms.Form):
    goals = forms.CharField(
        label=_("What would you like to work on?"),
        help_text=_(
            "Where you are now, where you want to get to, and how the expert "
            "could help. The expert reads this before they answer."
        ),
        max_length=GOALS_MAX_LENGTH,
        strip=True,
        error_messages={"required": errors.GOALS_EMPTY},
        widget=forms.Textarea(attrs={"rows": 8}),
    )
