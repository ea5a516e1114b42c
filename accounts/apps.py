from django.apps import AppConfig
from wagtail.users import apps as wagtail_users_apps


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and profiles"


class WagtailUsersConfig(wagtail_users_apps.WagtailUsersAppConfig):
    """Wagtail's user admin (installed as this, instead of "wagtail.users"),
    with a user viewset whose delete goes through delete_account."""

    # Not the accounts app's config: that is AccountsConfig.
    default = False
    user_viewset = "accounts.admin_users.UserViewSet"
