"""The staff's payments reports in the Wagtail admin (Reports menu): the
ledger's totals per month, filterable by month range and currency, with
Wagtail's CSV and XLSX export. The figures come from `payments.reports`;
these views only read the filters and lay the lines out.

Months are calendar months in the site's time zone (`TIME_ZONE`), the same
for every member of staff, so two people exporting a month get one file.
"""

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import django_filters
from django import forms
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.active_filters import (
    BaseFilterAdapter,
    register_filter_adapter_class,
)
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.reports import ReportView

from core.admin_permissions import StaffOnlyPermissionPolicy, is_staff
from core.widgets import ISO_MONTH, MonthInput
from payments.models import CURRENCY_CHOICES, Payment
from payments.reports import LedgerTotal, list_ledger_totals


class ReadOnlyStaffPolicy(StaffOnlyPermissionPolicy):
    """Staff may look; nobody edits what Stripe is the source of truth for."""

    allowed_actions = {"view"}


class StaffReportMenuItem(MenuItem):
    def is_shown(self, request):
        return is_staff(request.user)


# --- Filters ----------------------------------------------------------------------


class MonthField(forms.DateField):
    """A calendar month, typed or picked as YYYY-MM (the first day of it)."""

    input_formats = [ISO_MONTH]
    widget = MonthInput


class MonthFilter(django_filters.Filter):
    """Read by the view: a month range bounds the charges by their date and
    the refunds by theirs, which no filter on payments can express."""

    field_class = MonthField

    def filter(self, qs, value):
        return qs


class MonthFilterAdapter(BaseFilterAdapter):
    def get_active_filters(self):
        for active in super().get_active_filters():
            yield active._replace(value=date_format(self.value, "F Y"))


register_filter_adapter_class(MonthFilter, MonthFilterAdapter)


class LedgerFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("month_from"), cleaned.get("month_to")
        if first and last and last < first:
            self.add_error("month_to", _("The last month comes before the first."))
        return cleaned


class LedgerFilterSet(WagtailFilterSet):
    month_from = MonthFilter(label=_("From month"), help_text=_("YYYY-MM"))
    month_to = MonthFilter(label=_("To month (included)"), help_text=_("YYYY-MM"))
    currency = django_filters.ChoiceFilter(
        label=_("Currency"), choices=CURRENCY_CHOICES, empty_label=_("All")
    )

    class Meta:
        model = Payment
        form = LedgerFilterForm
        fields = ["month_from", "month_to", "currency"]


# --- Views ------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportLine:
    """A line of a report: what it is about (a month, an expert) and its
    totals in one currency."""

    label: str
    total: LedgerTotal
    email: str = ""


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time.min, tzinfo=zone)


def _month_after(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _spreadsheet_text(value):
    # A spreadsheet runs a cell starting with = + - @ as a formula; names
    # are typed by users.
    text = str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text


class LedgerReportView(ReportView):
    """What both payments reports share: staff only, the filters, the
    window they make, and the columns of money."""

    results_template_name = "payments/admin/ledger_report_results.html"
    filterset_class = LedgerFilterSet
    permission_policy = ReadOnlyStaffPolicy(Payment)
    permission_required = "view"
    header_icon = "form"
    paginate_by = 50
    first_column = _("Month")
    no_results_message = _("No payments match these filters.")
    export_headings = {
        "label": _("Month"),
        "email": _("Email"),
        "total.currency": _("Currency"),
        "total.payments": _("Payments"),
        "total.gross": _("Charged"),
        "total.refunded": _("Refunded"),
        "total.net": _("Net"),
    }
    money_export = [
        "total.currency",
        "total.payments",
        "total.gross",
        "total.refunded",
        "total.net",
    ]
    custom_field_preprocess = {
        "label": {
            ReportView.FORMAT_CSV: _spreadsheet_text,
            ReportView.FORMAT_XLSX: _spreadsheet_text,
        },
    }

    @cached_property
    def zone(self) -> ZoneInfo:
        return timezone.get_default_timezone()

    @cached_property
    def chosen(self) -> dict:
        """The valid filters; none (all time, every currency) when the form
        is invalid, as Wagtail does for a listing, with the errors shown."""
        if self.filters is None or not self.filters.is_valid():
            return {}
        return self.filters.form.cleaned_data

    @cached_property
    def active_filters(self):
        # Wagtail shows a chip for each valid field even when the form as a
        # whole is not (a last month before the first): the listing is not
        # filtered then, so no chip may say it is.
        return super().active_filters if self.chosen else []

    def get_window(self) -> tuple[datetime | None, datetime | None]:
        first, last = self.chosen.get("month_from"), self.chosen.get("month_to")
        start = _midnight(first, self.zone) if first else None
        end = _midnight(_month_after(last), self.zone) if last else None
        return start, end

    def get_payments(self):
        return self.filter_queryset(Payment.objects.all())

    def get_filtered_queryset(self):
        return self.get_queryset()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(first_column=self.first_column, zone=self.zone)
        return context

    @classmethod
    def urls(cls, route: str) -> list:
        """The report's page and the results Wagtail's filters refresh."""
        return [
            path(f"reports/{route}/", cls.as_view(), name=cls.index_url_name),
            path(
                f"reports/{route}/results/",
                cls.as_view(results_only=True),
                name=cls.index_results_url_name,
            ),
        ]

    @classmethod
    def menu_item(cls, *, name: str, icon_name: str, order: int) -> MenuItem:
        return StaffReportMenuItem(
            cls.page_title,
            reverse(cls.index_url_name),
            name=name,
            icon_name=icon_name,
            order=order,
        )


class PaymentsByMonthReportView(LedgerReportView):
    page_title = _("Payments by month")
    index_url_name = "payments_report_by_month"
    index_results_url_name = "payments_report_by_month_results"
    export_filename = "payments-by-month"
    list_export = ["label", *LedgerReportView.money_export]

    def get_queryset(self) -> list[ReportLine]:
        start, end = self.get_window()
        totals = list_ledger_totals(
            self.get_payments(), zone=self.zone, start=start, end=end
        )
        # Newest month first; the export keeps ISO months for spreadsheets.
        return [
            ReportLine(
                label=(
                    f"{total.month:%Y-%m}"
                    if self.is_export
                    else date_format(total.month, "F Y")
                ),
                total=total,
            )
            for total in sorted(totals, key=lambda t: t.month, reverse=True)
        ]
