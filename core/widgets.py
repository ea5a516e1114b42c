"""Widgets for the browser's own date and time pickers.

`<input type="date">`, `type="datetime-local"`, `type="month"` and
`type="time"` read and
send ISO values only. Django renders dates in the active locale's first input format
(01/03/2021 in en-GB), which the browser drops as invalid: the field shows
empty and saving the form unchanged erases the date. These render ISO.
"""

from django import forms

ISO_DATE = "%Y-%m-%d"
ISO_DATETIME_LOCAL = "%Y-%m-%dT%H:%M"
ISO_MONTH = "%Y-%m"
ISO_TIME = "%H:%M"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None, format=ISO_DATE):
        super().__init__(attrs, format=format)


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None, format=ISO_DATETIME_LOCAL):
        super().__init__(attrs, format=format)


class MonthInput(forms.DateInput):
    """`<input type="month">`: YYYY-MM, the first day of the month as a date.
    Browsers without a month picker show a text box; the placeholder says
    what to type."""

    input_type = "month"

    def __init__(self, attrs=None, format=ISO_MONTH):
        super().__init__({"placeholder": "YYYY-MM", **(attrs or {})}, format=format)


class TimeInput(forms.TimeInput):
    """`<input type="time">`: HH:MM, 24-hour, whatever the page's locale."""

    input_type = "time"

    def __init__(self, attrs=None, format=ISO_TIME):
        super().__init__(attrs, format=format)
