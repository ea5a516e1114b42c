import json

from django import template
from django.http import QueryDict
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# The characters that could close the <script> element or open a comment.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def jsonld(data: dict | None) -> str:
    """Render schema.org data as a JSON-LD script element, safe inside HTML."""
    if not data:
        return ""
    text = json.dumps(data, ensure_ascii=False, default=str).translate(
        _JSON_SCRIPT_ESCAPES
    )
    return format_html(
        '<script type="application/ld+json">{}</script>', mark_safe(text)
    )


@register.simple_tag
def query_with(query: str, **kwargs) -> str:
    """A query string with some keys replaced (pagination links keep the
    listing's filters)."""
    params = QueryDict(query, mutable=True)
    for key, value in kwargs.items():
        params[key] = value
    return params.urlencode()
