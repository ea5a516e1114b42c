"""Forms for the attempt pages and the marking queue: they parse what was
sent; the services decide (progress.services.assessments)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from progress import errors
from progress.questions import (
    MULTIPLE_CHOICE,
    SHORT_ANSWER_MAX_LENGTH,
    SINGLE_CHOICE,
    Prompt,
    Question,
)

# The two buttons of the attempt page.
SAVE = "save"
SUBMIT = "submit"


def answer_field_name(question_id: str) -> str:
    return f"answer-{question_id}"


TOO_LONG = errors.ANSWER_TOO_LONG % {"max": f"{SHORT_ANSWER_MAX_LENGTH:,}"}


def _answer_field(prompt: Prompt) -> forms.Field:
    choices = [(choice.id, choice.text) for choice in prompt.choices]
    common = {"label": prompt.prompt, "required": False}
    if prompt.kind == SINGLE_CHOICE:
        return forms.ChoiceField(
            choices=choices,
            widget=forms.RadioSelect,
            error_messages={"invalid_choice": errors.UNKNOWN_CHOICE},
            **common,
        )
    if prompt.kind == MULTIPLE_CHOICE:
        return forms.MultipleChoiceField(
            choices=choices,
            widget=forms.CheckboxSelectMultiple,
            error_messages={"invalid_choice": errors.UNKNOWN_CHOICE},
            **common,
        )
    return forms.CharField(
        max_length=SHORT_ANSWER_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "max_length": errors.ANSWER_TOO_LONG
            % {"max": f"{SHORT_ANSWER_MAX_LENGTH:,}"}
        },
        **common,
    )


class AnswersForm(forms.Form):
    """One field per question of the attempt, built from its prompts alone
    (never the answer key), filled with the answers saved so far."""

    def __init__(self, *args, prompts: list[Prompt], saved: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.prompts = prompts
        for prompt in prompts:
            name = answer_field_name(prompt.id)
            self.fields[name] = _answer_field(prompt)
            if prompt.id in saved:
                self.initial[name] = saved[prompt.id]

    def questions(self):
        """(prompt, bound field) pairs, in order."""
        return [(p, self[answer_field_name(p.id)]) for p in self.prompts]

    def answers(self) -> dict:
        """{question id: answer}, an empty answer for each one left blank
        (so a choice taken back is cleared)."""
        return {
            prompt.id: self.cleaned_data[answer_field_name(prompt.id)]
            for prompt in self.prompts
        }


class MarksForm(forms.Form):
    """Points for each short answer awaiting review."""

    def __init__(self, *args, questions: list[Question], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[self.field_name(question.id)] = forms.IntegerField(
                label=_("Points for question %(number)d (0 to %(points)d)")
                % {"number": question.number, "points": question.points},
                min_value=0,
                max_value=question.points,
            )

    @staticmethod
    def field_name(question_id: str) -> str:
        return f"mark-{question_id}"

    def marks(self) -> dict[str, int]:
        return {
            question.id: self.cleaned_data[self.field_name(question.id)]
            for question in self.questions
        }
