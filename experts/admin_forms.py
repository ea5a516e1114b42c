"""The expert page editor: an expert edits the page about themselves only."""

from django.contrib.auth import get_user_model
from wagtail.admin.forms import WagtailAdminPageForm

from accounts.models import EXPERTS_GROUP_NAME


class ExpertPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        expert = self.fields.get("expert")
        if expert is None or user is None:
            return
        users = get_user_model().objects.filter(is_active=True)
        if user.is_staff or user.is_superuser:
            # Staff may write a page for any expert who has none yet.
            expert.queryset = users.filter(groups__name=EXPERTS_GROUP_NAME).filter(
                expert_page__isnull=True
            ) | users.filter(pk=self.instance.expert_id)
            return
        # An expert could otherwise publish a page in someone else's name.
        expert.queryset = users.filter(pk=user.pk)
        expert.disabled = True
        if not self.instance.expert_id:
            self.initial["expert"] = user.pk
