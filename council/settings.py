"""Settings for Beslutsregistret, read from the environment.

Development needs nothing set: DEBUG defaults on and the database is SQLite.
Production sets DEBUG=0, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL.
"""

import datetime
import ipaddress
import os
from pathlib import Path

import dj_database_url
import dj_email_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse_lazy

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def envbool(name: str, default: str) -> bool:
    value = (env(name, default) or "").strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {value!r}")


def envint(name: str, default: str) -> int:
    value = env(name, default) or ""
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from None


def envlist(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in (env(name, default) or "").split(",") if part.strip()]


DEBUG = envbool("DEBUG", "1")

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "simple_history",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "council",
    "meetings",
    "agreements",
    "agendas",
    "imports",
    "people",
    "register",
    "feeds",
    "tools",
    # Django's form templates, for the form renderer below.
    "django.forms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The Content-Security-Policy below, on every answer, static files and error pages too.
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "council.middleware.RefuseNulBytes",
    "council.middleware.DatabaseUnavailable",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it answers locked-out log-ins.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # People log in with their e-mail address (or a user name given by hand).
    "council.backends.EmailOrUsernameBackend",
]
# Throttle guessing: after AXES_FAILURE_LIMIT failed log-ins for one user name from
# one address, that combination waits AXES_COOLOFF_HOURS.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_HOURS", "1")
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Behind a reverse proxy: its addresses (or networks), comma-separated. The client's
# address is then read from the X-Forwarded-For the proxy writes (council/proxy.py).
TRUSTED_PROXIES = envlist("TRUSTED_PROXIES", "")
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXIES must list addresses or networks, got {_proxy!r}"
        ) from None
AXES_CLIENT_IP_CALLABLE = "council.proxy.client_address"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True

ROOT_URLCONF = "council.urls"

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
                "register.context_processors.todo",
            ],
        },
    },
]

# Forms render with the project's templates, so that templates/django/forms/ can write
# a widget faster than Django's own (the select's options).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

WSGI_APPLICATION = "council.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", "0"),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Tests that start the background worker as its own process need a test database
    # that another process can open: a file beside the project, not one in memory.
    # TEST_DATABASE_FILE lets two test runs share one checkout.
    test_file = env("TEST_DATABASE_FILE", str(BASE_DIR / ".test-db.sqlite3"))
    DATABASES["default"]["TEST"] = {"NAME": test_file}
    # The web server and the worker write to the file at once: readers do not wait for
    # a writer (WAL), and a writer takes its lock when its transaction begins, so that
    # two never deadlock half-way, and waits its turn rather than failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The site runs in Swedish whatever the browser asks for; English msgids and the
# catalog in locale/ keep the door open for an English UI.
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
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
# Files under MEDIA_ROOT are never served by their path: attachments go out through a view
# that checks who may read the meeting (meetings/attachments.py).
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
# Who sends an attachment's bytes once the view has allowed it: "django" streams the file
# itself; "nginx" answers with X-Accel-Redirect to ATTACHMENT_ACCEL_PREFIX + the stored
# name (an `internal` location aliased to MEDIA_ROOT); "sendfile" answers with X-Sendfile
# and the file's absolute path (Apache's mod_xsendfile, lighttpd).
ATTACHMENT_SERVING = env("ATTACHMENT_SERVING", "django")
if ATTACHMENT_SERVING not in {"django", "nginx", "sendfile"}:
    raise ImproperlyConfigured(
        f"ATTACHMENT_SERVING must be django, nginx or sendfile, got {ATTACHMENT_SERVING!r}"
    )
ATTACHMENT_ACCEL_PREFIX = "/" + env("ATTACHMENT_ACCEL_PREFIX", "/skyddade-filer/").strip("/") + "/"
# Attachments to minutes: the largest file a secretary may upload, in megabytes.
ATTACHMENT_MAX_BYTES = envint("ATTACHMENT_MAX_MB", "25") * 1024 * 1024
# Where manage.py backup writes its archives when given no --output.
BACKUP_DIR = Path(env("BACKUP_DIR", str(BASE_DIR / "backups")))
# Word files (minutes, extracts, notices) are filled from templates/word/; a folder here
# holding a restyled minnesanteckningar.docx or kallelse.docx is used instead.
WORD_TEMPLATE_DIR = env("WORD_TEMPLATE_DIR", "")
# Uploads above this are streamed to a temporary file instead of held in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "todo"
LOGOUT_REDIRECT_URL = "home"

# The address of the site as people reach it, for links in e-mails sent by the worker,
# which answers no request and so cannot read it from one.
SITE_URL = (env("SITE_URL", "http://127.0.0.1:8000") or "").rstrip("/")

