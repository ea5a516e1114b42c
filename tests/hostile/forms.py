"""The fields of a page's POST form, as a browser would send them.

A hostile POST is the form a page serves, with hostile text typed into every
field a person types into; hidden fields (CSRF, formset counts) go back as
served, as they would from a browser.
"""

from html.parser import HTMLParser

TYPED = {
    "text",
    "textarea",
    "email",
    "url",
    "search",
    "number",
    "date",
    "time",
    "datetime-local",
    "password",
    "tel",
    "select",
}


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[list[tuple[str, str, str]]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            if (attrs.get("method") or "").lower() == "post":
                self.forms.append([])
            return
        if not self.forms or not attrs.get("name"):
            return
        name = attrs["name"]
        fields = self.forms[-1]
        if tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind not in ("submit", "button", "image", "file", "reset"):
                fields.append((name, attrs.get("value") or "", kind))
        elif tag == "textarea":
            fields.append((name, "", "textarea"))
        elif tag == "select":
            fields.append((name, "", "select"))


def post_form_fields(html: str) -> list[tuple[str, str, str]] | None:
    """(name, value, type) of each field of the page's first POST form."""
    parser = _Forms()
    parser.feed(html)
    return parser.forms[0] if parser.forms else None


def hostile_form_body(fields, value: str) -> dict[str, list[str]]:
    body: dict[str, list[str]] = {}
    for name, served, kind in fields:
        body.setdefault(name, []).append(value if kind in TYPED else served)
    return body
