"""
The one settings module. Everything a deployer changes comes from the environment;
README.md has the table of variables.

The defaults are safe for production (DEBUG off, secure cookies, HSTS); `make run` turns
DEBUG on for local work, and only then may SECRET_KEY be left unset.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}.")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    try:
        return int(value) if value else default
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # Only ever used with DEBUG on, i.e. on a developer's machine.
    SECRET_KEY = "django-insecure-local-development-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The site's own name and address, used where a page or feed names the publisher.
# Required in production: ClaimReview, feeds and the API publish absolute links built from it.
SITE_NAME = os.environ.get("SITE_NAME", "factcheck")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")
if not SITE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured(
        "SITE_URL must be the site's public address, e.g. https://factcheck.example.org."
    )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "csp",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "accounts",
    "statements",
    "apikeys",
    "pages",
    # Claim graph (issue 13): claim relations, repeats, reversals; promises.
    "graph",
    "promises",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Records who made each change in the revision history (django-simple-history).
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "factcheck.urls"
WSGI_APPLICATION = "factcheck.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

# PostgreSQL in production and CI; a SQLite file in the checkout when DATABASE_URL is unset.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "en")
# The site speaks one language (its content is written in it), so pages and the admin do not
# switch to a reader's browser language while the words on them stay in this one.
LANGUAGES = [(LANGUAGE_CODE, LANG_INFO.get(LANGUAGE_CODE, {}).get("name", LANGUAGE_CODE))]
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")  # shown to readers; always stored as UTC
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# --- The desk -------------------------------------------------------------------------------
# A second pair of eyes: an editor may not publish a verdict they wrote. A newsroom of one
# person turns this off with ONE_PERSON_DESK=1 (docs/desk.md).
ONE_PERSON_DESK = env_bool("ONE_PERSON_DESK", False)
# The revision history records why a change was made ("Published", a correction's text), which
# may run past the library's default 100 characters.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# --- Background work (the task queue) -------------------------------------------------------
# Django's Tasks API through the django-tasks backport. Work that must not run inside a request
# (mail, cache purges, webhook deliveries, imports, share images) is enqueued on commit and run
# by `manage.py db_worker` (bin/start-worker; `make run` starts one beside the dev server). The
# queue is a table in this database, so a change and the work it causes commit together and no
# other service is needed; TASKS_BACKEND names another backend (e.g. django-tasks-rq) at scale.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# --- Security -------------------------------------------------------------------------------
# Behind a TLS-terminating proxy, set SECURE_PROXY_SSL_HEADER=1 so Django trusts
# X-Forwarded-Proto; never set it when clients can reach the app directly.
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# Load balancers probe over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# The preload flag only makes the site eligible; submitting it to browsers is a manual step.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# A strict Content-Security-Policy: no inline script or style anywhere, our own origin only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

# --- Email ----------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS = [("Admins", address) for address in env_list("ADMIN_EMAILS")]

# --- Cache ----------------------------------------------------------------------------------
# Redis when REDIS_URL is set (shared between gunicorn workers); per-process memory otherwise.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }

# --- Django REST framework ------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    # The API is public and read-only: no session or password authentication on it.
    "DEFAULT_AUTHENTICATION_CLASSES": [],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# --- The newsroom API (/api/) ---------------------------------------------------------------
REST_FRAMEWORK.update(
    {
        "DEFAULT_AUTHENTICATION_CLASSES": ["apikeys.authentication.ApiKeyAuthentication"],
        "DEFAULT_THROTTLE_CLASSES": [
            "statements.api.throttling.AnonymousRateThrottle",
            "statements.api.throttling.ApiKeyRateThrottle",
        ],
        "DEFAULT_FILTER_BACKENDS": [],
        "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
        "EXCEPTION_HANDLER": "statements.api.errors.exception_handler",
        "NUM_PROXIES": env_int("API_NUM_PROXIES", 0) if os.environ.get("API_NUM_PROXIES") else None,
        "DATETIME_FORMAT": "iso-8601",
    }
)
# Requests per address (anonymous) and per key, as DRF rates: "<n>/<second|minute|hour|day>".
API_THROTTLE_ANON_RATE = os.environ.get("API_THROTTLE_ANON_RATE", "60/min")
API_THROTTLE_KEY_RATE = os.environ.get("API_THROTTLE_KEY_RATE", "600/min")
# How long shared caches and browsers may reuse an API response before revalidating (seconds).
API_CACHE_MAX_AGE = env_int("API_CACHE_MAX_AGE", 60)
# /changes/ holds back log rows younger than this, so a slow transaction that commits after a
# faster one cannot be skipped by a mirror's cursor (see docs/api.md).
API_CHANGES_SETTLE_SECONDS = env_int("API_CHANGES_SETTLE_SECONDS", 5)
# The licence under which partners may reuse the fact-checks; on every ClaimReview we serve.
CONTENT_LICENSE_URL = os.environ.get(
    "CONTENT_LICENSE_URL", "https://creativecommons.org/licenses/by/4.0/"
)

SPECTACULAR_SETTINGS = {
    "TITLE": f"{SITE_NAME} API",
    "DESCRIPTION": "Read-only fact-checks: claims, statements, speakers, sources and verdicts.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "SpeakerKindEnum": "statements.models.SpeakerKind",
        "SourceKindEnum": "statements.models.SourceKind",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "statements.api.schema.add_error_responses",
    ],
}

# Browser dashboards on any origin may read the API; nothing else is cross-origin.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "if-none-match", "if-modified-since", "x-api-key"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After", "Link"]

# --- Public site ----------------------------------------------------------------------------
# PostgreSQL text-search configuration for /search/. The search indexes are built with it
# (statements migration 0007_site_search_indexes): after changing it, rebuild them.
SEARCH_CONFIG = os.environ.get("SEARCH_CONFIG", "english")
# Reader claim submissions allowed per address per hour before the form answers 429.
SUBMISSION_RATE_LIMIT = env_int("SUBMISSION_RATE_LIMIT", 5)
# How long browsers and shared caches may keep a public page before asking again (seconds).
PUBLIC_PAGE_MAX_AGE = env_int("PUBLIC_PAGE_MAX_AGE", 300)