# The accessibility statement (/tillganglighet/): where readers report what they cannot
# use, and the day the site was last assessed against WCAG 2.1 AA.
ACCESSIBILITY_CONTACT = (env("ACCESSIBILITY_CONTACT", "") or "").strip()
try:
    ACCESSIBILITY_ASSESSED = datetime.date.fromisoformat(
        env("ACCESSIBILITY_ASSESSED", "2026-12-02") or ""
    )
except ValueError as error:
    raise ImproperlyConfigured("ACCESSIBILITY_ASSESSED must be a date as YYYY-MM-DD.") from error

# E-mail: EMAIL_URL (smtp://user:password@host:587/?tls=True, see dj-email-url), or the
# separate EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS.
# With neither, development prints e-mail to the console and production uses SMTP on
# localhost:25.
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Beslutsregistret <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if env("EMAIL_URL"):
    try:
        globals().update(dj_email_url.parse(env("EMAIL_URL")))
    except (ValueError, KeyError) as error:
        raise ImproperlyConfigured(f"EMAIL_URL cannot be read: {error}") from None
elif env("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env("EMAIL_HOST")
    EMAIL_PORT = envint("EMAIL_PORT", "25")
    EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "0")
elif DEBUG:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", "20")

# The outbox: a message the mail server refuses is tried again after
# OUTBOX_RETRY_SECONDS, doubling each time, OUTBOX_MAX_ATTEMPTS times in all.
OUTBOX_RETRY_SECONDS = envint("OUTBOX_RETRY_SECONDS", "60")
OUTBOX_MAX_ATTEMPTS = envint("OUTBOX_MAX_ATTEMPTS", "8")

# Long work (e-mail, and later batch imports) runs in a background worker through
# Django's tasks API. The database is the default queue, so nothing else needs to run:
# `manage.py db_worker`. A larger installation sets TASKS_BACKEND=rq and REDIS_URL and
# runs `manage.py rqworker default --with-scheduler --job-class django_tasks_rq.Job`.
TASKS_BACKEND = env("TASKS_BACKEND", "database")
if TASKS_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
elif TASKS_BACKEND == "rq":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {"default": {"URL": env("REDIS_URL", "redis://127.0.0.1:6379/0")}}
elif TASKS_BACKEND == "immediate":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
else:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be database, rq or immediate, got {TASKS_BACKEND!r}"
    )

# Reminders (feeds/reminders.py), sent by a daily task of the worker at REMINDERS_AT
# (local time; "off" leaves the daily run to `manage.py send_reminders` from cron):
# assignments due within REMINDER_ASSIGNMENT_DAYS or overdue, agreement deadlines within
# REMINDER_AGREEMENT_MONTHS, adoptions pending REMINDER_ADOPTION_WEEKS after the
# recommendation was published, minutes in justering for more than REMINDER_JUSTERING_DAYS.
REMINDERS_AT = (env("REMINDERS_AT", "06:00") or "").strip().lower()
if REMINDERS_AT != "off":
    try:
        _hour, _minute = (int(part) for part in REMINDERS_AT.split(":"))
        if not (0 <= _hour < 24 and 0 <= _minute < 60):
            raise ValueError
    except ValueError:
        raise ImproperlyConfigured(
            f"REMINDERS_AT must be a time HH:MM or off, got {REMINDERS_AT!r}"
        ) from None
REMINDER_ASSIGNMENT_DAYS = envint("REMINDER_ASSIGNMENT_DAYS", "14")
REMINDER_AGREEMENT_MONTHS = envint("REMINDER_AGREEMENT_MONTHS", "6")
REMINDER_ADOPTION_WEEKS = envint("REMINDER_ADOPTION_WEEKS", "6")
REMINDER_JUSTERING_DAYS = envint("REMINDER_JUSTERING_DAYS", "7")

# A document of a batch import that the worker took up this many seconds ago and never
# finished is taken up again (the worker stopped while reading it).
IMPORT_STALE_SECONDS = envint("IMPORT_STALE_SECONDS", "120")

if not DEBUG:
    # Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "1")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "31536000")
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "1")
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy (django-csp): pages load scripts, styles, fonts and images from
# this site only, with no inline script, style element or style attribute (JavaScript
# sets styles through the DOM, which the policy allows), and cannot be framed. What a
# browser refuses is reported to council.csp.csp_report, which logs it.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Pico's form icons are data: SVGs in its stylesheet.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
        "report-uri": [reverse_lazy("csp_report")],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}
