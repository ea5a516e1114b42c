"""Staff's queue of abuse reports in the Wagtail admin: the one place where
someone outside a mentorship reads its conversation, and then only the
reported message with a few messages around it. Read-only but for "mark
resolved" (mentorship.messaging.resolve_abuse_report)."""

from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin import messages
from wagtail.admin.views.generic.models import IndexView, InspectView
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet

from core.admin_permissions import StaffOnlyPermissionPolicy
from mentorship.errors import MentorshipError
from mentorship.messaging import resolve_abuse_report
from mentorship.models import AbuseReport, Message

# Messages shown on each side of the reported one: enough to judge it, not
# the whole private conversation.
CONTEXT_MESSAGES = 3


class AbuseReportPermissionPolicy(StaffOnlyPermissionPolicy):
    """Only staff see reports; members create them on the site and nobody
    edits or deletes one here (resolving is the only change)."""

    allowed_actions = {"view", "change"}


class NoEditUrlsMixin:
    """Reports have no edit, copy or delete views: every link goes to the
    inspect view."""

    def get_edit_url(self, *args):
        return None

    def get_copy_url(self, *args):
        return None

    def get_delete_url(self, *args):
        return None


class AbuseReportIndexView(NoEditUrlsMixin, IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("reporter", "message__sender", "resolved_by")
        )


class AbuseReportInspectView(NoEditUrlsMixin, InspectView):
    template_name = "mentorship/admin/abuse_report_inspect.html"
    resolve_url_name = None

    def get_object(self, queryset=None):
        return get_object_or_404(
            AbuseReport.objects.select_related(
                "reporter", "resolved_by", "message__sender", "message__mentorship"
            ),
            pk=self.pk,
        )

    @cached_property
    def context_messages(self) -> list[Message]:
        reported = self.object.message
        thread = Message.objects.filter(mentorship_id=reported.mentorship_id)
        before = thread.filter(created_at__lt=reported.created_at).order_by(
            "-created_at", "-pk"
        )[:CONTEXT_MESSAGES]
        after = thread.filter(created_at__gt=reported.created_at).order_by(
            "created_at", "pk"
        )[:CONTEXT_MESSAGES]
        return [
            *reversed(list(before.select_related("sender"))),
            reported,
            *after.select_related("sender"),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            report=self.object,
            mentorship=self.object.message.mentorship,
            context_messages=self.context_messages,
            is_open=self.object.status == AbuseReport.Status.OPEN,
            resolve_url=redirect(self.resolve_url_name, self.object.pk).url,
        )
        return context


class AbuseReportResolveView(PermissionCheckedMixin, View):
    permission_policy = None
    permission_required = "change"
    inspect_url_name = None
    http_method_names = ["post"]

    def post(self, request, pk: int):
        report = get_object_or_404(AbuseReport, pk=pk)
        try:
            resolve_abuse_report(report=report, staff_user=request.user)
        except MentorshipError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The report is marked resolved."))
        return redirect(self.inspect_url_name, pk)


class AbuseReportViewSet(ModelViewSet):
    model = AbuseReport
    index_view_class = AbuseReportIndexView
    inspect_view_class = AbuseReportInspectView
    icon = "warning"
    menu_label = gettext_lazy("Abuse reports")
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["__str__", "message__sender", "status", "created_at"]
    list_filter = ["status"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "reporter",
        "reason",
        "status",
        "created_at",
        "resolved_at",
        "resolved_by",
    ]
    copy_view_enabled = False
    ordering = ["status", "-created_at"]
    form_fields = ["status"]

    @property
    def permission_policy(self):
        return AbuseReportPermissionPolicy(self.model)

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(
            resolve_url_name=self.get_url_name("resolve"), **kwargs
        )

    @property
    def resolve_view(self):
        return AbuseReportResolveView.as_view(
            permission_policy=self.permission_policy,
            inspect_url_name=self.get_url_name("inspect"),
        )

    def get_urlpatterns(self):
        patterns = [
            pattern
            for pattern in super().get_urlpatterns()
            if pattern.name not in {"add", "edit", "delete", "copy"}
        ]
        return [
            *patterns,
            path("resolve/<int:pk>/", self.resolve_view, name="resolve"),
        ]


abuse_report_viewset = AbuseReportViewSet("mentorship_abuse_reports")
