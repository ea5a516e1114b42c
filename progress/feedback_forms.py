from django import forms
from django.utils.translation import gettext_lazy as _

from core.models import Skill
from progress.models import Level
from progress.services.feedback import FEEDBACK_MAX_LENGTH, MESSAGE_MAX_LENGTH


class AskForm(forms.Form):
    skill = forms.ModelChoiceField(
        label=_("Skill"),
        queryset=Skill.objects.none(),
        empty_label=_("Choose a skill"),
        error_messages={"invalid_choice": _("Choose a skill from the list.")},
    )
    message = forms.CharField(
        label=_("What would you like feedback on? (optional)"),
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Say what you have done in this skill and where you feel unsure. "
            "The expert also sees your level history, evidence and assessments "
            "in it."
        ),
    )

    def __init__(self, *args, skills, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skill"].queryset = skills


class ReviewForm(forms.Form):
    level = forms.TypedChoiceField(
        label=_("Their level"),
        choices=Level.choices,
        coerce=int,
        widget=forms.RadioSelect,
    )
    feedback = forms.CharField(
        label=_("Your feedback"),
        max_length=FEEDBACK_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What they do well, and what would take them to the next level."),
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why (optional; the member reads it)"),
        required=False,
        max_length=FEEDBACK_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
