"""The expert's insights in the Wagtail admin, and the base of every
workspace view (mentorship's requests page builds on it).

Wagtail sends anyone without admin access to the login page; these views
then answer only experts and staff (others get a 404). An expert always sees
their own numbers: `?expert=` is read for staff only and ignored for anyone
else, so a tampered URL shows an expert nothing but their own data.
"""

from django.contrib.auth import get_user_model
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.admin_permissions import is_staff
from experts.workspace import charts, insights
from sessions.admin_views import can_host
from sessions.timezones import member_zone


def request_can_host(request) -> bool:
    """`can_host` once per request: the menu items and the view all ask."""
    if not hasattr(request, "_workspace_can_host"):
        request._workspace_can_host = can_host(request.user)
    return request._workspace_can_host


def list_experts():
    return (
        get_user_model()
        .objects.filter(is_active=True, profile__is_expert=True)
        .order_by("name", "username")
    )


def get_host(request):
    """Whose workspace this request shows: the user's own, or for staff the
    expert `?expert=` names (404 if that is no expert)."""
    user = request.user
    raw = request.GET.get("expert", "")
    if not is_staff(user) or not raw.isdigit() or int(raw) == user.pk:
        return user
    return get_object_or_404(list_experts().select_related("profile"), pk=int(raw))


class WorkspaceView(WagtailAdminTemplateMixin, TemplateView):
    def dispatch(self, request, *args, **kwargs):
        if not request_can_host(request):
            raise Http404
        self.host = get_host(request)
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        if self.host.pk != self.request.user.pk:
            return str(self.host)
        return ""

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        staff = is_staff(self.request.user)
        context.update(
            host=self.host,
            is_own=self.host.pk == self.request.user.pk,
            is_staff=staff,
            experts=list_experts() if staff else [],
            viewer_zone=member_zone(self.request.user),
            expert_param=(
                "" if self.host.pk == self.request.user.pk else str(self.host.pk)
            ),
        )
        return context


class InsightsView(WorkspaceView):
    template_name = "experts/admin/insights.html"
    page_title = gettext_lazy("Insights")
    header_icon = "table"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        host, now = self.host, timezone.now()
        months = insights.revenue_per_month(host, now=now)
        rated = insights.rated_sessions(host)
        context.update(
            rates=insights.session_rates(host, now=now),
            rating=insights.overall_rating(host),
            this_month=months[-1],
            bookings_chart=charts.bookings_chart(
                insights.bookings_per_week(host, now=now)
            ),
            revenue_charts=charts.revenue_charts(months),
            ratings_chart=charts.ratings_chart(rated, insights.host_zone(host)),
        )
        return context
