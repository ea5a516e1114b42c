from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from laces.components import Component
from wagtail import hooks

from accounts.admin_users import UserDeleteBulkAction
from accounts.avatar import initials_svg_data_url
from accounts.models import Profile
from accounts.selectors import should_prompt_for_mfa

# Email, password and 2FA live on allauth's pages (verification, rate limits,
# notifications); Wagtail's own fields for them are switched off in settings.
ACCOUNT_LINKS = (
    ("account_email", _("Email addresses"), _("Add, verify or remove an email.")),
    ("account_change_password", _("Change password"), ""),
    ("mfa_index", _("Two-factor authentication"), _("Codes from an app.")),
)


class MfaPromptPanel(Component):
    name = "mfa_prompt"
    template_name = "accounts/admin/mfa_prompt_panel.html"
    order = 50


@hooks.register("construct_homepage_panels")
def add_mfa_prompt_panel(request, panels):
    if should_prompt_for_mfa(request.user):
        panels.append(MfaPromptPanel())


@hooks.register("get_avatar_url")
def member_avatar_url(user, size):
    """The member's own photo, else their initials, as on the public site.
    Wagtail would otherwise ask Gravatar: a broken image wherever Gravatar
    is unreachable, and every member's address hashed to a third party."""
    if user is None:  # a page nobody published yet, in a report
        return None
    cached = getattr(user, "_admin_avatar_url", None)
    if cached is None:
        photo = (
            Profile.objects.filter(user_id=user.pk)
            .values_list("photo", flat=True)
            .first()
        )
        if photo:
            cached = Profile._meta.get_field("photo").storage.url(photo)
        else:
            name = user.get_full_name() or user.get_username()
            cached = initials_svg_data_url(name=name, key=user.get_username())
        user._admin_avatar_url = cached
    return cached


# Replaces Wagtail's bulk delete of users, which deletes the rows without
# delete_account: the registry keeps the last class registered for a model
# and action, and order=1 runs after Wagtail's own.
hooks.register("register_bulk_action", UserDeleteBulkAction, order=1)


def _account_link(url_name, label, help_text):
    def menu_item(request):
        return {"url": reverse(url_name), "label": label, "help_text": help_text}

    return menu_item


for link in ACCOUNT_LINKS:
    hooks.register("register_account_menu_item", _account_link(*link))
