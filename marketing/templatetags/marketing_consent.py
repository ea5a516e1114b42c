from django import template

from accounts.models import EmailKind

register = template.Library()


@register.filter
def kind_label(kind: str) -> str:
    """ "Weekly digest of sessions for you" for "digest", lower-cased to sit
    inside a sentence."""
    try:
        label = str(EmailKind(kind).label)
    except ValueError:
        return kind
    return label[0].lower() + label[1:]
