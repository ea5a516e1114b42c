from django import template

register = template.Library()

FORUM_PATH = "/forum/"


@register.filter
def lookup(mapping: dict, key):
    """mapping[key], or None (a post's vote, an author's reputation)."""
    return mapping.get(key) if mapping else None


@register.simple_tag(takes_context=True)
def forum_nav_link(context, links) -> dict | None:
    """The header's Forum link, unless the site's menu already has one."""
    if any(link.href.startswith(FORUM_PATH) for link in links or ()):
        return None
    request = context.get("request")
    path = request.path if request is not None else ""
    current = (
        "page" if path == FORUM_PATH else "true" if path.startswith(FORUM_PATH) else ""
    )
    return {"text": "Forum", "href": FORUM_PATH, "current": current}
