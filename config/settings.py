"""Claimtrail settings: one module, read from the environment.

Development (``manage.py``) defaults to DEBUG on and an SQLite file under ``var/``;
production (``wsgi.py``, ``asgi.py``, the Docker image) defaults to DEBUG off and refuses to
start without a real ``SECRET_KEY``.
"""

import ipaddress
import os
import re
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("CLAIMTRAIL_VAR_DIR", BASE_DIR / "var"))
SAMPLE_DATA_DIR = BASE_DIR / "sample_data"


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean (use 1/0, true/false)")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_cidrs(name: str) -> list[str]:
    cidrs = env_list(name)
    for cidr in cidrs:
        try:
            ipaddress.ip_network(cidr)
        except ValueError:
            raise ImproperlyConfigured(
                f"{name}: {cidr!r} is not a network in CIDR form (such as 10.0.0.0/8)"
            ) from None
    return cidrs


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number") from None


def env_float(name: str, default: float) -> float:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return float(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a number") from None


DEBUG = env_bool("DEBUG", default=False)

# A development key only ever runs with DEBUG on; production must bring its own.
_DEVELOPMENT_SECRET_KEY = "django-insecure-claimtrail-development-key-do-not-deploy"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Production needs a long random secret key in the "
            "environment (python -c 'import secrets; print(secrets.token_urlsafe(50))'); "
            "for local development set DEBUG=1."
        )
    SECRET_KEY = _DEVELOPMENT_SECRET_KEY
elif not DEBUG and (SECRET_KEY.startswith("django-insecure") or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "SECRET_KEY is too weak for production: it must be at least 50 characters and not "
        "a 'django-insecure' development key."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "axes",
    "simple_history",
    "sources",
    "claims",
    "jobs",
    "monitoring",
    "pipeline",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.limits.RequestSizeMiddleware",  # before anything reads the body
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a login unless its view is marked @login_not_required (the login and
    # logout pages). DRF views are exempt: the API answers 401 itself.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",  # history records the request's user
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
                "django.template.context_processors.csp",
            ],
        },
    },
]

# Unset DATABASE_URL: an SQLite file under var/, created on first use.
# Set (postgres://user@host:5432/name): PostgreSQL, the production database.
_DEFAULT_SQLITE_PATH = VAR_DIR / "claimtrail.sqlite3"
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{_DEFAULT_SQLITE_PATH}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}


def postgres_options(database: dict) -> None:
    """What every PostgreSQL connection of the app is opened with (unless its URL says)."""
    options = database.setdefault("OPTIONS", {})
    # A database host that does not answer (down, packets dropped) fails the request after
    # this many seconds, with the 503 page, instead of holding the worker until it is killed.
    options.setdefault("connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 5))
    # The planner's price of reading a page out of order, relative to in order (the server's
    # default is 4, priced for spinning disks). On SSDs, or with the working set in memory,
    # 4 makes it hash-join a whole table rather than look up a few thousand rows by index:
    # a speaker's claims took 100 ms instead of 25 at a million statements (docs/benchmarks.md).
    server_settings = []
    if os.environ.get("DATABASE_RANDOM_PAGE_COST") != "":  # empty: the server's own setting
        server_settings.append(f"random_page_cost={env_float('DATABASE_RANDOM_PAGE_COST', 1.1)}")
    # The planner's price of starting parallel workers for a query (the server's default is
    # 1000). PostgreSQL starts them per query, a few milliseconds each on a small machine
    # whose cores already serve the other requests: at 1000 it split 9 ms queries (a
    # speaker's claims) in two and made them 15-20 ms. Scans of a second still go parallel.
    if os.environ.get("DATABASE_PARALLEL_SETUP_COST") != "":  # empty: the server's own
        cost = env_float("DATABASE_PARALLEL_SETUP_COST", 10000)
        server_settings.append(f"parallel_setup_cost={cost:g}")
    # A scan of a big table starts at its first page, not where another scan has got to: the
    # search page ranks the first matches a table yields (claims/search.py), and the same
    # query must find the same ones each time.
    server_settings.append("synchronize_seqscans=off")
    options.setdefault("options", " ".join(f"-c {setting}" for setting in server_settings))


if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    postgres_options(DATABASES["default"])
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while a bulk ingest writes; IMMEDIATE avoids
        # "database is locked" on write-after-read transactions.
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

# A PostgreSQL read replica (streaming replication of the primary), off by default: reads in
# web requests go there, writes and reads that must see them to the primary (config/replica.py).
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
DATABASE_REPLICA_PIN_SECONDS = env_int("DATABASE_REPLICA_PIN_SECONDS", 15)
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL,
        conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
        conn_health_checks=True,
    )
    postgres_options(DATABASES["replica"])
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}  # tests have one database
    DATABASE_ROUTERS = ["config.replica.ReplicaRouter"]
    # Before the session: every database read of the request happens inside its state.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"),
        "config.replica.ReplicaPinMiddleware",
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses logins while locked out
    "config.auth.ModelBackend",  # Django's, with a user's permissions in one query
]
# Login throttling: five wrong passwords for one username from one address lock that pair
# out for 15 minutes; a right password resets the count. Locking the pair, not the account,
# keeps an attacker from locking a colleague out from elsewhere.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("AXES_PROXY_COUNT", "0"))
# No "AXES: BEGIN version …" line at every start of every management command; failed logins
# and lockouts are still logged (warnings), each naming the username, address and path.
AXES_VERBOSE = False
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Development serves static files straight from the finders; production from collectstatic.
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_USE_FINDERS = DEBUG
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

