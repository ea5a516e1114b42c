from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.html import urlize
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

NOFOLLOW = 'rel="nofollow"'
# Links members write are theirs, not ours: search engines are told so
# (ugc, nofollow) and the page opened never gets a handle back to ours.
MEMBER_LINK_REL = 'rel="nofollow ugc noopener noreferrer"'


@register.filter(needs_autoescape=False)
def message_text(body: str) -> SafeString:
    """A member's plain text as HTML: everything escaped, addresses made
    links, line breaks kept. No markup the member typed is ever interpreted.

    The rel swap is safe: in the escaped text a typed `rel="nofollow"` has
    become `rel=&quot;nofollow&quot;`, so only urlize's own attribute matches.
    """
    # urlize escapes every character outside the links it builds.
    linked = urlize(str(body), nofollow=True, autoescape=True)
    return linebreaksbr(
        mark_safe(linked.replace(NOFOLLOW, MEMBER_LINK_REL)),  # noqa: S308
        autoescape=True,
    )
