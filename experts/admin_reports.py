"""The staff's payments report per expert (Reports menu): what each expert's
seats and pages were charged, refunded and left, per currency, over the
chosen months. It lives with experts because only this layer knows whom a
payment is credited to (`experts.earnings`); the filters, columns, export
and permission are the payments reports' own."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from experts.earnings import list_earnings_per_expert
from payments.admin_reports import LedgerReportView, ReportLine


class EarningsByExpertReportView(LedgerReportView):
    page_title = gettext_lazy("Payments by expert")
    first_column = gettext_lazy("Expert")
    index_url_name = "payments_report_by_expert"
    index_results_url_name = "payments_report_by_expert_results"
    export_filename = "payments-by-expert"
    export_headings = {
        **LedgerReportView.export_headings,
        "label": gettext_lazy("Expert"),
    }
    list_export = ["label", "email", *LedgerReportView.money_export]

    def get_queryset(self) -> list[ReportLine]:
        start, end = self.get_window()
        totals = list_earnings_per_expert(
            self.get_payments(), zone=self.zone, start=start, end=end
        )
        people = get_user_model().objects.in_bulk(
            {total.key for total in totals if total.key is not None}
        )
        lines = []
        for total in totals:
            person = people.get(total.key)
            if person is not None:
                lines.append(ReportLine(str(person), total, email=person.email))
            else:
                # Memberships, and seats or pages deleted since: so the
                # lines add up to the monthly report's totals.
                lines.append(ReportLine(_("No expert"), total))
        # Experts by name, the site's own line last.
        return sorted(
            lines,
            key=lambda line: (
                line.total.key is None,
                line.label.casefold(),
                line.total.currency,
            ),
        )
