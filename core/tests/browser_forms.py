"""What a browser would submit for a form on a page, for tests that save a
form unchanged: checked boxes only, selected options, textarea text, and
values the browser itself would drop (a date input holding 01/03/2021 is
sent empty, as the HTML standard's value sanitisation says)."""

import re

from bs4 import BeautifulSoup

# Values browsers keep for these input types; anything else becomes "".
VALID_VALUES = {
    "date": re.compile(r"\d{4}-\d{2}-\d{2}"),
    "datetime-local": re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?"),
    "time": re.compile(r"\d{2}:\d{2}(:\d{2}(\.\d+)?)?"),
    "month": re.compile(r"\d{4}-\d{2}"),
    "number": re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?"),
}
NOT_SENT = {"submit", "button", "reset", "image", "file"}


def _input_values(field) -> list[str]:
    kind = (field.get("type") or "text").lower()
    if kind in NOT_SENT:
        return []
    if kind in {"checkbox", "radio"}:
        return [field.get("value", "on")] if field.has_attr("checked") else []
    value = field.get("value", "")
    pattern = VALID_VALUES.get(kind)
    if pattern is not None and not pattern.fullmatch(value):
        value = ""
    return [value]


def _select_values(field) -> list[str]:
    options = field.find_all("option")
    chosen = [o for o in options if o.has_attr("selected")]
    if not chosen and options and not field.has_attr("multiple"):
        chosen = options[:1]
    return [o.get("value", o.get_text()) for o in chosen]


def _textarea_values(field) -> list[str]:
    # The parser keeps the newline that browsers drop after <textarea>.
    return [field.get_text().removeprefix("\n")]


READERS = {
    "input": _input_values,
    "select": _select_values,
    "textarea": _textarea_values,
}


def submitted_data(html: str, selector: str) -> dict[str, list[str]]:
    """The fields the form matching CSS `selector` sends, name -> values."""
    form = BeautifulSoup(html, "html.parser").select_one(selector)
    assert form is not None, f"no form {selector!r} on the page"
    data: dict[str, list[str]] = {}
    for field in form.find_all(READERS):
        name = field.get("name")
        if not name or field.has_attr("disabled"):
            continue
        values = READERS[field.name](field)
        if values:
            data.setdefault(name, []).extend(values)
    return data
