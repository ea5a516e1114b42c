"""The expert's panels on the Wagtail admin dashboard.

Each panel reads only the signed-in user's own data (the hook builds them for
`request.user`, never for a user named in the URL), in a fixed number of
queries however many sessions, reviews or requests they have.
"""

from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from laces.components import Component

from experts.workspace import insights

UPCOMING_LIMIT = 5
REVIEWS_LIMIT = 3


class WorkspacePanel(Component):
    def __init__(self, host):
        self.host = host

    def get_context_data(self, parent_context=None):
        parent_context = parent_context or {}
        return {
            "request": parent_context.get("request"),
            "host": self.host,
            **self.get_numbers(),
        }

    def get_numbers(self) -> dict:
        return {}


class ExpertPagePromptPanel(WorkspacePanel):
    """Nudges an expert whose public page is missing or not live yet."""

    name = "expert_page_prompt"
    template_name = "experts/admin/panels/expert_page_prompt.html"
    order = 40

    def get_numbers(self) -> dict:
        page = insights.get_expert_page(self.host)
        if page is not None:
            if page.live:
                return {"hidden": True}
            return {
                "page": page,
                "url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
            }
        index = insights.get_expert_index()
        if index is None:
            return {"hidden": True}
        return {
            "page": None,
            "url": reverse(
                "wagtailadmin_pages:add", args=["experts", "expertpage", index.pk]
            ),
        }

    def render_html(self, parent_context=None):
        context = self.get_context_data(parent_context)
        if context.get("hidden"):
            return ""
        return get_template(self.template_name).render(context)


class UpcomingSessionsPanel(WorkspacePanel):
    name = "workspace_upcoming_sessions"
    template_name = "experts/admin/panels/upcoming_sessions.html"
    order = 100

    def get_numbers(self) -> dict:
        sessions = insights.list_upcoming_sessions(self.host)
        return {"sessions": list(sessions[:UPCOMING_LIMIT])}


class EarningsPanel(WorkspacePanel):
    name = "workspace_earnings"
    template_name = "experts/admin/panels/earnings.html"
    order = 120

    def get_numbers(self) -> dict:
        now = timezone.now()
        start, _end = insights.month_bounds(now, insights.host_zone(self.host))
        return {
            "totals": insights.earnings_this_month(self.host, now=now),
            "month": start.date(),
        }


class RecentReviewsPanel(WorkspacePanel):
    name = "workspace_recent_reviews"
    template_name = "experts/admin/panels/recent_reviews.html"
    order = 130

    def get_numbers(self) -> dict:
        return {
            "reviews": list(insights.list_recent_reviews(self.host)[:REVIEWS_LIMIT])
        }


def panels_for(user, *, expert: bool) -> list[WorkspacePanel]:
    panels = [
        UpcomingSessionsPanel(user),
        EarningsPanel(user),
        RecentReviewsPanel(user),
    ]
    if expert:
        panels.insert(0, ExpertPagePromptPanel(user))
    return panels
