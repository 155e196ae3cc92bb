"""The only settings module. Everything that differs between environments comes from the
environment (or a git-ignored .env file); see .env.example and the README table."""

from datetime import timedelta
from pathlib import Path

import django.conf.locale
import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

# Core. DJANGO_DEBUG=true is development (`make run`, `make test`); anything else is production,
# which refuses to start without the settings that have no safe default.
DEBUG = env.bool("DJANGO_DEBUG", default=False)


def require_in_production(name: str, why: str) -> None:
    """In production, a clear start-up error when the variable is unset or empty."""
    if not DEBUG and not env.str(name, default=""):
        raise ImproperlyConfigured(f"{name} must be set when DJANGO_DEBUG is false: {why}.")


require_in_production("DJANGO_SECRET_KEY", "a long random value that signs sessions and links")
SECRET_KEY = env(
    "DJANGO_SECRET_KEY",
    default="django-insecure-local-development-key-never-use-in-production",
)
# Django's own check (security.W009) only warns; a guessable key lets anyone sign sessions and links.
if not DEBUG and (len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure-")):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be at least 50 characters and must not start with django-insecure- "
        "when DJANGO_DEBUG is false: generate one with "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'."
    )
require_in_production("DJANGO_ALLOWED_HOSTS", "the host names this site answers to")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
ADMIN_URL = env("DJANGO_ADMIN_URL", default="admin/")
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
# What the deploy calls the release it serves (a commit or version): stored public pages are kept
# per release (publicsite/cache.py), so none built by the code before a deploy is served after it.
RELEASE = env("RELEASE", default="")

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it must come before it.
    "modeltranslation",
    # Django's admin, behind the staff sign-in's second factor (accounts.sites).
    "accounts.apps.StaffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Django's widget templates, for the project's form renderer (core/forms.py).
    "django.forms",
    "csp",
    "import_export",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    # The helpers every app shares; its one model is the public pages' rate limits.
    "core",
    "accounts",
    "pilots",
    "reporting",
    "publicsite",
    "surveys",
    "pgtrigger",
    "pghistory",
    "audit",
    # After django_tasks_db: replaces its admin of the task queue with the Supervisors' one.
    "background",
]

MIDDLEWARE = [
    # First, so every log line of the request, and its own line with the status, carry its id.
    "core.middleware.RequestIdMiddleware",
    # Before anything can answer: the redirect to HTTPS, and the security headers on every answer,
    # a stored page's too.
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.PermissionsPolicyMiddleware",
    # Stored public pages are answered here, after the security checks and before the rest: they
    # were stored with every header the middleware below gives a page, and compressed or not as
    # the request that is answered asks (benchmarks/public_pages.py). It stores the pages that
    # leave the middleware below public. Why it stays behind nginx's cache:
    # docs/decisions/page-cache.md.
    "publicsite.middleware.PageCacheMiddleware",
    # Next, so it compresses every page as the last step: the data page's HTML goes from 130 KB
    # to about 15 KB (benchmarks/page_weight.py). Django's version pads its output against BREACH,
    # and CSRF tokens are masked anew on every response; whitenoise's files come compressed already.
    "django.middleware.gzip.GZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside every middleware that sets a cookie or Vary: Cookie, so it sees them all.
    "core.middleware.PrivateUnlessPublicMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.sessions.StaffSessionMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # After authentication: names the staff member in the history of what the request changes.
    "audit.middleware.HistoryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # After the others, so its error page has the language, the user and the CSP header; nothing
    # before it reads a body.
    "core.middleware.RequestBodyLimitMiddleware",
    # Last, as django-axes asks: it turns a refused sign-in into the locked-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.site",
            ],
        },
    },
]

# Forms: every field drawn as a USWDS form group by templates/forms/field.html.
FORM_RENDERER = "core.forms.FormRenderer"