# Security: the same headers in development and production, so a page that breaks under
# the policy breaks on the developer's machine first. No inline scripts or styles.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads no cookie; the token comes from hx-headers.

# Behind a TLS-terminating proxy, the proxy tells the app a request came over HTTPS in a
# header (X-Forwarded-Proto: https). Any client can send that header too, so it is trusted
# only when the deployment names it, and the proxy must then overwrite what clients send.
_PROXY_SSL_HEADER = os.environ.get("SECURE_PROXY_SSL_HEADER", "").strip()
if _PROXY_SSL_HEADER:
    if not re.fullmatch(r"[A-Za-z0-9-]+", _PROXY_SSL_HEADER):
        raise ImproperlyConfigured(
            f"SECURE_PROXY_SSL_HEADER={_PROXY_SSL_HEADER!r} is not a header name "
            "(use the header your proxy sets, such as X-Forwarded-Proto)"
        )
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _PROXY_SSL_HEADER.upper().replace("-", "_"), "https")

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: an anonymous request gets 401 with WWW-Authenticate: Token.
        "config.auth.TokenAuthentication",  # DRF's, with the user's permissions in one query
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "config.api.RolePermissions",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "config.api.JSONRenderer",  # DRF's JSON, written by orjson
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_FILTER_BACKENDS": [
        "config.api.FilterBackend",  # django-filter's, skipped when no filter is asked for
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "config.api.JSONParser",  # refuses JSON nested too deep with 400, not a 500
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "config.api.CursorPagination",
    "DEFAULT_SCHEMA_CLASS": "config.api_schema.AutoSchema",
    "EXCEPTION_HANDLER": "config.api.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_THROTTLE_ANON", "60/minute"),
        "user": os.environ.get("API_THROTTLE_USER", "2000/minute"),
        # Ingesting by URL makes the server fetch from elsewhere: a stricter rate of its own.
        "ingest_url": os.environ.get("API_THROTTLE_INGEST_URL", "100/hour"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Claimtrail API",
    "DESCRIPTION": (
        "Claims, the statements that carry them, who said them and where. Authenticate with "
        "a session (the browser) or `Authorization: Token <key>` (programs). Lists use cursor "
        "pagination: follow `next` until it is null."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ReviewStateEnum": "claims.models.ReviewState",
        "SourceKindEnum": "sources.models.Source.Kind",
        "SectionKindEnum": "sources.models.Section.Kind",
        "SpeakerKindEnum": "claims.models.Speaker.Kind",
        "StatementKindEnum": "claims.models.Statement.Kind",
        "StanceEnum": "claims.models.ClaimLink.Stance",
    },
}

