"""The doors into Wagtail's and Django's admins.

Signing in and resetting a password happen on allauth's pages only, so 2FA,
lockouts, rate limits and email verification apply whichever door a member
starts from; the admins' own login forms never see a password. Signed-in
members need a verified email to get in, and those without admin access are
told what the admin is for.
"""

from functools import wraps

from allauth.account.decorators import secure_admin_login, verified_email_required
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from wagtail.utils.urlpatterns import decorate_urlpatterns

from accounts.selectors import has_verified_email

ADMIN_ACCESS = "wagtailadmin.access_admin"


def _next_url(request, default: str) -> str:
    target = request.GET.get(REDIRECT_FIELD_NAME, "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def admin_forbidden(request):
    return render(request, "accounts/admin_forbidden.html", status=403)


@never_cache
def wagtail_admin_login(request):
    """/admin/login/: visitors go to the site's login and come back; members
    without admin access learn why they cannot come in."""
    next_url = _next_url(request, reverse("wagtailadmin_home"))
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(next_url, "account_login")
    if user.has_perm(ADMIN_ACCESS):
        return redirect(next_url)
    return admin_forbidden(request)


def wagtail_admin_password_reset(request):
    return redirect("account_reset_password")


def django_admin_login(login_view):
    """Django's admin login through allauth (its `secure_admin_login`: a
    visitor is sent to the site's login, a signed-in non-staff member gets a
    403). Staff already signed in go straight on: the admin's own form would
    otherwise sign them in as someone else without that person's 2FA."""
    secured = secure_admin_login(login_view)

    @wraps(login_view)
    def view(request, extra_context=None):
        user = request.user
        if user.is_authenticated and user.is_active and user.is_staff:
            return redirect(_next_url(request, reverse("admin:index")))
        return secured(request, extra_context)

    return view


def require_verified_email(view_func):
    """Signed-in members get past only with a confirmed email.

    allauth refuses to sign in an unverified address, but a session may
    predate that rule (or come through a future door); such a member is sent
    another confirmation email and shown how to finish. Visitors pass
    through to the view's own login handling.
    """
    guarded = verified_email_required(view_func)

    @wraps(view_func)
    def view(request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not has_verified_email(user):
            return guarded(request, *args, **kwargs)
        return view_func(request, *args, **kwargs)

    return view


def require_wagtail_admin_member(view_func):
    """Ahead of Wagtail's own `require_admin_access`, which sends a signed-in
    member without access to the login page, and the login page (seeing
    them signed in) straight back: round and round."""
    if getattr(view_func, "admin_member_required", False):
        return view_func  # already guarded further in

    @require_verified_email
    @wraps(view_func)
    def view(request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not user.has_perm(ADMIN_ACCESS):
            return admin_forbidden(request)
        return view_func(request, *args, **kwargs)

    view.admin_member_required = True
    return view


def wagtail_admin_urls(patterns: list) -> list:
    """Wagtail admin URL patterns behind `require_wagtail_admin_member`,
    the way Wagtail puts them behind `require_admin_access`."""
    return decorate_urlpatterns(patterns, require_wagtail_admin_member)


def django_admin_urls(urls: tuple) -> tuple:
    """`admin.site.urls` with every view behind `require_verified_email`."""
    patterns, app_name, namespace = urls
    return decorate_urlpatterns(patterns, require_verified_email), app_name, namespace