# Database: DATABASE_URL selects the server; in development without it the project runs its own
# PostgreSQL (pgserver, a development dependency), never in production.
require_in_production("DATABASE_URL", "production never runs the embedded PostgreSQL")
if "DATABASE_URL" not in env:
    from config.embedded_postgres import database_url

    env.ENVIRON["DATABASE_URL"] = database_url()
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("DJANGO_CONN_HEALTH_CHECKS", default=True)
# Outages (core/outages.py): a database that does not accept a connection within this many
# seconds counts as down, and the page answers 503 rather than wait.
DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env.int(
    "DATABASE_CONNECT_TIMEOUT", default=3
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache. A redis:// (or rediss://, rediscache://) CACHE_URL gets Django's own Redis backend, which
# django-environ would swap for django-redis were that ever installed.
CACHE_URL = env.str("CACHE_URL", default="locmemcache://")
CACHES = {
    "default": env.cache_url_config(
        CACHE_URL,
        backend="django.core.cache.backends.redis.RedisCache" if CACHE_URL.startswith("redis") else None,
    )
}

# Authentication
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"

# Staff sign-in (accounts): a second factor for every page of the admin, lockouts after
# repeated failures (accounts.lockouts), and staff sessions that end idle.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("STAFF_SIGNIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("STAFF_LOCKOUT_MINUTES", default=30))
# An account from one client only: never an account from everywhere, nor a client for every
# account (colleagues share an office's address), which anyone could lock; accounts.lockouts slows
# those guesses instead.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# core.client_ip, an IPv6 /64 given as its first address (axes stores one address).
AXES_CLIENT_IP_CALLABLE = "accounts.lockouts.axes_client_ip"
AXES_DISABLE_ACCESS_LOG = True  # successful sign-ins are accounts' SignInEvents
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # no banner on every manage.py command
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
OTP_TOTP_ISSUER = "Alternatives to police response"
# Recovery codes (accounts.models.RecoveryCodeDevice): seconds to wait after a wrong one,
# doubling with each further wrong one, as django-otp does for the app's codes.
OTP_RECOVERY_CODE_THROTTLE_FACTOR = 1
STAFF_SESSION_IDLE_MINUTES = env.int("STAFF_SESSION_IDLE_MINUTES", default=30)

# Internationalisation. Django knows neither Somali nor Hmong, so both are registered here and
# the project ships their catalogs, with Django's own strings the resident pages show (form
# errors, month and weekday names) in locale/, and their date formats in config/formats/.
django.conf.locale.LANG_INFO.update(
    {
        "so": {"bidi": False, "code": "so", "name": "Somali", "name_local": "Soomaali"},
        "hmn": {"bidi": False, "code": "hmn", "name": "Hmong", "name_local": "Hmoob"},
    }
)
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("so", _("Somali")),
    ("hmn", _("Hmong")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
USE_I18N = True
TIME_ZONE = "America/Chicago"
USE_TZ = True
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)

# Static files and uploads. Uploads are private: MEDIA_ROOT is never served by URL.
STATIC_URL = "static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/private-media/"
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            # Credentials come from boto3's usual places: AWS_ACCESS_KEY_ID and
            # AWS_SECRET_ACCESS_KEY, or the server's role. Nothing in the bucket is public: staff
            # get residents' files streamed through the audited view (reporting/admin/report_page.py); the
            # only signed URL, to a Council update's slides in its admin form, soon expires.
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 300,
            "file_overwrite": False,
        },
    }
else:
    default_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT, "base_url": MEDIA_URL},
    }
# Spreadsheet import previews wait for confirmation apart from residents' uploads: in their own
# folder, or under their own prefix of the private bucket; `clean_import_previews` removes them.
if AWS_STORAGE_BUCKET_NAME:
    import_preview_storage = {
        "BACKEND": default_storage["BACKEND"],
        "OPTIONS": {**default_storage["OPTIONS"], "location": "import-previews"},
    }
else:
    import_preview_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": env.path("IMPORT_PREVIEW_ROOT", default=BASE_DIR / "import-previews")},
    }
