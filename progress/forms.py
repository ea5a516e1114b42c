"""Forms of the progress pages: they parse and say what is missing; the
rules (dates, levels, addresses) are the services', whose errors the views
put back on these forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.models import Skill
from progress import errors
from progress.models import Evidence, Level

LEVEL_HELP = {
    Level.NOVICE: _("Follows rules and instructions; needs guidance."),
    Level.ADVANCED_BEGINNER: _("Handles familiar situations; still needs help."),
    Level.COMPETENT: _("Plans and works on their own; solves usual problems."),
    Level.PROFICIENT: _("Sees the whole picture; knows what matters most."),
    Level.EXPERT: _("Works by intuition; others learn from them."),
}

LEVEL_ERRORS = {
    "required": errors.BAD_LEVEL,
    "invalid_choice": errors.BAD_LEVEL,
}


def level_choices(levels=None) -> list[tuple[int, str]]:
    return [
        (level, f"{level} · {Level(level).label}") for level in (levels or Level.values)
    ]


class SkillChoiceForm(forms.Form):
    """Pick a skill to open its progress page."""

    skill = forms.ModelChoiceField(
        queryset=Skill.objects.order_by("name"),
        to_field_name="slug",
        label=_("Skill"),
        empty_label=_("Choose a skill"),
        error_messages={
            "required": errors.UNKNOWN_SKILL,
            "invalid_choice": errors.UNKNOWN_SKILL,
        },
    )


class RateForm(forms.Form):
    level = forms.TypedChoiceField(
        label=_("Your level now"),
        choices=level_choices(),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages=LEVEL_ERRORS,
    )


class GoalForm(forms.Form):
    target_level = forms.TypedChoiceField(
        label=_("Level to reach"),
        choices=level_choices(),
        coerce=int,
        error_messages=LEVEL_ERRORS,
    )
    target_date = forms.DateField(
        label=_("Reach it by"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Choose the date you aim for."),
            "invalid": _("Enter a date like 2030-06-30."),
        },
    )

    def __init__(self, *args, current_level: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # Offer only levels above the current one; the service says so too.
        above = [level for level in Level.values if level > (current_level or 0)]
        self.fields["target_level"].choices = level_choices(above)


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What is it?"), choices=Evidence.Kind.choices, initial="project"
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=Evidence._meta.get_field("title").max_length,
        error_messages={"required": errors.EVIDENCE_NO_TITLE},
    )
    url = forms.CharField(
        label=_("Link"),
        max_length=Evidence._meta.get_field("url").max_length,
        help_text=_("A web address starting with https:// or http://."),
        widget=forms.URLInput(attrs={"inputmode": "url", "autocomplete": "url"}),
        error_messages={"required": errors.EVIDENCE_BAD_URL},
    )


class SharingForm(forms.Form):
    public_skills = forms.ModelMultipleChoiceField(
        queryset=Skill.objects.none(),
        required=False,
        label=_("Show these levels on my public profile"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": errors.SHARED_SKILL_NOT_TRACKED},
    )
    share_with_mentors = forms.BooleanField(
        required=False,
        label=_("Let my mentors see my progress"),
        help_text=_(
            "Mentors in an active mentorship with you can then open your "
            "progress pages (levels, goals, evidence). Nobody else can."
        ),
    )

    def __init__(self, *args, rated_skills, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["public_skills"].queryset = rated_skills
