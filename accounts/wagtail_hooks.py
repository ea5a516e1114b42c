from laces.components import Component
from wagtail import hooks

from accounts.admin_users import UserDeleteBulkAction
from accounts.selectors import should_prompt_for_mfa


class MfaPromptPanel(Component):
    name = "mfa_prompt"
    template_name = "accounts/admin/mfa_prompt_panel.html"
    order = 50


@hooks.register("construct_homepage_panels")
def add_mfa_prompt_panel(request, panels):
    if should_prompt_for_mfa(request.user):
        panels.append(MfaPromptPanel())


# Replaces Wagtail's bulk delete of users, which deletes the rows without
# delete_account: the registry keeps the last class registered for a model
# and action, and order=1 runs after Wagtail's own.
hooks.register("register_bulk_action", UserDeleteBulkAction, order=1)
