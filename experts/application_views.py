"""Staff review expert applications in the Wagtail admin; approving one
gives the new expert their draft page (experts.services.approve_expert)."""

from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from accounts.errors import AccountsError
from accounts.forms import ReviewForm
from accounts.models import ExpertApplication
from accounts.services import reject_expert_application
from core.admin_permissions import StaffOnlyPermissionPolicy
from experts.errors import ExpertsError
from experts.services import approve_expert


class ApplicationPermissionPolicy(StaffOnlyPermissionPolicy):
    """Only staff may see and decide applications; nobody creates or deletes
    them here: members apply on the site and the record stays."""

    allowed_actions = {"view", "change"}


class ExpertApplicationReviewView(
    PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView
):
    permission_policy = None
    permission_required = "change"
    index_url_name = None
    template_name = "accounts/admin/expert_application_review.html"
    form_class = ReviewForm
    header_icon = "user"
    page_title = gettext_lazy("Review expert application")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(
            ExpertApplication.objects.select_related("user", "user__profile"),
            pk=kwargs["pk"],
        )

    def get_page_subtitle(self):
        return str(self.object.user)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": redirect(self.index_url_name).url,
                "label": _("Expert applications"),
            },
            {
                "url": "",
                "label": self.get_page_title(),
                "sublabel": self.get_page_subtitle(),
            },
        ]

    @cached_property
    def other_applications(self):
        return (
            ExpertApplication.objects.filter(user=self.object.user)
            .exclude(pk=self.object.pk)
            .order_by("-created_at")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            application=self.object,
            is_pending=self.object.status == ExpertApplication.Status.PENDING,
            other_applications=self.other_applications,
        )
        return context

    def form_valid(self, form):
        decide = {
            "approve": approve_expert,
            "reject": reject_expert_application,
        }[form.cleaned_data["action"]]
        try:
            decide(
                application=self.object,
                reviewer=self.request.user,
                note=form.cleaned_data["note"],
            )
        except (AccountsError, ExpertsError) as error:
            messages.error(self.request, error.message)
            return redirect(self.request.path)
        if form.cleaned_data["action"] == "approve":
            message = _(
                "%(user)s is now an expert with a draft expert page to "
                "complete; they have been emailed."
            )
        else:
            message = _(
                "The application from %(user)s was declined; they have been emailed."
            )
        messages.success(self.request, message % {"user": self.object.user})
        return redirect(self.index_url_name)
