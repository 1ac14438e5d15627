"""One settings module, driven by the environment.

- ``DATABASE_URL``: the database (default: SQLite at ``var/gongkai.sqlite3`` under
  ``GONGKAI_HOME``, by default the working directory). ``postgres://…`` for PostgreSQL.
- ``GONGKAI_SECRET_KEY``: the secret key; without it one is made once in ``var/secret.key``.
- ``GONGKAI_DEBUG``: "1" for development.
- ``GONGKAI_ALLOWED_HOSTS``: comma-separated host names.
- ``GONGKAI_HTTPS``: "1" when the site is served over HTTPS (behind a TLS proxy): secure
  cookies, HSTS and redirects to HTTPS. Off by default so that ``gongkai serve`` works on
  http://127.0.0.1 for a local office or the demo.
- Files: ``var/`` and every directory gongkai makes in it are 0700, every file 0600 —
  the database (``gongkai.web.sqlite3``), the secret key, applicants' identity documents
  and issued letters: only gongkai's own user may read them.
- ``GONGKAI_TRUSTED_PROXIES``: comma-separated addresses or networks (``127.0.0.1``,
  ``10.0.0.0/8``) of the proxies in front; only a request from one of them has its
  ``X-Forwarded-For`` believed (see ``gongkai.web.throttle.services.client_address``).
  Default: none.
- Mail (the reminders of ``gongkai remind``, sent through Django's SMTP back end):
  ``GONGKAI_EMAIL_HOST`` (default ``localhost``), ``GONGKAI_EMAIL_PORT`` (25),
  ``GONGKAI_EMAIL_HOST_USER`` and ``GONGKAI_EMAIL_HOST_PASSWORD`` (none: no login),
  ``GONGKAI_EMAIL_USE_TLS`` ("1": STARTTLS), ``GONGKAI_DEFAULT_FROM_EMAIL`` (the sender).
- ``GONGKAI_SITE_URL``: the address of the staff site (``https://gongkai.example.gov.cn/``),
  named in the reminders; none by default.
- ``GONGKAI_STORAGE``: ``local`` (default: files under ``var/``) or ``s3``: every file in an
  S3-compatible bucket (``GONGKAI_S3_ENDPOINT_URL``, ``GONGKAI_S3_BUCKET``,
  ``GONGKAI_S3_ACCESS_KEY``, ``GONGKAI_S3_SECRET_KEY``, ``GONGKAI_S3_REGION``); with
  ``GONGKAI_S3_SIGNED_URLS=1`` private files are handed out as URLs signed for
  ``GONGKAI_S3_URL_SECONDS`` (60). See gongkai.web.storage and docs/deploy.md.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
HOME = Path(os.environ.get("GONGKAI_HOME", Path.cwd())).resolve()
VAR = HOME / "var"

#: Modes of what gongkai writes: its own user's alone. The storages apply them (uploads,
#: letters, static files), var/ and the secret key below are made with them, and the
#: SQLite database file by gongkai.web.sqlite3.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700


def _private_dir(path: Path) -> None:
    """Make the directory with mode 0700, or take others' access away if it already
    exists (an installation from before it was made so)."""
    path.mkdir(mode=FILE_UPLOAD_DIRECTORY_PERMISSIONS, parents=True, exist_ok=True)
    st = path.stat()
    if st.st_mode & 0o077 and st.st_uid == os.geteuid():
        path.chmod(FILE_UPLOAD_DIRECTORY_PERMISSIONS)


_private_dir(VAR)

DEBUG = os.environ.get("GONGKAI_DEBUG", "0") == "1"


def _secret_key() -> str:
    """GONGKAI_SECRET_KEY, else a key made once and kept in var/secret.key (mode 600)."""
    key = os.environ.get("GONGKAI_SECRET_KEY", "")
    if key:
        return key
    path = VAR / "secret.key"
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_urlsafe(50)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_UPLOAD_PERMISSIONS)
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = [
    h for h in os.environ.get("GONGKAI_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",") if h
]


def _trusted_proxies() -> list[str]:
    """GONGKAI_TRUSTED_PROXIES as networks (an address is a network of one); an entry that is
    neither stops the start with its name, rather than trusting something else than meant."""
    networks = []
    for entry in os.environ.get("GONGKAI_TRUSTED_PROXIES", "").split(","):
        if not entry.strip():
            continue
        try:
            networks.append(str(ipaddress.ip_network(entry.strip())))
        except ValueError as err:
            raise ImproperlyConfigured(f"GONGKAI_TRUSTED_PROXIES: {err}") from None
    return networks


#: The proxies whose X-Forwarded-For is believed (networks, as strings).
TRUSTED_PROXIES = _trusted_proxies()

INSTALLED_APPS = [
    "gongkai.web.throttle.apps.AdminConfig",  # django.contrib.admin, its login limited
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "gongkai.web.units",
    "gongkai.web.workdays",
    "gongkai.web.applications",
    "gongkai.web.proactive",
    "gongkai.web.reports",
    "gongkai.web.audit",
    "gongkai.web.reminders",
    "gongkai.web.portal",
    "gongkai.web.throttle",
    "gongkai.web.jobs",
    "gongkai.web.api",
    "gongkai.web.evaluations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "gongkai.web.portal.cache.PublicPageCacheMiddleware",  # before sessions: hits skip them
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "gongkai.web.middleware.ContentSecurityPolicyMiddleware",
    "gongkai.web.api.middleware.ApiCallLogMiddleware",  # around the refusal: logged too
    "gongkai.web.middleware.RefuseNulMiddleware",  # innermost: its 400 page gets the CSP too
]

ROOT_URLCONF = "gongkai.web.urls"
WSGI_APPLICATION = "gongkai.web.wsgi.application"

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
                "gongkai.web.workdays.context_processors.calendar_banner",
                "gongkai.web.dashboard.context_processors.dashboard_link",
                "gongkai.web.applications.letter_views.letters_nav",
                "gongkai.web.audit.context_processors.menu",
            ],
            "libraries": {"gongkai": "gongkai.web.templatetags"},
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR / 'gongkai.sqlite3'}",
        conn_max_age=int(os.environ.get("GONGKAI_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's SQLite backend, making the database file with mode 0600 (it would be 0644).
    DATABASES["default"]["ENGINE"] = "gongkai.web.sqlite3"
    # BEGIN IMMEDIATE: a transaction that will write takes the write lock when it starts, so
    # that two people saving at once queue for it (the busy timeout) and the second one meets
    # the version check, instead of failing with "database is locked" when its read snapshot
    # turns stale (SQLITE_BUSY_SNAPSHOT, which no timeout helps).
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }
    # Tests use a file (one per test run), not memory, so that the live server's threads (browser tests)
    # each open their own connection instead of sharing one across threads.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR / f"test-gongkai-{os.getpid()}.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR / "static"
STATICFILES_DIRS = [BASE_DIR / "static", ("vendor", BASE_DIR.parent / "assets")]
_private_dir(STATIC_ROOT)  # whitenoise expects it; collectstatic fills it
MEDIA_URL = "media/"
MEDIA_ROOT = VAR / "media"
STORAGES: dict[str, dict[str, object]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": {"BACKEND": "gongkai.web.storage.LocalPrivateStorage"},
}
# Shared file storage (gongkai.web.storage, docs/deploy.md): GONGKAI_STORAGE=s3 keeps every
# file in an S3-compatible bucket, private (no public ACL), for several app servers.
GONGKAI_STORAGE = os.environ.get("GONGKAI_STORAGE", "local")
if GONGKAI_STORAGE not in ("local", "s3"):
    raise ImproperlyConfigured(f"GONGKAI_STORAGE: {GONGKAI_STORAGE!r} is neither local nor s3")
GONGKAI_S3_SIGNED_URLS = os.environ.get("GONGKAI_S3_SIGNED_URLS", "0") == "1"
GONGKAI_S3_URL_SECONDS = int(os.environ.get("GONGKAI_S3_URL_SECONDS", "60"))


def s3_options(location: str) -> dict[str, object]:
    """django-storages' S3 back end from GONGKAI_S3_*: objects private, never overwritten."""
    missing = [
        k
        for k in ("GONGKAI_S3_BUCKET", "GONGKAI_S3_ACCESS_KEY", "GONGKAI_S3_SECRET_KEY")
        if not os.environ.get(k)
    ]
    if missing:
        raise ImproperlyConfigured(f"GONGKAI_STORAGE=s3 needs {', '.join(missing)}")
    return {
        "bucket_name": os.environ["GONGKAI_S3_BUCKET"],
        "endpoint_url": os.environ.get("GONGKAI_S3_ENDPOINT_URL") or None,
        "access_key": os.environ["GONGKAI_S3_ACCESS_KEY"],
        "secret_key": os.environ["GONGKAI_S3_SECRET_KEY"],
        "region_name": os.environ.get("GONGKAI_S3_REGION") or None,
        "location": location,
        "default_acl": None,  # the bucket's own (private); never public-read
        "querystring_auth": True,
        "querystring_expire": GONGKAI_S3_URL_SECONDS,
        "file_overwrite": False,
        "addressing_style": "path",
        "signature_version": "s3v4",
    }


