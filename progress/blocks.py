"""The question blocks of an assessment. Each carries its own answer key
(which choices are right, which keywords count): it stays on the server,
never in a page's HTML or an API response before the attempt is submitted
(progress.scoring reads it, progress.views shows only the prompts)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class ChoiceBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=300)
    correct = blocks.BooleanBlock(required=False, label=_("Correct answer"))


class _ChoiceQuestionBlock(blocks.StructBlock):
    prompt = blocks.TextBlock(max_length=1000)
    choices = blocks.ListBlock(ChoiceBlock(), min_num=2, max_num=8)
    points = blocks.IntegerBlock(min_value=1, max_value=20, default=1)
    explanation = blocks.TextBlock(
        max_length=1000,
        required=False,
        help_text=_("Shown with the answers once the attempt is submitted."),
    )

    # How many choices may be marked correct: (fewest, most).
    correct_range = (1, 1)

    def clean(self, value):
        value = super().clean(value)
        correct = sum(1 for choice in value["choices"] if choice["correct"])
        fewest, most = self.correct_range
        if not fewest <= correct <= (most or len(value["choices"])):
            raise blocks.StructBlockValidationError(
                block_errors={"choices": ValidationError(self.meta.correct_message)}
            )
        return value


class SingleChoiceBlock(_ChoiceQuestionBlock):
    correct_range = (1, 1)

    class Meta:
        icon = "radio-full"
        label = _("Single choice")
        correct_message = _("Mark exactly one choice as correct.")


class MultipleChoiceBlock(_ChoiceQuestionBlock):
    # Every choice right is allowed; none right is not a question.
    correct_range = (1, None)

    class Meta:
        icon = "tasks"
        label = _("Multiple choice")
        correct_message = _("Mark at least one choice as correct.")


class ShortAnswerBlock(blocks.StructBlock):
    prompt = blocks.TextBlock(max_length=1000)
    keywords = blocks.CharBlock(
        max_length=300,
        required=False,
        help_text=_(
            "Comma-separated words or phrases; an answer holding any of them "
            "scores the points. Leave empty to score each answer by hand."
        ),
    )
    points = blocks.IntegerBlock(min_value=1, max_value=20, default=1)
    explanation = blocks.TextBlock(max_length=1000, required=False)

    class Meta:
        icon = "edit"
        label = _("Short answer")


class QuestionStreamBlock(blocks.StreamBlock):
    single_choice = SingleChoiceBlock()
    multiple_choice = MultipleChoiceBlock()
    short_answer = ShortAnswerBlock()

    class Meta:
        min_num = 1
        max_num = 50
