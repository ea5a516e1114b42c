"""Member-facing mentorship forms: the questionnaire (one form and two
formsets) and a request to one expert. Each problem is tied to its field;
the rules themselves are `mentorship.questionnaire`'s."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.validators import time_zone_names
from core.models import Skill
from core.widgets import TimeInput
from experts.models import LANGUAGE_CHOICES, SKILL_LEVEL_CHOICES
from mentorship import errors
from mentorship.models import (
    GOALS_MAX_LENGTH,
    MESSAGE_MAX_LENGTH,
    SHARED_NOTES_MAX_LENGTH,
    AvailabilityWindow,
    MenteeProfile,
)
from mentorship.questionnaire import (
    MAX_TARGET_SKILLS,
    MAX_WINDOWS,
    SkillTarget,
    Window,
    overlapping_windows,
    repeated_skills,
    target_problem,
    window_problem,
)
from payments.models import CURRENCY_CHOICES

LEVEL_CHOICES = [("", _("Choose a level"))] + SKILL_LEVEL_CHOICES
WEEKDAY_CHOICES = [("", _("Choose a day"))] + AvailabilityWindow.Weekday.choices


class QuestionnaireForm(forms.Form):
    goals = forms.CharField(
        label=_("What do you want to achieve?"),
        help_text=_("Where you are now, where you want to be, and by when."),
        max_length=GOALS_MAX_LENGTH,
        error_messages={"required": errors.GOALS_REQUIRED},
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    preferred_format = forms.ChoiceField(
        label=_("How would you like to meet?"),
        choices=MenteeProfile.Format.choices,
        widget=forms.RadioSelect,
    )
    frequency = forms.ChoiceField(
        label=_("How often?"),
        choices=MenteeProfile.Frequency.choices,
        widget=forms.RadioSelect,
    )
    time_zone = forms.ChoiceField(
        label=_("Your time zone"),
        help_text=_("The times you give below are in this zone."),
        choices=(),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you can be mentored in"),
        choices=LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    budget_kind = forms.ChoiceField(
        label=_("Budget"),
        choices=MenteeProfile.Budget.choices,
        widget=forms.RadioSelect,
    )
    budget_max = forms.DecimalField(
        label=_("Up to, per 1:1 session"),
        help_text=_("Only if you can pay."),
        required=False,
        min_value=1,
        max_digits=8,
        decimal_places=2,
    )
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCY_CHOICES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = [(tz, tz) for tz in time_zone_names()]
        # The languages already chosen first: in the scrolling list the
        # ticked ones would otherwise hide among eighty.
        chosen = set(self.initial.get("languages") or ())
        self.fields["languages"].choices = sorted(
            LANGUAGE_CHOICES, key=lambda choice: choice[0] not in chosen
        )

    def clean(self):
        data = super().clean()
        kind, amount = data.get("budget_kind"), data.get("budget_max")
        if kind == MenteeProfile.Budget.PAID and not amount:
            self.add_error("budget_max", errors.BUDGET_MAX_REQUIRED)
        if kind == MenteeProfile.Budget.FREE and amount is not None:
            self.add_error("budget_max", errors.BUDGET_MAX_FOR_FREE)
        return data


class PlanForm(forms.Form):
    goals = forms.CharField(
        label=_("Goals"),
        max_length=GOALS_MAX_LENGTH,
        error_messages={"required": errors.GOALS_EMPTY},
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    notes = forms.CharField(
        label=_("Shared notes"),
        help_text=_("Plans, links, next steps: both of you can read and change these."),
        max_length=SHARED_NOTES_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class AvailabilityForm(forms.Form):
    time_zone = forms.ChoiceField(
        label=_("Your time zone"),
        help_text=_("The times you give below are in this zone."),
        choices=(),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = [(tz, tz) for tz in time_zone_names()]


class RowForm(forms.Form):
    def has_changed(self) -> bool:
        # A row counts when something is in it, saved before or not: clearing
        # a saved row removes it instead of asking for its fields again.
        return any(self[name].data not in (None, "", []) for name in self.fields)


class TargetSkillForm(RowForm):
    skill = forms.ModelChoiceField(
        label=_("Skill"),
        queryset=Skill.objects.order_by("name"),
        empty_label=_("Choose a skill"),
        error_messages={"invalid_choice": _("Choose a skill from the list.")},
    )
    current_level = forms.TypedChoiceField(
        label=_("Your level now"), choices=LEVEL_CHOICES, coerce=int
    )
    target_level = forms.TypedChoiceField(
        label=_("Level you aim for"), choices=LEVEL_CHOICES, coerce=int
    )

    def clean(self):
        data = super().clean()
        if {"skill", "current_level", "target_level"} <= data.keys():
            problem = target_problem(self.target)
            if problem:
                self.add_error("target_level", problem)
        return data

    @property
    def target(self) -> SkillTarget:
        return SkillTarget(
            skill=self.cleaned_data["skill"],
            current_level=self.cleaned_data["current_level"],
            target_level=self.cleaned_data["target_level"],
        )


class WindowForm(RowForm):
    weekday = forms.TypedChoiceField(
        label=_("Day"), choices=WEEKDAY_CHOICES, coerce=int
    )
    starts_at = forms.TimeField(
        label=_("From"), widget=TimeInput, input_formats=["%H:%M"]
    )
    ends_at = forms.TimeField(
        label=_("Until"), widget=TimeInput, input_formats=["%H:%M"]
    )

    def clean(self):
        data = super().clean()
        if {"weekday", "starts_at", "ends_at"} <= data.keys():
            problem = window_problem(self.window)
            if problem:
                self.add_error("ends_at", problem)
        return data

    @property
    def window(self) -> Window:
        return Window(
            weekday=self.cleaned_data["weekday"],
            starts_at=self.cleaned_data["starts_at"],
            ends_at=self.cleaned_data["ends_at"],
        )


class RowsFormSet(forms.BaseFormSet):
    """Blank rows are left out; a row repeating an earlier one (same skill,
    overlapping time) gets the error, on the field that says so."""

    repeat_field = ""
    repeat_error = ""

    def _construct_form(self, i, **kwargs):
        # Saved rows come back as "initial" forms; any row may be emptied.
        return super()._construct_form(i, empty_permitted=True, **kwargs)

    def filled(self) -> list[forms.Form]:
        return [
            form
            for form in self.forms
            if form.has_changed()
            and form.is_valid()
            and not self._should_delete_form(form)
        ]

    def repeats(self, forms_: list[forms.Form]) -> list[int]:
        raise NotImplementedError

    def clean(self):
        super().clean()
        filled = self.filled()
        for index in self.repeats(filled):
            filled[index].add_error(self.repeat_field, self.repeat_error)


class TargetSkillFormSet(RowsFormSet):
    repeat_field = "skill"
    repeat_error = errors.SKILL_TWICE

    def repeats(self, forms_):
        return repeated_skills([form.target for form in forms_])

    @property
    def targets(self) -> list[SkillTarget]:
        return [form.target for form in self.filled()]


class WindowFormSet(RowsFormSet):
    repeat_field = "starts_at"
    repeat_error = errors.WINDOWS_OVERLAP

    def repeats(self, forms_):
        return overlapping_windows([form.window for form in forms_])

    @property
    def windows(self) -> list[Window]:
        return [form.window for form in self.filled()]


TargetSkillFormSetClass = forms.formset_factory(
    TargetSkillForm,
    formset=TargetSkillFormSet,
    extra=2,
    max_num=MAX_TARGET_SKILLS,
    absolute_max=MAX_TARGET_SKILLS,
    validate_max=True,
)
WindowFormSetClass = forms.formset_factory(
    WindowForm,
    formset=WindowFormSet,
    extra=2,
    max_num=MAX_WINDOWS,
    absolute_max=MAX_WINDOWS,
    validate_max=True,
)


class RequestForm(forms.Form):
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
    message = forms.CharField(
        label=_("A note to the expert (optional)"),
        help_text=_("Anything else: why them, when you could start."),
        max_length=MESSAGE_MAX_LENGTH,
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
