from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp
from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.utils.http import url_has_allowed_host_and_scheme

from accounts import errors
from accounts.validators import RESERVED_USERNAMES
from core.emails import prefixed_subject
from core.site_address import absolute_url, site_name
from core.tasks import send_email


@dataclass(frozen=True)
class SiteIdentity:
    """What allauth's email templates read of `current_site`."""

    name: str
    domain: str


def _at_site_url(key: str, value):
    """allauth builds its links (activate_url, password_reset_url, ...) on
    the host the request named; an email's links go to SITE_URL, so a
    forged Host header cannot send a password reset link elsewhere."""
    if not (key.endswith("_url") and isinstance(value, str) and "://" in value):
        return value
    parts = urlsplit(value)
    return absolute_url(urlunsplit(("", "", parts.path, parts.query, parts.fragment)))


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "username_blacklisted": errors.USERNAME_RESERVED,
        "username_taken": errors.USERNAME_TAKEN,
    }

    def clean_username(self, username: str, shallow: bool = False) -> str:
        if username.lower() in RESERVED_USERNAMES:
            raise self.validation_error("username_blacklisted")
        return super().clean_username(username, shallow=shallow)

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.name = form.cleaned_data.get("name", "")
        if commit:
            user.save()
        return user

    def format_email_subject(self, subject: str) -> str:
        return prefixed_subject(subject)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Render in the request (templates need it), deliver in the worker so a
        slow mail server never holds up signup or password reset."""
        request = self.request
        ctx = {
            "request": request,
            "email": email,
            # allauth greets with the site's name ("Hello from …"): ours,
            # not the host the request happened to use.
            "current_site": SiteIdentity(
                name=site_name(), domain=urlsplit(settings.SITE_URL).netloc
            ),
            # The HTML part's base links home with it (templates/emails).
            "site_url": settings.SITE_URL,
            **{key: _at_site_url(key, value) for key, value in context.items()},
        }
        message = self.render_mail(template_prefix, email, ctx)
        html = ""
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                html = content
        kwargs = {
            "subject": message.subject,
            "body": message.body,
            "to": list(message.to),
            "html": html,
            "from_email": message.from_email or "",
        }
        transaction.on_commit(lambda: send_email.enqueue(**kwargs))

    def is_safe_url(self, url: str) -> bool:
        # Only this site: allauth's default also trusts ALLOWED_HOSTS and
        # CSRF_TRUSTED_ORIGINS, wider than a post-login redirect needs.
        request = self.request
        return url_has_allowed_host_and_scheme(
            url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )


class ProviderNotConfigured(SocialApp.DoesNotExist, Http404):
    """No app is set up for a sign-in provider. Still a DoesNotExist for
    allauth's code that looks for one; a 404, not a server error, when it
    reaches a view (/accounts/google/login/ with Google not configured)."""


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def get_app(self, request, provider, client_id=None):
        try:
            return super().get_app(request, provider, client_id=client_id)
        except SocialApp.DoesNotExist as exc:
            raise ProviderNotConfigured(f"{provider} sign-in is not set up") from exc

    def save_user(self, request, sociallogin, form=None):
        from accounts.services import create_profile

        with transaction.atomic():
            user = super().save_user(request, sociallogin, form=form)
            create_profile(user=user)
        return user
