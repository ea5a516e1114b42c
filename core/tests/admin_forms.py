"""What a browser would post from a Wagtail admin form."""

from bs4 import BeautifulSoup


def form_fields(form) -> dict:
    """The fields of a parsed `<form>` as a browser submits them: disabled
    ones and buttons left out, unticked boxes absent. StreamFields are
    posted empty, which is what the factories make."""
    data: dict = {}
    for field in form.find_all(["input", "select", "textarea"]):
        name = field.get("name")
        kind = field.get("type")
        if (
            not name
            or "__prefix__" in name
            or field.has_attr("disabled")
            or kind in ("submit", "button")
        ):
            continue
        if field.name == "select":
            option = field.find("option", selected=True) or field.find("option")
            data[name] = option.get("value", option.text) if option else ""
        elif field.name == "textarea":
            data[name] = field.text.removeprefix("\n")
        elif kind in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
        else:
            data[name] = field.get("value", "")
    for stream in form.select("[data-controller~='w-block']"):
        data[f"{stream['id']}-count"] = "0"
    data.pop("csrfmiddlewaretoken", None)
    return data


def posted_forms_data(html: bytes | str) -> dict:
    """Every POST form on an admin page, merged: what a browser could send
    back to it."""
    soup = BeautifulSoup(html, "html.parser")
    data: dict = {}
    for form in soup.find_all("form"):
        if form.get("method", "").lower() == "post":
            data.update(form_fields(form))
    return data


def editor_data(client, url: str, **changes) -> dict:
    """What a browser posts from Wagtail's page editor at `url` (its fields
    as rendered), with `changes` applied."""
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    form = soup.find("form", id="page-edit-form")
    if form is None:  # turned away: post only the changes
        return changes
    return {**form_fields(form), **changes}
