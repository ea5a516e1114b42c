from django import template
from django.forms import CheckboxInput, CheckboxSelectMultiple, RadioSelect

from accounts.avatar import initials, tone_index
from accounts.markdown import render_markdown

register = template.Library()


@register.filter
def described_by(bound_field) -> str:
    """The ids of a field's help text and errors, for aria-describedby."""
    ids = []
    if bound_field.help_text:
        ids.append(f"{bound_field.auto_id}_helptext")
    if bound_field.errors:
        ids.append(f"{bound_field.auto_id}_error")
    return " ".join(ids)


@register.filter
def widget_with_aria(bound_field):
    """Render a field's widget tied to its help text and errors, so screen
    readers announce both when the field gets focus. Radio groups get the
    attribute on their fieldset instead (see form_field.html)."""
    attrs = {}
    ids = described_by(bound_field)
    if ids and not uses_fieldset(bound_field):
        attrs["aria-describedby"] = ids
    if bound_field.errors:
        attrs["aria-invalid"] = "true"
    return bound_field.as_widget(attrs=attrs)


@register.filter
def uses_fieldset(bound_field) -> bool:
    return isinstance(bound_field.field.widget, RadioSelect | CheckboxSelectMultiple)


@register.filter
def is_checkbox(bound_field) -> bool:
    return isinstance(bound_field.field.widget, CheckboxInput)


@register.filter
def markdown(text: str):
    return render_markdown(text or "")


@register.inclusion_tag("accounts/components/avatar.html")
def avatar(user, size: str = "medium"):
    profile = getattr(user, "profile", None)
    photo = profile.photo if profile is not None and profile.photo else None
    name = user.get_full_name() or user.username
    return {
        "photo": photo,
        "name": name,
        "initials": initials(name),
        "tone": tone_index(user.username),
        "size": size,
        "pixels": {"small": 48, "medium": 96, "large": 160}.get(size, 96),
    }