# Background jobs (jobs/, docs/jobs.md). Unset CELERY_BROKER_URL: jobs run in-process, at
# once. Set (redis://host:6379/0): Celery workers (`celery -A config worker`) run them.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ACKS_LATE = True  # acknowledged when done: a killed worker's job is redone
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_ACKS_ON_FAILURE_OR_TIMEOUT = False
CELERY_WORKER_PREFETCH_MULTIPLIER = 1  # one job at a time per process, none hoarded
CELERY_TASK_IGNORE_RESULT = True  # the Job row is the result
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # A message not acknowledged this long is handed to another worker; must exceed
    # JOBS_HEARTBEAT_TIMEOUT, so a live worker's job is not taken from it.
    "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "300")),
    "unacked_restore_interval": int(os.environ.get("CELERY_RESTORE_INTERVAL", "10")),
    "unacked_restore_throttle": 1,
}
# A job's time limits, in seconds. At the soft one the job fails with a message naming it
# (jobs.runner); the hard one kills the worker process if the job did not stop by then.
# Each document inside a job has its own, much shorter, INGEST_TIME_LIMIT.
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 3600)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", CELERY_TASK_SOFT_TIME_LIMIT + 60)
JOBS_HEARTBEAT_TIMEOUT = float(os.environ.get("JOBS_HEARTBEAT_TIMEOUT", "60"))
JOBS_RETRY_BACKOFF = float(os.environ.get("JOBS_RETRY_BACKOFF", "10"))
JOBS_MAX_ATTEMPTS = int(os.environ.get("JOBS_MAX_ATTEMPTS", "4"))
JOBS_EXPORT_DIR = Path(os.environ.get("JOBS_EXPORT_DIR", VAR_DIR / "exports"))

# Fetching URLs (ingest, feeds, webhooks) refuses every address that is not public. An
# operator may allow internal networks here (an intranet wire, a test server): comma-separated
# CIDRs, empty by default. Nothing else relaxes the guard (sources/fetch.py).
INGEST_FETCH_ALLOWED_NETWORKS = env_cidrs("CLAIMTRAIL_FETCH_ALLOW")

