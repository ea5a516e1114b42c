from django import template

from progress.forms import LEVEL_HELP
from progress.models import Level

register = template.Library()


@register.filter
def level_help(value) -> str:
    """What a level on the 1–5 scale means, for the rating form."""
    try:
        return LEVEL_HELP[Level(int(value))]
    except (TypeError, ValueError, KeyError):
        return ""


@register.filter
def level_name(value) -> str:
    try:
        return Level(int(value)).label
    except (TypeError, ValueError):
        return ""
