"""The Wagtail admin API's page actions, asking the page's permission tester
before they change anything."""

from django.core.exceptions import PermissionDenied
from wagtail.admin.api.actions.publish import PublishPageAPIAction


class PublishPageAfterCheckAPIAction(PublishPageAPIAction):
    """Wagtail's publish action saves a first revision of a page that has
    none (as the requesting user) and only then asks whether they may
    publish: anyone could leave a draft on an index that way."""

    def _action_from_data(self, instance, data):
        if not instance.permissions_for_user(self.request.user).can_publish():
            raise PermissionDenied
        return super()._action_from_data(instance, data)