STORAGES = {
    "default": default_storage,
    "import_export": import_preview_storage,
    "staticfiles": {
        "BACKEND": env(
            "DJANGO_STATICFILES_STORAGE",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
FILE_UPLOAD_PERMISSIONS = 0o600

# Records retention (reporting/retention.py, shown on the privacy page). The City sets these;
# the defaults are placeholders until its records schedule gives the numbers.
RETENTION_DELETE_ENDED_DAYS = env.int("RETENTION_DELETE_ENDED_DAYS", default=90)
RETENTION_ANONYMISE_CLOSED_DAYS = env.int("RETENTION_ANONYMISE_CLOSED_DAYS", default=365)

# Spreadsheet imports: limits checked before a file is read
IMPORT_MAX_UPLOAD_BYTES = env.int("IMPORT_MAX_UPLOAD_MB", default=20) * 1024 * 1024
IMPORT_MAX_UNPACKED_BYTES = env.int("IMPORT_MAX_UNPACKED_MB", default=200) * 1024 * 1024
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=200_000)
# Request size limits. The largest legitimate post carries one report's files (at most 8 files,
# 30 MB in all: reporting/files.py) and its form fields; a bigger body is refused with a 413
# before it is read (core/middleware.py). The proxy in front should refuse it too (README).
REQUEST_BODY_MAX_SIZE = 31 * 1024 * 1024
# Form fields without files: far above the longest report, far below what would tire a server.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 500
DATA_UPLOAD_MAX_NUMBER_FILES = 10
# Files above this are streamed to a temporary file rather than held in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Email
EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env(
    "DJANGO_DEFAULT_FROM_EMAIL", default="Alternatives to police response <noreply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Reports passed on to another agency (reporting/handoffs.py) leave only when the connection to the
# mail server is encrypted (EMAIL_URL smtp+tls:// or smtp+ssl://). This lets a plain one carry them:
# the tests turn it on for their local mail server, and no environment variable can.
HANDOFFS_PLAIN_SMTP = False

# Background tasks (background/): emails, staff notices and the scheduled jobs are queued in
# PostgreSQL by django-tasks' database backend and run by `manage.py db_worker` (tests run them at
# once, tests/conftest.py). A failing task is tried again after TASKS_RETRY_SECONDS, doubling
# each time, up to TASKS_MAX_ATTEMPTS tries; then it waits in the admin for a Supervisor.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
TASKS_MAX_ATTEMPTS = env.int("TASKS_MAX_ATTEMPTS", default=8)
TASKS_RETRY_SECONDS = env.int("TASKS_RETRY_SECONDS", default=60)
# A task still running after this many minutes was left by a worker that stopped; the
# requeue_stalled_tasks command queues it again (background/retries.py).
TASKS_STALLED_MINUTES = env.int("TASKS_STALLED_MINUTES", default=30)

# Text messages to residents who gave only a phone number (reporting/sms.py): the class that
# sends them, as EMAIL_BACKEND names email's. Development prints them; production sends none
# until the City names its provider's class.
SMS_BACKEND = env("SMS_BACKEND", default="reporting.sms.ConsoleBackend" if DEBUG else "")
# The countries (ISO 3166 codes) whose numbers are texted; a resident with another number is called.
SMS_COUNTRIES = env.list("SMS_COUNTRIES", default=["US"])
# The class that matches the address a resident types, and suggests addresses as they type
# (reporting/addresses.py): the City's list as imported, unless the City names its own address
# service's class. One that cannot be imported stops the start (reporting/apps.py).
ADDRESS_GEOCODER = env("ADDRESS_GEOCODER", default="reporting.addresses.AddressList")
# The PIN of a report without an email address (reporting/pins.py) expires this many days after
# the report reaches a final status, and at most this many days after it was given.
PIN_DAYS_AFTER_END = env.int("PIN_DAYS_AFTER_END", default=30)
PIN_MAX_DAYS = env.int("PIN_MAX_DAYS", default=90)
# A browser let into a resident's report loses it when it closes and after this long idle.
RESIDENT_SESSION_IDLE_MINUTES = env.int("RESIDENT_SESSION_IDLE_MINUTES", default=30)

# Security. Production is HTTPS-only unless DJANGO_HTTPS=false says otherwise by name;
# development serves plain HTTP.
HTTPS = env.bool("DJANGO_HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=HTTPS)
# How many proxies in front of the app append to X-Forwarded-For (core/client_ip.py).
TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)
if env.bool("DJANGO_BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True
# /.well-known/security.txt: a mailto: or https: address for vulnerability reports. Unset, the
# file is not served at all (404), so no made-up or development address is ever published.
SECURITY_CONTACT = env("DJANGO_SECURITY_CONTACT", default="")
if SECURITY_CONTACT and not SECURITY_CONTACT.startswith(("mailto:", "https://")):
    raise ImproperlyConfigured("DJANGO_SECURITY_CONTACT must start with mailto: or https://.")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
# Django's own session engines: cached_db where the cache is one every app process shares; with
# a cache of each process's own (locmem), a process would read a draft another has since changed.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.db"
    if CACHES["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    else "django.contrib.sessions.backends.cached_db"
)
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# History of staff edits (django-pghistory, see audit/tracking.py)
# Only requests that can change data hand the staff member to the history triggers; a GET adds
# nothing to its queries.
PGHISTORY_MIDDLEWARE_METHODS = ("POST", "PUT", "PATCH", "DELETE")

# Logs (core/logs.py): one JSON object per line in production, readable lines in development
# unless DJANGO_LOG_FORMAT says otherwise; every line carries the request's id, none its query
# string or form values.
LOG_FORMAT = env.str("DJANGO_LOG_FORMAT", default="text" if DEBUG else "json")
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured("DJANGO_LOG_FORMAT must be json or text.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request": {"()": "core.logs.RequestContextFilter"},
        "skip_logged_outages": {"()": "core.outages.SkipLoggedOutages"},
    },
    "formatters": {
        "json": {"()": "core.logs.JsonFormatter"},
        "text": {"()": "core.logs.ReadableFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["request"], "formatter": LOG_FORMAT}
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        # pgserver narrates every start and stop of the embedded server at INFO.
        "pgserver": {"level": "WARNING"},
        "django.request": {"filters": ["skip_logged_outages"]},
        # runserver's request lines hold the query string; config.requests logs each request.
        "django.server": {"handlers": [], "propagate": False},
    },
}
