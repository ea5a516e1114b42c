"""The /search/ form: whatever arrives in the URL becomes something safe to
search for, or a form error; nothing a visitor types can make the page fail."""

import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_QUERY_LENGTH = 200

TYPE_CHOICES = [
    ("session", _("Sessions")),
    ("expert", _("Experts")),
    ("article", _("Articles")),
    ("course", _("Courses")),
    ("thread", _("Forum")),
]

# Control characters (NUL among them) and lone surrogates: PostgreSQL refuses
# NUL in text, and none of them can be part of a word anyone searches for.
_DROPPED_CATEGORIES = {"Cc", "Cs"}


def clean_query_text(value: str) -> str:
    return "".join(
        " " if unicodedata.category(ch) in _DROPPED_CATEGORIES else ch for ch in value
    )


class QueryField(forms.CharField):
    """Drops control characters before Django's NUL validator sees them and
    shortens long queries rather than refusing them (the template says so)."""

    def to_python(self, value):
        value = super().to_python(clean_query_text(value or ""))
        return value[:MAX_QUERY_LENGTH].strip()


class SearchForm(forms.Form):
    q = QueryField(label=_("Search"), required=False)
    type = forms.ChoiceField(
        label=_("Show"),
        choices=[("", _("Everything"))] + TYPE_CHOICES,
        required=False,
    )

    @property
    def was_truncated(self) -> bool:
        raw = clean_query_text(self.data.get("q", "") or "").strip()
        return len(raw) > MAX_QUERY_LENGTH

    def search_terms(self) -> tuple[str, str]:
        """The cleaned query and type; an unknown type searches everything
        (its error is shown beside the form)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return data.get("q", ""), data.get("type", "")
