"""Settings shared by every environment; dev, test and production only override.

Everything a deployment changes is read from the environment (or a `.env` file
in the project root), as listed in the README.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[SITE_URL])

INSTALLED_APPS = [
    # Ours, first so that our templates override the libraries'.
    "home",
    "search",
    "api",
    "marketing",
    "progress",
    "mentorship",
    "forum",
    "experts",
    "content",
    "sessions",
    "payments",
    "accounts",
    "core",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    # wagtail.users, deleting accounts through accounts.services.
    "accounts.apps.WagtailUsersConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtailseo",
    "modelcluster",
    "taggit",
    # Accounts
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.github",
    "allauth.socialaccount.providers.google",
    "allauth.socialaccount.providers.openid_connect",
    # Background work, API
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "wagtail.api.v2",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Control characters and unusable redirect targets get a 400 before
    # anything else reads the request.
    "core.request_guard.RequestGuardMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Above the session and auth middleware, so a hit skips them.
    "core.page_cache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.security.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "core.middleware.GoneMiddleware",
    # A view that needs the default cache while Redis is down answers 503.
    "core.middleware.CacheOutageMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "masteryhub.urls"
WSGI_APPLICATION = "masteryhub.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "accounts.context_processors.account_prompts",
                "mentorship.context_processors.unread_messages",
                "forum.context_processors.unread_notifications",
            ],
        },
    },
]

# --- Data -------------------------------------------------------------------

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# SQLite serves the site and the task worker at once (python3 dev.py): WAL
# lets readers and a writer work side by side, and IMMEDIATE transactions
# take the write lock up front, so a second writer waits its turn (up to
# `timeout` seconds) instead of failing with "database is locked" when a
# read-then-write transaction tries to upgrade its lock.
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        **SQLITE_OPTIONS,
        **DATABASES["default"].get("OPTIONS", {}),
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
# Bounds how long a request waits on a Redis that stopped answering (a
# refused connection fails at once).
REDIS_TIMEOUTS = {"socket_connect_timeout": 0.5, "socket_timeout": 1}


def redis_caches(url: str) -> dict:
    """The caches on the Redis at `url`; core/cache.py says which failures
    each alias survives."""
    return {
        # Raises when Redis fails: allauth's rate limits and two-factor codes.
        "default": {
            "BACKEND": "core.cache.StrictRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "masteryhub",
            "OPTIONS": REDIS_TIMEOUTS,
        },
        # Copies of database rows: a failure is logged and reads as a miss.
        "rebuildable": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "masteryhub-rebuildable",
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": REDIS_TIMEOUTS["socket_connect_timeout"],
                "SOCKET_TIMEOUT": REDIS_TIMEOUTS["socket_timeout"],
            },
        },
        # The anonymous page cache (core.page_cache), shared by every web
        # process; its own prefix, so a purge touches nothing else.
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "masteryhub-pages",
            "OPTIONS": REDIS_TIMEOUTS,
        },
    }


if REDIS_URL:
    CACHES = redis_caches(REDIS_URL)
else:
    # One process's memory: with python3 dev.py, a page published by the
    # periodic runner (scheduled publishing) reaches the site's cached
    # copies within PAGE_CACHE_SECONDS.
    CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"masteryhub-{alias}",
        }
        for alias in ("default", "rebuildable", "pages")
    }
# Wagtail keeps its renditions in this alias when there is one.
CACHES["renditions"] = CACHES["rebuildable"]
# django-redis logs each failure it ignores (at ERROR, with the traceback).
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
DJANGO_REDIS_LOGGER = "core.cache"
# Anonymous visitors' pages come from the cache for this long at most
# (0 turns the cache off); each process keeps its last pages in memory for
# PAGE_CACHE_LOCAL_SECONDS, which bounds how long a purge takes to reach it.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=60)
PAGE_CACHE_LOCAL_SECONDS = env.float("PAGE_CACHE_LOCAL_SECONDS", default=2)
# Parts of pages every viewer of a kind reads alike (core.fragments) are
# kept this long, for members too; 0 renders them every time.
FRAGMENT_CACHE_SECONDS = env.int("FRAGMENT_CACHE_SECONDS", default=60)

# A CDN or caching proxy in front of the site keeps anonymous pages for
# PAGE_CACHE_SECONDS (s-maxage); Wagtail's frontend cache app purges a page
# there when it is published or unpublished. Listings it shows on refresh
# when their minute is up.
FRONTEND_CACHE_URL = env("FRONTEND_CACHE_URL", default="")
CLOUDFLARE_ZONE_ID = env("CLOUDFLARE_ZONE_ID", default="")
WAGTAILFRONTENDCACHE = {}
if FRONTEND_CACHE_URL:  # Varnish, Squid or nginx answering PURGE requests
    WAGTAILFRONTENDCACHE["proxy"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": FRONTEND_CACHE_URL,
    }
if CLOUDFLARE_ZONE_ID:
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "ZONEID": CLOUDFLARE_ZONE_ID,
        "BEARER_TOKEN": env("CLOUDFLARE_API_TOKEN", default=""),
    }
if WAGTAILFRONTENDCACHE:
    INSTALLED_APPS.append("wagtail.contrib.frontend_cache")

# Sessions in the database (or Redis through the cache) keep web processes
# stateless, so any number of them can sit behind a load balancer.
# With Redis, each row has a copy in the default cache; while Redis is down
# members keep browsing from the rows, and signing in or out waits for it
# (core/sessions.py).
SESSION_ENGINE = "core.sessions" if REDIS_URL else "django.contrib.sessions.backends.db"

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
    }
}
# Upkeep done by `manage.py run_periodic` (README: "Periodic jobs").
TASK_RESULT_RETENTION_DAYS = env.int("TASK_RESULT_RETENTION_DAYS", default=14)
EMAIL_RETRY_MAX_ATTEMPTS = env.int("EMAIL_RETRY_MAX_ATTEMPTS", default=5)
EMAIL_RETRY_BACKOFF_SECONDS = env.int("EMAIL_RETRY_BACKOFF_SECONDS", default=300)
# A task running longer than this was claimed by a worker that died:
# `run_periodic` queues it again. Longer than any task takes.
TASK_ABANDONED_AFTER_SECONDS = env.int("TASK_ABANDONED_AFTER_SECONDS", default=3600)
# /healthz turns 503 when a task has waited longer than this for a worker.
TASK_QUEUE_MAX_AGE_SECONDS = env.int("TASK_QUEUE_MAX_AGE_SECONDS", default=300)

# --- Accounts -----------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/dashboard/"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
    "newsletter_subscribe": "5/m/ip,30/h/ip",
}
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_USERNAME_MIN_LENGTH = 3
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm"}
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"

MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "MasteryHub"

SOCIALACCOUNT_ADAPTER = "accounts.adapter.SocialAccountAdapter"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_QUERY_EMAIL = True
# Providers are configured from the environment here, or as Social
# applications in the Django admin; the login page only lists configured ones.
SOCIALACCOUNT_PROVIDERS = {}
if env("GOOGLE_CLIENT_ID", default=""):
    SOCIALACCOUNT_PROVIDERS["google"] = {
        "APPS": [
            {
                "client_id": env("GOOGLE_CLIENT_ID"),
                "secret": env("GOOGLE_CLIENT_SECRET", default=""),
            }
        ],
        "SCOPE": ["profile", "email"],
    }
if env("GITHUB_CLIENT_ID", default=""):
    SOCIALACCOUNT_PROVIDERS["github"] = {
        "APPS": [
            {
                "client_id": env("GITHUB_CLIENT_ID"),
                "secret": env("GITHUB_CLIENT_SECRET", default=""),
            }
        ],
        "SCOPE": ["user:email"],
    }
if env("LINKEDIN_CLIENT_ID", default=""):
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "APPS": [
            {
                "provider_id": "linkedin",
                "name": "LinkedIn",
                "client_id": env("LINKEDIN_CLIENT_ID"),
                "secret": env("LINKEDIN_CLIENT_SECRET", default=""),
                "settings": {"server_url": "https://www.linkedin.com/oauth"},
            }
        ]
    }

# --- Email --------------------------------------------------------------------

EMAIL_BACKEND = env(
    "EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(BASE_DIR / "var" / "mail"))
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="MasteryHub <hello@masteryhub.example>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Every subject starts with it, once (core.emails.prefixed_subject): ours,
# allauth's and Django's mail to admins.
EMAIL_SUBJECT_PREFIX = "[MasteryHub] "

# --- Payments -----------------------------------------------------------------

STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", default="")
STRIPE_PUBLISHABLE_KEY = env("STRIPE_PUBLISHABLE_KEY", default="")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", default="")
STRIPE_API_BASE = env("STRIPE_API_BASE", default="")
# Seconds to wait for each Stripe answer; with two retries on a timeout, all
# three tries (and the back-off between them, about 20 s in all) end well
# within gunicorn's 30 s worker timeout (gunicorn.conf.py), busy or not.
STRIPE_TIMEOUT_SECONDS = env.float("STRIPE_TIMEOUT_SECONDS", default=6)
# Webhook events are stored to recognise redeliveries; older ones are pruned.
STRIPE_EVENT_RETENTION_DAYS = env.int("STRIPE_EVENT_RETENTION_DAYS", default=90)

# --- Sessions -----------------------------------------------------------------

# How long a seat in a paid session is held while the member pays.
SESSION_PAYMENT_HOLD_MINUTES = env.int("SESSION_PAYMENT_HOLD_MINUTES", default=30)
# How long a waitlisted member offered a freed paid seat has to pay (never
# later than an hour before the start).
WAITLIST_OFFER_HOLD_HOURS = env.int("WAITLIST_OFFER_HOLD_HOURS", default=12)

# --- Mentorship conversations -------------------------------------------------

# Unread messages wait this long before one email announces them: someone
# chatting live is not emailed, and a burst of messages is one email.
MENTORSHIP_MESSAGE_EMAIL_DELAY_MINUTES = env.int(
    "MENTORSHIP_MESSAGE_EMAIL_DELAY_MINUTES", default=15
)
# Who hears about abuse reports; empty means every active staff member.
MENTORSHIP_ABUSE_REPORT_EMAILS = env.list("MENTORSHIP_ABUSE_REPORT_EMAILS", default=[])

# --- Forum --------------------------------------------------------------------

# Forum notifications wait this long before one digest email lists them:
# a member reading the forum sees them there first.
FORUM_NOTIFICATION_EMAIL_DELAY_MINUTES = env.int(
    "FORUM_NOTIFICATION_EMAIL_DELAY_MINUTES", default=15
)

# --- Static and media ---------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env("MEDIA_URL", default="/media/")
MEDIA_ROOT = env("MEDIA_ROOT", default=str(BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Object storage (S3 or compatible) when a bucket is named; django-storages is
# then required (see the README).
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL", default=None)
    AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME", default=None)
    AWS_ACCESS_KEY_ID = env("AWS_ACCESS_KEY_ID", default=None)
    AWS_SECRET_ACCESS_KEY = env("AWS_SECRET_ACCESS_KEY", default=None)
    AWS_S3_CUSTOM_DOMAIN = env("AWS_S3_CUSTOM_DOMAIN", default=None)
    AWS_QUERYSTRING_AUTH = False

# Uploads bigger than this are refused by the forms that take them.
MAX_UPLOAD_IMAGE_BYTES = 5 * 1024 * 1024
MAX_UPLOAD_IMAGE_PIXELS = 40_000_000
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- Wagtail ------------------------------------------------------------------

WAGTAIL_SITE_NAME = "MasteryHub"
# Sign-in, password and email changes and resets happen on allauth's pages
# (2FA, lockouts, verification); /admin/login/ leads there too
# (accounts/admin_access.py).
WAGTAILADMIN_LOGIN_URL = "/accounts/login/"
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Avatars from Gravatar would hand every admin user's email hash to a third
# party; Wagtail shows its own default avatar instead.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILIMAGES_MAX_UPLOAD_SIZE = MAX_UPLOAD_IMAGE_BYTES
WAGTAILIMAGES_MAX_IMAGE_PIXELS = MAX_UPLOAD_IMAGE_PIXELS
TAGGIT_CASE_INSENSITIVE = True
# Search: the database's own full text (SQLite FTS5, PostgreSQL) unless
# SEARCH_BACKEND_URL names a search server. Its scheme picks the engine:
# opensearch+https://user:pass@host:9200 is OpenSearch 2 (pip install
# "opensearch-py>=2,<3"); elasticsearch+https://… or plain https://… is
# Elasticsearch 8 (pip install "elasticsearch>=8,<9"). Credentials stay in
# the URL; the index is named by SEARCH_INDEX. README: "Search".
SEARCH_BACKEND_URL = env("SEARCH_BACKEND_URL", default="")
SEARCH_ENGINES = {
    "elasticsearch": "wagtail.search.backends.elasticsearch8",
    "opensearch": "wagtail.search.backends.opensearch2",
}
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
if SEARCH_BACKEND_URL:
    # Only the scheme is split: a password may hold a "+".
    scheme, _sep, rest = SEARCH_BACKEND_URL.partition("://")
    engine, _plus, transport = scheme.rpartition("+")
    engine = engine or "elasticsearch"
    server_url = f"{transport}://{rest}"
    if engine not in SEARCH_ENGINES:
        raise ImproperlyConfigured(
            f"SEARCH_BACKEND_URL: unknown engine {engine!r}; use one of "
            f"{', '.join(SEARCH_ENGINES)}, e.g. opensearch+https://host:9200"
        )
    WAGTAILSEARCH_BACKENDS["default"] = {
        "BACKEND": SEARCH_ENGINES[engine],
        "URLS": [server_url],
        "INDEX": env("SEARCH_INDEX", default="masteryhub"),
        "TIMEOUT": 5,
    }

# --- API ----------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticatedOrReadOnly",
    ],
    # DRF's defaults, with a JSON parser that refuses absurd nesting.
    "DEFAULT_PARSER_CLASSES": [
        "core.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "MasteryHub API",
    "DESCRIPTION": (
        "Sessions, bookings, mentorship and the forum. Session authentication: "
        "sign in on the site, and send the csrftoken cookie back as X-CSRFToken "
        "on POST."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Only /api/v1/ is ours to document (not Wagtail's APIs).
    "PREPROCESSING_HOOKS": ["api.schema.only_v1_endpoints"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.describe_query_rules",
    ],
    # Swagger UI from our own static files: the CDN default is not reachable
    # from every deployment, and the docs should not depend on a third party.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "SessionStatusEnum": "sessions.models.SessionPage.Status",
        "BookingStatusEnum": "sessions.models.Booking.Status",
        "ForumThreadKindEnum": "forum.models.Thread.Kind",
        "ForumPostKindEnum": "forum.api_serializers.POST_KINDS",
        "ForumVoteEnum": "forum.api_serializers.VOTES",
        "ForumStateEnum": "forum.api_serializers.STATES",
        "SessionLevelEnum": "sessions.models.SessionPage.Level",
        "ProgressLevelEnum": "progress.models.Level",
        "AttemptStatusEnum": "progress.models.Attempt.Status",
        "FeedbackRequestStatusEnum": "progress.models.FeedbackRequest.Status",
        "EvidenceKindEnum": "progress.models.Evidence.Kind",
        "QuestionKindEnum": "progress.api_assessment_serializers.KIND_CHOICES",
    },
}

# --- Security -----------------------------------------------------------------

SESSION_COOKIE_HTTPONLY = True
# JSON under /api/, the "form expired" page elsewhere.
CSRF_FAILURE_VIEW = "core.error_views.csrf_failure"
CSRF_COOKIE_HTTPONLY = False
# Wagtail's preview panel overrides this to SAMEORIGIN for its own iframe.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# The public site's policy is strict; the Wagtail and Django admins and the
# API docs (Swagger UI) ship inline scripts and styles, so they get a looser
# one of their own (core/security.py picks it by path). frame-ancestors is
# set per response to agree with X-Frame-Options.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:", "https:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'", "https://checkout.stripe.com"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}
CONTENT_SECURITY_POLICY_ADMIN = {
    "URL_PREFIXES": ["/admin/", "/django-admin/", "/api/v1/docs/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", "https:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "worker-src": ["'self'", "blob:"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}
# Browser features no page here uses, switched off for the site and anything
# it frames (Stripe Checkout is a redirect, not an embedded payment form).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

# --- Locale -------------------------------------------------------------------

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
        },
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django's default config gives "django" a console handler of its own;
        # propagating to the root's as well printed every line twice.
        # Configuring "django" resets its children, so the server's access
        # log is declared again as Django's default has it.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {
            "handlers": ["django.server"],
            "level": "INFO",
            "propagate": False,
        },
        "django.db.backends": {"level": "WARNING"},
        # The server and the worker each reload on code changes; one line
        # per process saying so is noise.
        "django.utils.autoreload": {"level": "WARNING"},
    },
}
