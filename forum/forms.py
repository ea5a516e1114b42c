"""Forms for the forum's pages: they parse what was typed; the services
decide whether it may be posted (forum.services.posting)."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import Skill
from forum.models import BODY_MAX_LENGTH, TITLE_MAX_LENGTH, Category, Post, Thread
from forum.services.posting import MAX_SKILLS

MARKDOWN_HELP = _(
    "Markdown works: **bold**, *italic*, `code`, ``` for code blocks, "
    "[links](https://example.com), lists with - or 1. HTML is shown as typed."
)
UNKNOWN_SKILLS = _(
    "“%(names)s” is not among the site’s skills. Use the skills listed on "
    "sessions and expert pages, or leave it out."
)
TOO_MANY_SKILLS = _("Tag at most %(max)d skills.")
# Which submit button was pressed: preview re-renders, post posts.
PREVIEW = "preview"


class BodyField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", BODY_MAX_LENGTH)
        kwargs.setdefault("help_text", MARKDOWN_HELP)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 8}))
        super().__init__(**kwargs)


class SkillNamesField(forms.CharField):
    """Comma-separated names from the shared skill vocabulary (no new
    skills from the forum); cleans to a list of Skill."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 300)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        names = list(
            dict.fromkeys(name.strip() for name in value.split(",") if name.strip())
        )
        if len(names) > MAX_SKILLS:
            raise forms.ValidationError(TOO_MANY_SKILLS % {"max": MAX_SKILLS})
        if not names:
            return []
        matches = Q()
        for name in names:
            matches |= Q(name__iexact=name)
        found = {
            skill.name.casefold(): skill for skill in Skill.objects.filter(matches)
        }
        missing = [name for name in names if name.casefold() not in found]
        if missing:
            raise forms.ValidationError(UNKNOWN_SKILLS % {"names": ", ".join(missing)})
        return [found[name.casefold()] for name in names]


class AskForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.all(),
        empty_label=_("Choose a category"),
    )
    kind = forms.ChoiceField(
        label=_("What is it?"),
        choices=[
            (Thread.Kind.QUESTION, _("A question: I need an answer")),
            (Thread.Kind.DISCUSSION, _("A discussion: I want opinions")),
        ],
        initial=Thread.Kind.QUESTION,
        widget=forms.RadioSelect,
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX_LENGTH,
        help_text=_("Say in one sentence what you want to know."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    body = BodyField(label=_("Details"))
    skills = SkillNamesField(
        label=_("Skills"),
        help_text=_("Up to five, separated by commas, e.g. Python, SQL."),
    )


class AnswerForm(forms.Form):
    body = BodyField(label=_("Your answer"))


class ReplyForm(forms.Form):
    body = BodyField(label=_("Your reply"), widget=forms.Textarea(attrs={"rows": 3}))


class EditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH)
    body = BodyField(label=_("Text"))

    def __init__(self, *args, post: Post, **kwargs):
        super().__init__(*args, **kwargs)
        if not post.is_opening:
            del self.fields["title"]


class VoteForm(forms.Form):
    value = forms.TypedChoiceField(
        choices=[("1", "up"), ("-1", "down"), ("0", "withdraw")], coerce=int
    )


class AcceptForm(forms.Form):
    """On an answer: accept it (1), or take the mark off again (0)."""

    accept = forms.TypedChoiceField(
        choices=[("1", "accept"), ("0", "unaccept")], coerce=lambda v: v == "1"
    )


class SimilarForm(forms.Form):
    q = forms.CharField(max_length=TITLE_MAX_LENGTH * 2, required=False, strip=True)
