"""The campaign pages beside the viewset's list and editor: the report
(progress, failures, unsubscribes, and the actions), preview as a member,
test email, scheduling and sending. Thin: each action is one service call;
the services refuse what a campaign's status does not allow, whatever the
buttons showed."""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from accounts.email_preferences import wants_email
from accounts.models import EmailKind
from marketing import campaigns, errors
from marketing.admin_forms import PreviewMemberForm, ScheduleForm
from marketing.errors import MarketingError
from marketing.models import Campaign, CampaignDelivery
from marketing.segments import count_segment_recipients
from sessions.timezones import member_zone

# Failed addresses listed on the report; the rest are counted.
FAILURES_SHOWN = 100
ACTIONS = ("report", "preview", "test", "schedule", "unschedule", "send", "stop")


class CampaignView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """A page about one campaign; the viewset passes its policy and the
    namespace its URLs live in."""

    permission_policy = None
    permission_required = "view"
    url_namespace = ""
    header_icon = "mail"

    @cached_property
    def campaign(self) -> Campaign:
        return get_object_or_404(
            Campaign.objects.select_related(
                "segment_skill", "segment_category", "created_by"
            ),
            pk=self.kwargs["pk"],
        )

    def url(self, name: str) -> str:
        return reverse(f"{self.url_namespace}:{name}", args=[self.campaign.pk])

    def to_report(self):
        return redirect(self.url("report"))

    def get_page_subtitle(self):
        return self.campaign.subject

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse(f"{self.url_namespace}:index"),
                "label": _("Campaigns"),
            },
            {"url": self.url("report"), "label": self.campaign.subject},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["campaign"] = self.campaign
        context["urls"] = {name: self.url(name) for name in ACTIONS}
        if self.campaign.is_editable:
            context["urls"]["edit"] = self.url("edit")
        return context


class CampaignReportView(CampaignView):
    template_name = "marketing/admin/campaign_report.html"
    page_title = gettext_lazy("Report")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        campaign = self.campaign
        Status = CampaignDelivery.Status
        counts = campaign.deliveries.aggregate(
            total=Count("pk"),
            **{status: Count("pk", filter=Q(status=status)) for status in Status},
            unsubscribed=Count("pk", filter=Q(unsubscribed_at__isnull=False)),
        )
        counts["done"] = counts["total"] - counts[Status.PENDING]
        context.update(
            counts=counts,
            failures=campaign.deliveries.filter(status=Status.FAILED).order_by("pk")[
                :FAILURES_SHOWN
            ],
            audience=count_segment_recipients(campaign)
            if campaign.is_editable
            else None,
            can_stop=campaign.status
            in (Campaign.Status.SCHEDULED, Campaign.Status.SENDING),
        )
        return context


class CampaignPreviewView(CampaignView):
    template_name = "marketing/admin/campaign_preview.html"
    page_title = gettext_lazy("Preview")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        data = self.request.GET if "member" in self.request.GET else None
        form = PreviewMemberForm(data)
        member = self.request.user
        if data is not None:
            member = form.cleaned_data["member"] if form.is_valid() else None
        context["form"] = form
        if member is not None:
            context["member"] = member
            context["member_wants_it"] = wants_email(member, EmailKind.NEWSLETTER)
            context["email"] = campaigns.preview_campaign(
                campaign=self.campaign, member=member
            )
        return context


class CampaignPostView(CampaignView):
    """A button on the report: one service call, its outcome as a message,
    back to the report."""

    permission_required = "change"
    http_method_names = ["post"]
    success_message = ""

    def act(self) -> None:
        raise NotImplementedError

    def post(self, request, pk: int):
        try:
            self.act()
        except MarketingError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, self.success_message)
        return self.to_report()


class CampaignSendTestView(CampaignPostView):
    def act(self) -> None:
        campaigns.send_test(campaign=self.campaign, to_user=self.request.user)
        self.success_message = _("A test email is on its way to %(email)s.") % {
            "email": self.request.user.email
        }


class CampaignUnscheduleView(CampaignPostView):
    success_message = gettext_lazy("The campaign is a draft again.")

    def act(self) -> None:
        campaigns.unschedule_campaign(campaign=self.campaign)


class CampaignStopView(CampaignPostView):
    success_message = gettext_lazy("The campaign is stopped.")

    def act(self) -> None:
        campaigns.stop_campaign(campaign=self.campaign)


class CampaignScheduleView(CampaignView):
    permission_required = "change"
    template_name = "marketing/admin/campaign_schedule.html"
    page_title = gettext_lazy("Schedule")

    def get(self, request, *args, **kwargs):
        if not self.campaign.is_editable:
            messages.error(request, errors.CAMPAIGN_NOT_EDITABLE)
            return self.to_report()
        initial = {}
        if self.campaign.scheduled_at:
            # Naive, in the zone the form is read in: the page renders after
            # this view has returned, outside any time zone override.
            local = timezone.localtime(self.campaign.scheduled_at, self.zone)
            initial["at"] = local.replace(tzinfo=None)
        form = ScheduleForm(initial=initial)
        return self.render_to_response(self.get_context_data(form=form))

    @cached_property
    def zone(self):
        return member_zone(self.request.user)

    def post(self, request, pk: int):
        with timezone.override(self.zone):
            form = ScheduleForm(request.POST)
            valid = form.is_valid()
        if valid:
            try:
                campaigns.schedule_campaign(
                    campaign=self.campaign, at=form.cleaned_data["at"]
                )
            except MarketingError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The campaign is scheduled."))
                return self.to_report()
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["zone"] = self.zone
        return context


class CampaignSendView(CampaignPostView):
    """GET asks for confirmation, with the number of recipients; POST
    starts sending."""

    http_method_names = ["get", "post"]
    template_name = "marketing/admin/campaign_send.html"
    page_title = gettext_lazy("Send now")
    success_message = gettext_lazy("Sending has started.")

    def get(self, request, *args, **kwargs):
        if not self.campaign.is_editable:
            messages.error(request, errors.CAMPAIGN_ALREADY_STARTED)
            return self.to_report()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["audience"] = count_segment_recipients(self.campaign)
        return context

    def act(self) -> None:
        campaign = self.campaign
        if campaign.is_editable and not count_segment_recipients(campaign):
            raise MarketingError(errors.SEGMENT_EMPTY)
        campaigns.start_campaign(campaign=campaign)


VIEWS = {
    "report": CampaignReportView,
    "preview": CampaignPreviewView,
    "test": CampaignSendTestView,
    "schedule": CampaignScheduleView,
    "unschedule": CampaignUnscheduleView,
    "send": CampaignSendView,
    "stop": CampaignStopView,
}