# Monitoring (monitoring/, docs/monitoring.md): Celery beat enqueues one poll job per feed
# that is due, and sends notifications, every MONITORING_TICK_SECONDS.
MONITORING_TICK_SECONDS = env_int("MONITORING_TICK_SECONDS", 60)
MONITORING_DIGEST_MINUTES = env_int("MONITORING_DIGEST_MINUTES", 60)
MONITORING_HOST_INTERVAL = float(os.environ.get("MONITORING_HOST_INTERVAL", "1"))
CELERY_BEAT_SCHEDULE = {
    "monitoring-tick": {"task": "monitoring.tick", "schedule": float(MONITORING_TICK_SECONDS)},
    "monitoring-digest": {
        "task": "monitoring.digest",
        "schedule": 60.0 * MONITORING_DIGEST_MINUTES,
    },
}
# The watches' e-mail digest goes through Django's mail settings.
MAILERS = {
    "default": {
        "BACKEND": os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"),
        "OPTIONS": {
            "host": os.environ.get("EMAIL_HOST", "localhost"),
            "port": env_int("EMAIL_PORT", 25),
        },
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "claimtrail@localhost")

# Limits (docs/api.md "Limits", docs/ingestion.md "Limits and settings"): every one refused
# with a message that names it. Sizes in bytes.
MIB = 1024 * 1024
INGEST_MAX_BYTES = env_int("INGEST_MAX_BYTES", 5 * MIB)  # one document, however it comes
# Seconds one document may spend being parsed and extracted (sources/ingestion/budget.py).
INGEST_TIME_LIMIT = float(os.environ.get("INGEST_TIME_LIMIT", "20"))
# What no article has and makes parsing or extraction slow, refused by name before that stage
# (docs/security.md "Hostile documents cost bounded time"): HTML nesting and text, lines (sources/
# ingestion/documents.py), the body's length, speech cues and double quotation marks in one document
# (claims/extraction/limits.py). Runs of non-space characters longer than
# INGEST_MAX_WORD_LENGTH are left out of extraction (kept in the stored text).
INGEST_MAX_HTML_DEPTH = env_int("INGEST_MAX_HTML_DEPTH", 100)
INGEST_MAX_LINES = env_int("INGEST_MAX_LINES", 50_000)
INGEST_MAX_HTML_TEXT_CHARACTERS = env_int("INGEST_MAX_HTML_TEXT_CHARACTERS", 1_000_000)
INGEST_MAX_SPEECH_CUES = env_int("INGEST_MAX_SPEECH_CUES", 5_000)
INGEST_MAX_QUOTATION_MARKS = env_int("INGEST_MAX_QUOTATION_MARKS", 2_000)
INGEST_MAX_WORD_LENGTH = env_int("INGEST_MAX_WORD_LENGTH", 2_000)
INGEST_MAX_BODY_CHARACTERS = env_int("INGEST_MAX_BODY_CHARACTERS", 500_000)
# A request without files (API JSON, forms, pasted text): one document and its metadata.
# Django applies it to form data; config.limits.RequestSizeMiddleware to every other body.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", INGEST_MAX_BYTES + MIB)
# A request with files, refused before it is read; above INGEST_MAX_BYTES so that a file a
# little too big reaches the upload form, which names it.
REQUEST_MAX_BYTES = env_int("REQUEST_MAX_BYTES", 4 * INGEST_MAX_BYTES)
# Not a limit: uploads above this size are spooled to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = env_int("FILE_UPLOAD_MAX_MEMORY_SIZE", 2621440)
DATA_UPLOAD_MAX_NUMBER_FIELDS = env_int("DATA_UPLOAD_MAX_NUMBER_FIELDS", 1000)
DATA_UPLOAD_MAX_NUMBER_FILES = env_int("DATA_UPLOAD_MAX_NUMBER_FILES", 10)
SEARCH_MAX_LENGTH = env_int("SEARCH_MAX_LENGTH", 500)  # characters in a search or `q` filter
SEARCH_MAX_TERMS = env_int("SEARCH_MAX_TERMS", 32)  # words in a full-text search
SEARCH_COUNT_CAP = env_int("SEARCH_COUNT_CAP", 1000)  # the search page counts this far
# Matches of each kind the search page ranks (the first the index yields), at most; and the
# statements the claim matcher ranks for one search by meaning (claims.search).
SEARCH_RANK_CANDIDATES = env_int("SEARCH_RANK_CANDIDATES", 100)
# Claim-link suggestions (docs/claims.md, "What is stored"): the matcher's link is stored when
# it scores at least SUGGESTION_MIN_SCORE (measured on the sample gold: recall >= 0.95) and
# at least SUGGESTION_MIN_SHARE of the statement's best claim (a runner-up is not stored).
SUGGESTION_MIN_SCORE = env_float("SUGGESTION_MIN_SCORE", 0.035)
SUGGESTION_MIN_SHARE = env_float("SUGGESTION_MIN_SHARE", 0.85)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # pymorphy3 (Russian lemmas) announces its dictionary at INFO on first use: noise on
        # every command that reads Russian; its warnings still show.
        "pymorphy3": {"level": "WARNING"},
    },
}

# Who publishes the instance's fact checks: the ``author`` of its ClaimReview exports
# (docs/claims.md#assessments). The URL defaults to the instance's own address.
CLAIMREVIEW_AUTHOR_NAME = os.environ.get("CLAIMREVIEW_AUTHOR_NAME", "Claimtrail")
CLAIMREVIEW_AUTHOR_URL = os.environ.get("CLAIMREVIEW_AUTHOR_URL", "")
