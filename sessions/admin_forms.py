"""The session editor: experts host their own sessions, nobody else's."""

from django.contrib.auth import get_user_model
from wagtail.admin.forms import WagtailAdminPageForm


class SessionPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        host = self.fields.get("host")
        if host is None or user is None or user.is_staff or user.is_superuser:
            return
        # An expert could otherwise put a session under another person's
        # name: the field shows them and cannot be changed.
        host.queryset = get_user_model().objects.filter(pk=user.pk)
        host.disabled = True
        if not self.instance.host_id:
            self.initial["host"] = user.pk
