"""Campaigns in the Wagtail admin, for staff only: experts reach the admin
for their own pages and must not see the audience or mail it.

The viewset's list and editor, plus the campaign's own pages
(marketing.admin_views): report, preview, test, schedule, send, stop. A
campaign that has started opens on its report; its editor refuses it.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.admin.views.generic.models import (
    CreateView,
    DeleteView,
    EditView,
    IndexView,
)
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button, MenuItem

from core.admin_permissions import StaffOnlyPermissionPolicy
from marketing import admin_views, campaigns, errors
from marketing.errors import MarketingError
from marketing.models import Campaign


class CampaignPermissionPolicy(StaffOnlyPermissionPolicy):
    """Staff only; and nobody changes or deletes a campaign once it has
    started (the services refuse it too)."""

    def user_has_permission_for_instance(self, user, action, instance):
        if action in ("change", "delete") and not instance.is_editable:
            return False
        return self.user_has_permission(user, action)


class SaveThroughServiceMixin:
    """Saves go through marketing.campaigns.save_campaign, which locks the
    row and refuses a campaign that started since the form was opened."""

    def save_instance(self):
        return campaigns.save_campaign(campaign=self.form.instance)

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except MarketingError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)


class CampaignIndexView(IndexView):
    report_url_name = None
    preview_url_name = None

    def get_edit_url(self, instance):
        if not instance.is_editable:
            return reverse(self.report_url_name, args=[instance.pk])
        return super().get_edit_url(instance)

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        for label, url_name, icon, priority in [
            (_("Report"), self.report_url_name, "list-ul", 5),
            (_("Preview"), self.preview_url_name, "view", 6),
        ]:
            url = reverse(url_name, args=[instance.pk])
            buttons.append(MenuItem(label, url=url, icon_name=icon, priority=priority))
        return buttons


class CampaignCreateView(SaveThroughServiceMixin, CreateView):
    def save_instance(self):
        self.form.instance.created_by = self.request.user
        return super().save_instance()


class CampaignEditView(SaveThroughServiceMixin, EditView):
    report_url_name = None

    def get(self, request, *args, **kwargs):
        return self.refuse_if_started() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.refuse_if_started() or super().post(request, *args, **kwargs)

    def refuse_if_started(self):
        """A started campaign opens on its report (asked after the
        permission check, which the view's dispatch makes)."""
        self.object = self.get_object()
        if self.object.is_editable:
            return None
        messages.error(self.request, errors.CAMPAIGN_NOT_EDITABLE)
        return redirect(self.report_url_name, self.object.pk)

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        url = reverse(self.report_url_name, args=[self.object.pk])
        buttons.append(Button(_("Report and sending"), url=url, icon_name="mail"))
        return buttons


class CampaignDeleteView(DeleteView):
    """Only a campaign that has not started may go: the deliveries of one
    that has are its record."""

    def get_object(self, queryset=None):
        campaign = super().get_object(queryset)
        if not self.user_has_permission_for_instance("delete", campaign):
            raise PermissionDenied
        return campaign


class CampaignViewSet(ModelViewSet):
    model = Campaign
    icon = "mail"
    menu_label = gettext_lazy("Campaigns")
    menu_order = 270
    add_to_admin_menu = True
    index_view_class = CampaignIndexView
    add_view_class = CampaignCreateView
    edit_view_class = CampaignEditView
    delete_view_class = CampaignDeleteView
    list_display = ["subject", "status", "segment", "scheduled_at", "sent_at"]
    list_filter = ["status", "segment"]
    search_fields = ["subject", "slug"]
    search_backend_name = None
    copy_view_enabled = False
    inspect_view_enabled = False
    ordering = ["-created_at"]
    panels = [
        FieldPanel("subject"),
        FieldPanel("preheader"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("segment"),
                FieldPanel("segment_skill"),
                FieldPanel("segment_category"),
            ],
            heading=gettext_lazy("Audience"),
        ),
        FieldPanel("slug"),
    ]

    @property
    def permission_policy(self):
        return CampaignPermissionPolicy(self.model)

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            report_url_name=self.get_url_name("report"),
            preview_url_name=self.get_url_name("preview"),
            **kwargs,
        )

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(
            report_url_name=self.get_url_name("report"), **kwargs
        )

    def get_urlpatterns(self):
        patterns = super().get_urlpatterns()
        for name, view_class in admin_views.VIEWS.items():
            view = view_class.as_view(
                permission_policy=self.permission_policy,
                url_namespace=self.url_namespace,
            )
            patterns.append(path(f"{name}/<int:pk>/", view, name=name))
        return patterns


@hooks.register("register_admin_viewset")
def register_campaign_viewset():
    return CampaignViewSet("campaigns")
