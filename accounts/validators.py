"""Validation shared by the models, the signup form and the profile editor."""

import warnings
import zoneinfo
from functools import cache
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.template.defaultfilters import filesizeformat
from PIL import Image

from accounts import errors

# Usernames become URLs, so they keep to characters that need no escaping;
# Django's default also allows "@", which invites an email as a public handle.
validate_username_characters = RegexValidator(
    r"^[A-Za-z0-9_-]+\Z", errors.USERNAME_CHARACTERS
)

# Usernames become URLs (/members/<username>/) and appear next to posts, so
# names that look official or collide with our paths are kept back.
RESERVED_USERNAMES = frozenset(
    {
        "about",
        "accounts",
        "admin",
        "administrator",
        "api",
        "billing",
        "contact",
        "dashboard",
        "django-admin",
        "documents",
        "experts",
        "forum",
        "healthz",
        "help",
        "learn",
        "login",
        "logout",
        "masteryhub",
        "me",
        "media",
        "members",
        "mentorship",
        "moderator",
        "payments",
        "progress",
        "root",
        "search",
        "security",
        "sessions",
        "settings",
        "signup",
        "sitemap",
        "staff",
        "static",
        "support",
        "system",
        "webmaster",
    }
)

# Formats browsers display everywhere (Pillow opens many more: TIFF, PSD…),
# each with the extension a file of that format is stored under.
IMAGE_EXTENSIONS = {"JPEG": ".jpg", "PNG": ".png", "GIF": ".gif", "WEBP": ".webp"}
ALLOWED_IMAGE_FORMATS = frozenset(IMAGE_EXTENSIONS)


def validate_username_not_reserved(value: str) -> None:
    if value.lower() in RESERVED_USERNAMES:
        raise ValidationError(errors.USERNAME_RESERVED, code="reserved")


def username_is_taken(username: str, *, exclude_pk: int | None = None) -> bool:
    from accounts.models import User

    users = User.objects.filter(username__iexact=username)
    if exclude_pk is not None:
        users = users.exclude(pk=exclude_pk)
    return users.exists()


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _validate_host(url: str, domain: str, message) -> None:
    if not url:
        return
    if urlsplit(url).scheme != "https":
        raise ValidationError(errors.URL_NOT_HTTPS, code="scheme")
    host = _host(url)
    if host != domain and not host.endswith("." + domain):
        raise ValidationError(message, code="domain")


def validate_linkedin_url(value: str) -> None:
    _validate_host(value, "linkedin.com", errors.LINKEDIN_DOMAIN)


def validate_github_url(value: str) -> None:
    _validate_host(value, "github.com", errors.GITHUB_DOMAIN)


@cache
def time_zone_names() -> tuple[str, ...]:
    return tuple(sorted(zoneinfo.available_timezones()))


def validate_time_zone(value: str) -> None:
    if value not in time_zone_names():
        raise ValidationError(errors.UNKNOWN_TIME_ZONE, code="time_zone")


def validate_image_upload(upload) -> None:
    """Refuse non-images, oversized files and pixel bombs before Django's own
    ImageField check, which would decode them in full to verify."""
    limit = settings.MAX_UPLOAD_IMAGE_BYTES
    if upload.size > limit:
        raise ValidationError(
            errors.IMAGE_TOO_LARGE,
            code="file_size",
            params={"limit": filesizeformat(limit)},
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        with warnings.catch_warnings():
            # Pillow only warns between MAX_IMAGE_PIXELS and twice that.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                width, height = image.size
                image_format = image.format
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(errors.IMAGE_TOO_MANY_PIXELS, code="pixels") from None
    except Exception:  # noqa: BLE001 - whatever Pillow cannot read is not an image
        raise ValidationError(errors.NOT_AN_IMAGE, code="invalid_image") from None
    finally:
        upload.seek(position)
    if image_format not in ALLOWED_IMAGE_FORMATS:
        raise ValidationError(errors.NOT_AN_IMAGE, code="invalid_image")
    if width * height > settings.MAX_UPLOAD_IMAGE_PIXELS:
        raise ValidationError(errors.IMAGE_TOO_MANY_PIXELS, code="pixels")
