from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {
    alias: {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": alias,
    }
    for alias in ("default", "rebuildable", "pages")
}
CACHES["renditions"] = CACHES["rebuildable"]
# Off, so one test's page never answers another's; the page cache's own
# tests switch it on.
PAGE_CACHE_SECONDS = 0
FRAGMENT_CACHE_SECONDS = 0
SESSION_ENGINE = "django.contrib.sessions.backends.db"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
MEDIA_ROOT = str(BASE_DIR / "var" / "test-media")  # noqa: F405
# Rate limits get their own tests, which switch them back on.
ACCOUNT_RATE_LIMITS = False
ALLOWED_HOSTS = ["*"]