if GONGKAI_STORAGE == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": s3_options("files"),
    }
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": s3_options("private"),
    }
WHITENOISE_USE_FINDERS = True

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "queue"
LOGOUT_REDIRECT_URL = "login"

SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if os.environ.get("GONGKAI_HTTPS") == "1":
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

#: Content-Security-Policy of every response (gongkai.web.middleware): nothing from other
#: origins. Inline scripts start the charts, hence 'unsafe-inline' for scripts.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; frame-ancestors 'none'; "
    "base-uri 'self'; form-action 'self'"
)

# Mail: the reminders (gongkai.web.reminders) go out through this SMTP server.
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("GONGKAI_EMAIL_HOST", "localhost")


def _email_port() -> int:
    value = os.environ.get("GONGKAI_EMAIL_PORT") or "25"
    if not value.isdigit() or not 0 < int(value) < 65536:
        raise ImproperlyConfigured(f"GONGKAI_EMAIL_PORT: {value!r} is not a port number")
    return int(value)


EMAIL_PORT = _email_port()
EMAIL_HOST_USER = os.environ.get("GONGKAI_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("GONGKAI_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("GONGKAI_EMAIL_USE_TLS") == "1"
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = os.environ.get("GONGKAI_DEFAULT_FROM_EMAIL", "gongkai@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SITE_URL = os.environ.get("GONGKAI_SITE_URL", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# The work-queue index includes the id column (PostgreSQL: INCLUDE, for index-only scans);
# SQLite has no such columns but every SQLite index already carries the rowid, which is
# the id, so nothing is lost there.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# Background jobs (gongkai.web.jobs, docs/jobs.md): on Celery with Redis when a broker is
# set (CELERY_BROKER_URL, else GONGKAI_REDIS_URL, e.g. redis://127.0.0.1:6379/0); without
# one, each job runs in a thread of the web process that took it.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or os.environ.get("GONGKAI_REDIS_URL", "")
#: A job's message is handed out again when its worker has not acknowledged it for this
#: long (the worker died); a job still running then is left to its worker (heartbeat).
#: Workers look for such messages every GONGKAI_JOBS_RESTORE_SECONDS.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("GONGKAI_JOBS_VISIBILITY_TIMEOUT", "3600")),
    "unacked_restore_interval": int(os.environ.get("GONGKAI_JOBS_RESTORE_SECONDS", "60")),
    "unacked_restore_throttle": 1,
}
#: How often (seconds) a running job records its progress (the progress bar's steps).
GONGKAI_JOBS_PROGRESS_SECONDS = float(os.environ.get("GONGKAI_JOBS_PROGRESS_SECONDS", "0.5"))
#: A running job whose heartbeat is older than this (seconds) was interrupted.
GONGKAI_JOBS_STALE_SECONDS = int(os.environ.get("GONGKAI_JOBS_STALE_SECONDS", "120"))
# The evaluation workspace's collector (docs/evaluate.md): seconds between requests to
# one host, and per request.
GONGKAI_COLLECT_DELAY = float(os.environ.get("GONGKAI_COLLECT_DELAY", "1.0"))
GONGKAI_COLLECT_TIMEOUT = float(os.environ.get("GONGKAI_COLLECT_TIMEOUT", "30"))
#: A bulk audit may upload its reports as separate files, up to the readers' cap on the
#: members of one archive (Django's default allows 100 files in a request).
DATA_UPLOAD_MAX_NUMBER_FILES = 1000
# The cache (gongkai.web.portal.cache: the public pages): Redis when GONGKAI_REDIS_URL is
# set (redis://127.0.0.1:6379/0), shared by every app server; else each process's memory.
# GONGKAI_PAGE_CACHE_SECONDS: how long a cached public page is kept at most (publications
# drop it at once; the lifetime catches writes made around the services).
CACHES: dict[str, dict[str, object]]
if os.environ.get("GONGKAI_REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["GONGKAI_REDIS_URL"],
            "KEY_PREFIX": "gongkai",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    }
PORTAL_CACHE_SECONDS = int(os.environ.get("GONGKAI_PAGE_CACHE_SECONDS", "600"))

# A read replica of PostgreSQL (DATABASE_REPLICA_URL): the public pages read from it
# (gongkai.web.db_router); writes, migrations and every other read use DATABASE_URL.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=int(os.environ.get("GONGKAI_CONN_MAX_AGE", "60")),
    )
    DATABASE_ROUTERS = ["gongkai.web.db_router.ReplicaRouter"]
