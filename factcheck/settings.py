"""
The one settings module. Everything a deployer changes comes from the environment;
README.md has the table of variables.

The defaults are safe for production (DEBUG off, secure cookies, HSTS); `make run` turns
DEBUG on for local work, and only then may SECRET_KEY be left unset.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
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
    SECRET_KEY = "django-insecure-local-development-key-never-use-in-production"  # noqa: S105  # nosec B105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The site's own name and address, used where a page or feed names the publisher.
# Required in production: ClaimReview, feeds and the API publish absolute links built from it.
SITE_NAME = os.environ.get("SITE_NAME", "factcheck")
# On a developer's machine (DEBUG) it follows PORT, which `make run` passes to runserver, so
# canonical links, feeds, the sitemap and the API's html_url point at the server that is running.
SITE_URL = os.environ.get(
    "SITE_URL", f"http://127.0.0.1:{os.environ.get('PORT') or '8000'}" if DEBUG else ""
).rstrip("/")
if not SITE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured(
        "SITE_URL must be the site's public address, e.g. https://factcheck.example.org."
    )

INSTALLED_APPS = [
    "statements.desk.apps.DeskAdminConfig",  # django.contrib.admin with the desk's own site
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
    "django_countries",
    "django_tasks",
    "django_tasks_db",
    "accounts",
    "statements",
    "apikeys",
    "pages",
    "publiccache",
    "integrations",
    # Claim graph (issue 13): claim relations, repeats, reversals; promises.
    "graph",
    "promises",
]

MIDDLEWARE = [
    # Performance: which database a request reads from, and a 503 for a cancelled slow query.
    "factcheck.routers.ReplicaMiddleware",
    "factcheck.timeouts.StatementTimeoutMiddleware",
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
    # Last: answers anonymous readers' GETs of public pages from the cache (docs/caching.md).
    "publiccache.middleware.PublicCacheMiddleware",
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
                # Reader's side (issue 11): verdicts are drawn on the whole rating scale.
                "statements.context_processors.rating_scale",
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

# --- Performance: statement timeout and read replica (docs/scaling.md) ---------------------
# PostgreSQL cancels any query of this process running longer than this (milliseconds), and
# the reader gets a 503 with Retry-After (factcheck.timeouts). bin/start-web sets 5000 for the
# web process; management commands (migrate, imports, exports) run without a limit.
DATABASE_STATEMENT_TIMEOUT_MS = env_int("DATABASE_STATEMENT_TIMEOUT_MS", 0)
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # JIT compilation costs ~100 ms and only pays off on long analytical queries, which a web
    # request never runs; a misestimated plan would otherwise switch it on for a page.
    options = "-c jit=off"
    if DATABASE_STATEMENT_TIMEOUT_MS:
        options += f" -c statement_timeout={DATABASE_STATEMENT_TIMEOUT_MS}"
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = options
# A streaming replica of the primary: anonymous GETs read from it (factcheck.routers).
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = {
        **dj_database_url.parse(
            os.environ["DATABASE_REPLICA_URL"],
            conn_max_age=env_int("CONN_MAX_AGE", 60),
            conn_health_checks=True,
        ),
        "OPTIONS": DATABASES["default"].get("OPTIONS", {}),
        # Tests create one database; the replica alias reads the same one.
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["factcheck.routers.ReplicaRouter"]

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# The reader's side speaks these; English pages keep their addresses and /hi/… and /ur/… serve
# the same pages in Hindi and Urdu (factcheck/urls.py, docs/site.md "Languages"). The desk, the
# API and the machine endpoints are not prefixed.
LANGUAGES = [("en", "English"), ("hi", "हिन्दी"), ("ur", "اردو")]
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")  # shown to readers; always stored as UTC
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
# Date formats for the languages Django ships none for (Urdu); the others use Django's own.
FORMAT_MODULE_PATH = ["factcheck.formats"]

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
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
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

# --- Cache ---------------------------------------------------------------------------------
# Redis when REDIS_URL is set (shared between workers and machines); this process's memory when
# it is not, so `make run` needs nothing but Python. Either is safe for the page cache, whose
# keys name the database's generation number (docs/caching.md). While Redis is unreachable the
# fallback backend uses this process's memory and logs the outage once.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "publiccache.backends.FallbackRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            # A Redis that does not answer must cost a request milliseconds, not a hang.
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Public cache (issue 8: caching that is never stale) -----------------------------------
# How long a rendered public page or API response stays in the cache. Changes never wait for
# it (they move every key); it bounds memory, and the age of the few answers that depend on
# the clock (the Fact Check Tools search's maxAgeDays).
PUBLIC_CACHE_TIMEOUT = env_int("PUBLIC_CACHE_TIMEOUT", 600)
# What a CDN in front of the site may do (s-maxage and stale-while-revalidate). Without a purge
# hook (CDN_PURGE_URL) a change reaches CDN readers within their sum; with one, at once.
CDN_S_MAXAGE = env_int("CDN_S_MAXAGE", 60)
CDN_STALE_WHILE_REVALIDATE = env_int("CDN_STALE_WHILE_REVALIDATE", 30)
# Optional purge hook (publiccache/cdn.py): once a change commits, the task queue POSTs to this
# address with a `Surrogate-Key: public` header (Fastly's purge-by-key shape), and the token in
# CDN_PURGE_AUTH_HEADER. Unset: nothing is queued.
CDN_PURGE_URL = os.environ.get("CDN_PURGE_URL", "")
CDN_PURGE_AUTH_HEADER = os.environ.get("CDN_PURGE_AUTH_HEADER", "Fastly-Key")
CDN_PURGE_TOKEN = os.environ.get("CDN_PURGE_TOKEN", "")

# --- Django REST framework ------------------------------------------------------------------
REST_FRAMEWORK = {
    # DRF's JSON, written by orjson (statements/api/renderers.py).
    "DEFAULT_RENDERER_CLASSES": ["statements.api.renderers.FastJSONRenderer"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    # The API is public and read-only: no session or password authentication on it.
    "DEFAULT_AUTHENTICATION_CLASSES": [],
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
        "DATETIME_FORMAT": "iso-8601",
    }
)
# Requests per address (anonymous) and per key, as DRF rates: "<n>/<second|minute|hour|day>".
API_THROTTLE_ANON_RATE = os.environ.get("API_THROTTLE_ANON_RATE", "60/min")
API_THROTTLE_KEY_RATE = os.environ.get("API_THROTTLE_KEY_RATE", "600/min")
# How long browsers and clients may reuse an API response before revalidating (seconds). 0:
# they revalidate every time, which the generation's ETag answers with one query.
API_CACHE_MAX_AGE = env_int("API_CACHE_MAX_AGE", 0)
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
        "statements.api.schema.enumerate_slug_parameters",
        "statements.api.schema.forbid_nul_in_text_parameters",
        "statements.api.schema.add_language_parameter",
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
# How long browsers may keep a public page before asking again (seconds). 0: a reader's next
# visit revalidates, so a correction shows at once; the 304 costs one query.
PUBLIC_PAGE_MAX_AGE = env_int("PUBLIC_PAGE_MAX_AGE", 0)

# --- Hardening (issue 10; docs/operations.md) -----------------------------------------------
# One client identity (factcheck/clients.py): the API throttle, the submission rate limit, the
# login lockout and the logs all use it. 0 trusts no forwarded header; behind N proxies that
# append to X-Forwarded-For, set N.
if os.environ.get("API_NUM_PROXIES"):
    raise ImproperlyConfigured("API_NUM_PROXIES is now TRUSTED_PROXY_COUNT (it covers every use).")
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

INSTALLED_APPS += [
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]
_auth = MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware")
MIDDLEWARE[_auth + 1 : _auth + 1] = [
    # request.user.is_verified(): has this session passed a second factor?
    "django_otp.middleware.OTPMiddleware",
    # Editors and superusers without a verified second factor do not reach the desk.
    "accounts.middleware.SecondFactorMiddleware",
]
MIDDLEWARE.insert(1, "factcheck.middleware.SecurityHeadersMiddleware")
# django-axes: last, so that it sees every login the views below it handle.
MIDDLEWARE.append("axes.middleware.AxesMiddleware")
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Login lockout (django-axes): LOGIN_FAILURE_LIMIT failures for one account, or from one
# address, lock that account or address out for LOGIN_LOCKOUT_MINUTES. Every failure and
# every lockout is logged (user, address, time; never the password).
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "factcheck.clients.client_address"
AXES_RESET_ON_SUCCESS = True
# The log names the account and the address (the password is never part of what it logs).
AXES_SENSITIVE_PARAMETERS: list[str] = []
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# The lockout record is what counts; a row per successful login would only grow.
AXES_DISABLE_ACCESS_LOG = True

# A second factor (django-otp: TOTP, with single-use recovery codes) is required for editors
# and superusers, and open to every member of the desk.
OTP_TOTP_ISSUER = SITE_NAME
SECOND_FACTOR_RECOVERY_CODES = 10

# Sessions end after SESSION_IDLE_MINUTES without a request (each request renews the expiry).
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
# A password reset link works for an hour, and an address may ask for a few an hour.
PASSWORD_RESET_TIMEOUT = 3600
PASSWORD_RESET_RATE_LIMIT = env_int("PASSWORD_RESET_RATE_LIMIT", 5)

# `__Host-` cookies cannot be set by a sibling subdomain or over plain HTTP.
if SESSION_COOKIE_SECURE:
    SESSION_COOKIE_NAME = "__Host-sessionid"
if CSRF_COOKIE_SECURE:
    CSRF_COOKIE_NAME = "__Host-csrftoken"

# Sent on every response (factcheck/middleware.py). A response that must be embeddable
# elsewhere (an embed, a share image) sets its own Cross-Origin-Resource-Policy.
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), "
    "fullscreen=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), "
    "payment=(), picture-in-picture=(), publickey-credentials-get=(), usb=(), "
    "screen-wake-lock=(), xr-spatial-tracking=()"
)
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"

# Uploaded images (portraits): refused above these sizes, then re-encoded by Pillow.
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 5 * 1024 * 1024)
UPLOAD_MAX_PIXELS = env_int("UPLOAD_MAX_PIXELS", 24_000_000)

# While the database is unreachable, pages and the API answer 503 with this Retry-After.
DATABASE_OUTAGE_RETRY_AFTER = env_int("DATABASE_OUTAGE_RETRY_AFTER", 30)

# Secrets never reach a log (factcheck/redaction.py) or an error report.
DEFAULT_EXCEPTION_REPORTER_FILTER = "factcheck.redaction.RedactingExceptionReporterFilter"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "redact": {"()": "factcheck.redaction.RedactingFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "timed": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "timed",
            "filters": ["redact"],
        },
        # Error reporting by email to ADMINS (ADMIN_EMAILS) when DEBUG is off.
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false", "redact"],
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": ["console", "mail_admins"], "level": "INFO", "propagate": False},
        "axes": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# Error reporting to Sentry when SENTRY_DSN is set (never personal data, secrets redacted).
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    import sentry_sdk

    from factcheck.redaction import redact_sentry_event

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        send_default_pii=False,
        before_send=redact_sentry_event,
        traces_sample_rate=0,
    )
DEFAULT_EXCEPTION_REPORTER = "factcheck.redaction.RedactingExceptionReporter"

# --- Webhooks (integrations app) ------------------------------------------------------------
# Hosts a webhook may reach although they resolve to loopback, private or link-local addresses
# (a receiver on the same machine or inside the newsroom's network). Empty in production.
WEBHOOK_ALLOWED_HOSTS = env_list("WEBHOOK_ALLOWED_HOSTS")
# Seconds to wait before each retry of a failed delivery (the Standard Webhooks schedule:
# 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h); after the last, the delivery is given up.
WEBHOOK_RETRY_DELAYS = [
    int(seconds)
    for seconds in env_list("WEBHOOK_RETRY_DELAYS", "5,300,1800,7200,18000,36000,36000")
]
# An endpoint is turned off after this many failed attempts in a row (editors turn it back on).
WEBHOOK_DISABLE_AFTER_FAILURES = env_int("WEBHOOK_DISABLE_AFTER_FAILURES", 8)
# Seconds to wait for a receiver to answer.
WEBHOOK_TIMEOUT = env_int("WEBHOOK_TIMEOUT", 10)
