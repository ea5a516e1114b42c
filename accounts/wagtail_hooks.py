from laces.components import Component
from wagtail import hooks

from accounts.selectors import should_prompt_for_mfa


class MfaPromptPanel(Component):
    name = "mfa_prompt"
    template_name = "accounts/admin/mfa_prompt_panel.html"
    order = 50


@hooks.register("construct_homepage_panels")
def add_mfa_prompt_panel(request, panels):
    if should_prompt_for_mfa(request.user):
        panels.append(MfaPromptPanel())
