"""Every date and time picker in the project's forms shows the saved value
(browsers read ISO values only, whatever the site's locale)."""

import datetime
import importlib
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.utils import translation
from django_filters import FilterSet

from core.widgets import DateInput, DateTimeLocalInput

PICKERS = {"date", "datetime-local", "time", "month", "week"}
SAMPLE = datetime.datetime(2021, 3, 1, 9, 30)
ISO = {
    "date": "2021-03-01",
    "datetime-local": "2021-03-01T09:30",
    "month": "2021-03",
    "time": "09:30",
}
SAMPLES = {"datetime-local": SAMPLE, "time": SAMPLE.time()}


def project_apps() -> list[str]:
    return [
        config.name
        for config in apps.get_app_configs()
        # Top-level packages of the project: a virtualenv may sit inside it.
        if Path(config.path).parent == settings.BASE_DIR
    ]


def subclasses(cls) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub, *subclasses(sub)}
    return found


def project_picker_widgets() -> list[tuple[str, forms.Widget]]:
    ours = tuple(f"{name}." for name in project_apps())
    for app in project_apps():
        for module in ("forms", "filters", "admin_forms", "views", "admin_views"):
            try:
                importlib.import_module(f"{app}.{module}")
            except ModuleNotFoundError as error:
                if error.name != f"{app}.{module}":
                    raise
    fields = []
    for form in subclasses(forms.BaseForm):
        if form.__module__.startswith(ours):
            fields += [(f"{form.__name__}.{n}", f) for n, f in form.base_fields.items()]
    for filterset in subclasses(FilterSet):
        if filterset.__module__.startswith(ours):
            fields += [
                (f"{filterset.__name__}.{n}", f.field)
                for n, f in filterset.base_filters.items()
            ]
    return [
        (name, field.widget)
        for name, field in fields
        if getattr(field.widget, "input_type", None) in PICKERS
    ]


def test_the_project_has_date_pickers_to_check():
    names = {name for name, _widget in project_picker_widgets()}
    assert {
        "ProfileEntryForm.start_date",
        "SessionTimesForm.starts_at",
        "SessionFilter.date_from",
        "WindowForm.starts_at",
    } <= names


@pytest.mark.parametrize("language", ["en-gb", "en-us", "de"])
def test_every_date_picker_renders_its_value_in_iso(language):
    with translation.override(language):
        for name, widget in project_picker_widgets():
            value = SAMPLES.get(widget.input_type, SAMPLE.date())
            html = widget.render(name, value)
            assert f'value="{ISO[widget.input_type]}"' in html, (name, html)


def test_iso_widgets_render_the_browser_format():
    assert 'type="date"' in DateInput().render("d", SAMPLE.date())
    assert 'value="2021-03-01T09:30"' in DateTimeLocalInput().render("d", SAMPLE)
