"""The one settings module, read from the environment.

Locally nothing needs setting: the database is a SQLite file and the secret key is generated once
into ``var/``. ``PUTRIGHT_ENV=production`` switches on production mode, which refuses to start
without a secret key and allowed hosts and turns on every HTTPS protection that
``putright check --deploy`` looks for. The variables are listed in the README.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PUTRIGHT_VAR_DIR", BASE_DIR / "var"))

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_flag(name: str, *, default: bool) -> bool:
    """Read a yes/no variable; anything but a recognised spelling is refused."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be 1 or 0 (or true/false), not {raw!r}.")


def env_list(name: str, *, default: str) -> list[str]:
    """Read a comma-separated list, ignoring blanks."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def local_secret_key(path: Path) -> str:
    """The development secret key: made once, kept in ``var/`` (never committed), then reused.

    The key is written to a temporary file and linked into place, so parallel test workers that
    start together all end up with the same key.
    """
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        tmp.write_text(secrets.token_urlsafe(50))
        tmp.chmod(0o600)
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    return path.read_text().strip()


PUTRIGHT_ENV = os.environ.get("PUTRIGHT_ENV", "development").strip().lower()
if PUTRIGHT_ENV not in {"development", "production"}:
    raise ImproperlyConfigured(
        f"PUTRIGHT_ENV must be 'development' or 'production', not {PUTRIGHT_ENV!r}."
    )
PRODUCTION = PUTRIGHT_ENV == "production"

DEBUG = env_flag("PUTRIGHT_DEBUG", default=False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("PUTRIGHT_DEBUG must be off when PUTRIGHT_ENV=production.")

if PRODUCTION:
    SECRET_KEY = os.environ.get("PUTRIGHT_SECRET_KEY", "").strip()
    if not SECRET_KEY:
        raise ImproperlyConfigured(
            "PUTRIGHT_SECRET_KEY must be set when PUTRIGHT_ENV=production "
            "(at least 50 random characters, kept secret and the same on every server)."
        )
    if not os.environ.get("PUTRIGHT_ALLOWED_HOSTS", "").strip():
        raise ImproperlyConfigured(
            "PUTRIGHT_ALLOWED_HOSTS must be set when PUTRIGHT_ENV=production "
            "(the host names the service answers on, separated by commas)."
        )
else:
    SECRET_KEY = os.environ.get("PUTRIGHT_SECRET_KEY") or local_secret_key(VAR_DIR / "secret_key")

ALLOWED_HOSTS = env_list("PUTRIGHT_ALLOWED_HOSTS", default="127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("PUTRIGHT_CSRF_TRUSTED_ORIGINS", default="")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "putright",
    "putright.organisations",
    "putright.people",
    "putright.cases",
    "putright.audit",
    "putright.staff",
    "putright.reporting",
    "putright.privacy",
    "putright.correspondence",
    "putright.inbound",
    "putright.public",
    "putright.clock",
    "putright.letters",
    "putright.security",
    "putright.integrations",
    "putright.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Staff security (docs/security.md): the verified device, then the session's time limits,
    # then the second factor every staff page needs.
    "django_otp.middleware.OTPMiddleware",
    "putright.security.middleware.SessionTimeoutMiddleware",
    "putright.security.middleware.RequireVerifiedMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "putright.security.middleware.PermissionsPolicyMiddleware",
    "putright.security.middleware.RefusalAuditMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
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
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: one URL. SQLite locally (a file in var/), PostgreSQL in production and in CI.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'putright.sqlite3'}",
        conn_max_age=int(os.environ.get("PUTRIGHT_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several gunicorn workers share the file: write-ahead logging lets readers carry on while
    # one writes, and IMMEDIATE transactions take the write lock up front instead of failing
    # halfway through with 'database is locked'.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Tests use an in-memory database (one per test worker).
    DATABASES["default"]["TEST"] = {"NAME": None}
else:
    # Tests use test_<name> (suffixed per worker under pytest-xdist), created and dropped per run.
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("PUTRIGHT_TEST_DATABASE_NAME") or None}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "organisations.User"
# django-axes first: it refuses a locked-out sign-in before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "staff:sign-in"
LOGIN_REDIRECT_URL = "staff:codes"
LOGOUT_REDIRECT_URL = "staff:sign-in"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# Static files: the project's own; GOV.UK Frontend's styles built from its Sass by `make setup`
# into build/ ({% static 'putright/govuk.css' %}); and GOV.UK Frontend from npm for its scripts
# and images ({% static 'govuk/govuk-frontend.min.js' %}). whitenoise serves them.
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    BASE_DIR / "build",
    BASE_DIR / "node_modules" / "govuk-frontend" / "dist",
]
# Documents and attachments kept on a case: private files, never served as static files; staff
# download them through a view that checks the organisation.
MEDIA_ROOT = Path(os.environ.get("PUTRIGHT_MEDIA_DIR", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Staff security (docs/security.md). A session ends after PUTRIGHT_SESSION_IDLE_MINUTES without a
# request, and PUTRIGHT_SESSION_MAX_HOURS after sign-in whatever happens.
PUTRIGHT_SESSION_IDLE_MINUTES = int(os.environ.get("PUTRIGHT_SESSION_IDLE_MINUTES", "30"))
PUTRIGHT_SESSION_MAX_HOURS = int(os.environ.get("PUTRIGHT_SESSION_MAX_HOURS", "10"))
if PUTRIGHT_SESSION_IDLE_MINUTES < 1 or PUTRIGHT_SESSION_MAX_HOURS < 1:
    raise ImproperlyConfigured(
        "PUTRIGHT_SESSION_IDLE_MINUTES and PUTRIGHT_SESSION_MAX_HOURS must be at least 1."
    )
SESSION_COOKIE_AGE = 60 * 60 * PUTRIGHT_SESSION_MAX_HOURS  # one working day by default
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
#: Browser features no page uses, switched off (the Permissions-Policy header).
PUTRIGHT_PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=()"
)

# Every staff page needs a second factor (TOTP or a backup code). Always on in production.
PUTRIGHT_MFA_REQUIRED = env_flag("PUTRIGHT_MFA_REQUIRED", default=True)
if PRODUCTION and not PUTRIGHT_MFA_REQUIRED:
    raise ImproperlyConfigured(
        "PUTRIGHT_MFA_REQUIRED cannot be turned off when PUTRIGHT_ENV=production."
    )
OTP_TOTP_ISSUER = os.environ.get("PUTRIGHT_TOTP_ISSUER", "putright")
#: Backup codes made at a time; each works once.
PUTRIGHT_BACKUP_CODES = 10

# Lockout (django-axes): after PUTRIGHT_LOCKOUT_FAILURES failed sign-ins for one username from one
# address, that pair waits PUTRIGHT_LOCKOUT_MINUTES. The pair, not the username alone, so that
# someone elsewhere cannot lock a member of staff out. Attempts are rows in the database.
AXES_FAILURE_LIMIT = int(os.environ.get("PUTRIGHT_LOCKOUT_FAILURES", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("PUTRIGHT_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_LOCKOUT_CALLABLE = "putright.staff.security_views.locked_out"
AXES_USERNAME_FORM_FIELD = "username"
AXES_CLIENT_IP_CALLABLE = "putright.security.client_ip"
AXES_VERBOSE = False
# Successful sign-ins are in the audit record already; axes keeps failures only.
AXES_DISABLE_ACCESS_LOG = True

# The content security policy (django-csp), on every response. No inline script or style
# anywhere; the Django admin's pages get the same policy (docs/security.md).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_flag("PUTRIGHT_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = int(os.environ.get("PUTRIGHT_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("PUTRIGHT_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_flag("PUTRIGHT_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if env_flag("PUTRIGHT_BEHIND_PROXY", default=False):
        # Only behind a proxy that sets X-Forwarded-Proto itself and strips it from clients.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
        # Lockouts then count the client's address as the proxy gives it in X-Forwarded-For.
        PUTRIGHT_PROXY_COUNT = int(os.environ.get("PUTRIGHT_PROXY_COUNT", "1"))

# The API for other systems (docs/api.md): tokens only, errors as application/problem+json.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["putright.api.auth.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["putright.api.auth.HasScope"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "putright.api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "putright.api.schema.ScopedAutoSchema",
    "EXCEPTION_HANDLER": "putright.api.errors.exception_handler",
    "DATETIME_FORMAT": "iso-8601",
    "SCHEMA_COERCE_PATH_PK": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "putright API",
    "DESCRIPTION": (
        "Complaints, their stage steps, service requests, correspondence, files and figures, "
        "for other systems of one organisation. Authenticate with `Authorization: Bearer <token>`."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
}

# Background work: tasks are rows in the database, run by `putright worker` (no broker). At scale
# the same tasks run on RQ and Redis by changing the backend here; the code does not change.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Periodic jobs `putright worker` queues: (task's dotted path, every N seconds). Each is a
# django_tasks task taking no arguments and safe to run twice at once.
PUTRIGHT_PERIODIC_TASKS = [
    ("putright.correspondence.tasks.email_dispatch_task", 60),
    ("putright.clock.tasks.sweep_task", 60),
    ("putright.inbound.tasks.mailbox_poll_task", 60),
    ("putright.public.tasks.public_purge_task", 60 * 60),
    ("putright.integrations.tasks.idempotency_keys_prune_task", 24 * 60 * 60),
]

# Mail out, for organisations that have not set up their own SMTP server or GOV.UK Notify: the
# server's mail settings. With PUTRIGHT_EMAIL_HOST set, mail goes through that SMTP server; without
# it, development writes each message to a file in var/mail/ and production hands it to the mail
# server on the same machine (localhost:25).
DEFAULT_FROM_EMAIL = os.environ.get("PUTRIGHT_EMAIL_FROM", "complaints@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = os.environ.get("PUTRIGHT_EMAIL_HOST", "localhost").strip()
EMAIL_PORT = int(
    os.environ.get("PUTRIGHT_EMAIL_PORT", "587" if "PUTRIGHT_EMAIL_HOST" in os.environ else "25")
)
EMAIL_HOST_USER = os.environ.get("PUTRIGHT_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("PUTRIGHT_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_flag("PUTRIGHT_EMAIL_STARTTLS", default="PUTRIGHT_EMAIL_HOST" in os.environ)
EMAIL_USE_SSL = env_flag("PUTRIGHT_EMAIL_TLS", default=False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured(
        "Set one of PUTRIGHT_EMAIL_STARTTLS and PUTRIGHT_EMAIL_TLS, not both "
        "(STARTTLS on port 587, or TLS from the start on port 465)."
    )
EMAIL_TIMEOUT = 60
if PRODUCTION or "PUTRIGHT_EMAIL_HOST" in os.environ:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
# The address staff reach putright at, for links in the reminders and alerts it emails.
PUTRIGHT_SITE_URL = os.environ.get("PUTRIGHT_SITE_URL", "http://127.0.0.1:8000")
# GOV.UK Notify's API; tests point it at a local server that answers as Notify does.
PUTRIGHT_NOTIFY_BASE_URL = os.environ.get(
    "PUTRIGHT_NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("PUTRIGHT_LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # WeasyPrint reports each step of every PDF at INFO; only its warnings matter here.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
