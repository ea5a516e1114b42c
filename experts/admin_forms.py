"""The expert page editor: an expert edits the page about themselves only."""

from django.contrib.auth import get_user_model

from accounts.models import EXPERTS_GROUP_NAME
from core.admin_forms import SelfOnlyPersonForm


class ExpertPageForm(SelfOnlyPersonForm):
    person_field = "expert"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        field = self.fields.get("expert")
        if field is None or user is None or not (user.is_staff or user.is_superuser):
            return
        # Staff write a page for an expert who has none yet (or keep this
        # page's expert).
        users = get_user_model().objects.filter(is_active=True)
        field.queryset = users.filter(
            groups__name=EXPERTS_GROUP_NAME, expert_page__isnull=True
        ) | users.filter(pk=self.instance.expert_id)
