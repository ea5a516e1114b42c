from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
# A fixed key is fine on a developer's machine; production refuses to start
# without SECRET_KEY.
SECRET_KEY = env("SECRET_KEY", default="dev-only-not-secret-masteryhub")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# A template or code change shows at once; PAGE_CACHE_SECONDS=60 and
# FRAGMENT_CACHE_SECONDS=60 in .env try the caches here.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=0)
FRAGMENT_CACHE_SECONDS = env.int("FRAGMENT_CACHE_SECONDS", default=0)
