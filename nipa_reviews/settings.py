"""Settings for nipa_reviews, read from the environment.

One module for every environment: development (`make run`), tests (`settings_test`
overrides a handful of values) and production. Every variable is listed in the README.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

# `make run` writes .env (debug on, a fresh secret key) so that manage.py and the worker in
# any shell get the same settings; variables in the real environment win over it.
# DJANGO_ENV_FILE names another file, or none when empty (settings_test sets that).
ENV_FILE = env.str("DJANGO_ENV_FILE", default=str(BASE_DIR / ".env"))
if ENV_FILE and Path(ENV_FILE).is_file():
    environ.Env.read_env(ENV_FILE)

DEBUG = env.bool("DJANGO_DEBUG", default=False)

# Only a development server may run on this placeholder; production refuses it below.
_DEV_SECRET_KEY = "django-insecure-development-only-never-use-this-key-in-production"
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default=_DEV_SECRET_KEY)


def _is_real_secret(key: str) -> bool:
    # The same test as Django's own security.W009 check.
    return len(key) >= 50 and len(set(key)) >= 5 and not key.startswith("django-insecure")


if not DEBUG and not _is_real_secret(SECRET_KEY):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set to a random string of at least 50 characters "
        "when DJANGO_DEBUG is off."
    )

# What users see the site called, and where it lives: page titles, the header, the admin,
# the API and every email say SITE_NAME ("nipa_reviews" is the code name and stays in code).
# Emails link to SITE_URL (https://example.com, no trailing slash); empty, they link to the
# address the request came to, which is right in development.
# The default name is the one the English UI translates ("JobReport"); a name set here is a
# brand and reads the same in every language (nipa_reviews.context_processors.site_name).
DEFAULT_SITE_NAME = "잡리포트"
SITE_NAME = env.str("SITE_NAME", default=DEFAULT_SITE_NAME)
SITE_URL = env.str("SITE_URL", default="").rstrip("/")
# Where the 개인정보처리방침 tells people to write about their data.
SITE_CONTACT_EMAIL = env.str("SITE_CONTACT_EMAIL", default="privacy@localhost")

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "nipa_reviews",
    "nipa_reviews.accounts",
    "nipa_reviews.moderation",
    "nipa_reviews.search",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # /sitemap.xml's templates (nipa_reviews/site/sitemaps.py).
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.google",
    "allauth.socialaccount.providers.kakao",
    "allauth.socialaccount.providers.naver",
    "crispy_forms",
    "crispy_bootstrap5",
    "ninja",
    "csp",
    "companies",
    "reviews",
    "interviews",
    "nipa_reviews.site",
    # After the apps: their ready() registers the kinds of submission, whose moderation
    # queues the admin's autodiscovery then builds (nipa_reviews.moderation.admin).
    "django.contrib.admin",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "nipa_reviews.middleware.SecurityHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    # Before anything reads the path, the query string or the session cookie.
    "nipa_reviews.middleware.RejectNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's LocaleMiddleware (the django_language cookie that set_language writes, then
    # Accept-Language, then Korean) plus `?lang=en` / `?lang=ko` for one request.
    "nipa_reviews.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "nipa_reviews.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "nipa_reviews.urls"
WSGI_APPLICATION = "nipa_reviews.wsgi.application"

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
                "nipa_reviews.context_processors.site",
            ],
        },
    },
]

# The embedded default is a SQLite file beside manage.py, so `make run` needs nothing
# installed; CI and production pass a postgres:// URL (psycopg 3).
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
# A connection the database dropped is replaced on the next request instead of failing it.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# Rate limits count in the cache, so production needs a shared one: Redis.
REDIS_URL = env.str("REDIS_URL", default="")
# A Redis that does not answer within REDIS_TIMEOUT seconds counts as down: the cache then
# serves without it and leaves it alone for REDIS_BACKOFF_SECONDS (nipa_reviews/cache.py).
REDIS_TIMEOUT = env.float("REDIS_TIMEOUT", default=0.25)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "nipa_reviews.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("DJANGO_CACHE_PREFIX", default="nipa"),
            "OPTIONS": {
                "socket_connect_timeout": REDIS_TIMEOUT,
                "socket_timeout": REDIS_TIMEOUT,
                "backoff_seconds": env.float("REDIS_BACKOFF_SECONDS", default=5.0),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# Korean is the source language and the default; English lives in locale/en (compiled by
# `make run` / `make test`). URLs are the same in both: no language prefix.
LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", "한국어"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The dates templates show by name (SHORT_DATE_FORMAT, YEAR_MONTH_FORMAT) in each language,
# in Korean time: 2024.08.21 in Korean, Aug 21, 2024 in English.
FORMAT_MODULE_PATH = ["nipa_reviews.formats"]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# --- Accounts (django-allauth 65.x) -------------------------------------------------
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
# allauth's rate limits stay on (they count in the cache). The login limits are stated
# here because the admin login goes through the same view (`secure_admin_login`); the
# other actions keep allauth's defaults.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/300s/key",
}
# allauth's limits take the client address from TRUSTED_PROXY_COUNT, as ours do, and its
# emails greet by SITE_NAME and link to SITE_URL.
ACCOUNT_ADAPTER = "nipa_reviews.accounts.adapter.AccountAdapter"
# Sign-up asks for consent to the terms and the collection of personal data, and for age 14
# or over (PIPA), and records them; social sign-ups see the same form instead of an account
# made without asking.
ACCOUNT_SIGNUP_FORM_CLASS = "nipa_reviews.accounts.forms.ConsentForm"
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_VERIFICATION = "mandatory"


def _social_app(prefix: str) -> dict:
    client_id = env.str(f"{prefix}_CLIENT_ID", default="")
    if not client_id:
        return {}
    return {"APP": {"client_id": client_id, "secret": env.str(f"{prefix}_SECRET", default="")}}


# A provider's button appears only when its keys are configured.
SOCIALACCOUNT_PROVIDERS = {
    "google": {"SCOPE": ["email"], **_social_app("GOOGLE")},
    "kakao": _social_app("KAKAO"),
    "naver": _social_app("NAVER"),
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Email: queued, then delivered by the backend the environment names ----------------
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="noreply@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Every message goes to the worker (nipa_reviews/mail.py), so no request waits on the mail
# server; EMAIL_DELIVERY_BACKEND is the backend that really sends.
EMAIL_BACKEND = "nipa_reviews.mail.QueuedEmailBackend"
# EMAIL_URL says it all in one variable (django-environ: smtp+tls://user:pass@host:587,
# smtp+ssl://…:465, consolemail://, filemail:////abs/path, memorymail://); a DJANGO_EMAIL_*
# variable, when set, overrides its part. Not kept as a setting: it may hold a password.
_email_url = env.str("EMAIL_URL", default="")
_email = env.email_url_config(_email_url) if _email_url else {}
EMAIL_DELIVERY_BACKEND = env.str(
    "DJANGO_EMAIL_BACKEND",
    default=_email.get("EMAIL_BACKEND")
    or (
        "django.core.mail.backends.console.EmailBackend"
        if DEBUG
        else "django.core.mail.backends.smtp.EmailBackend"
    ),
)
if EMAIL_DELIVERY_BACKEND == EMAIL_BACKEND:
    raise ImproperlyConfigured(
        "DJANGO_EMAIL_BACKEND names the backend that delivers queued email, e.g. "
        "django.core.mail.backends.smtp.EmailBackend, not the queue itself."
    )
EMAIL_HOST = env.str("DJANGO_EMAIL_HOST", default=_email.get("EMAIL_HOST") or "localhost")
EMAIL_PORT = env.int("DJANGO_EMAIL_PORT", default=_email.get("EMAIL_PORT") or 587)
EMAIL_HOST_USER = env.str("DJANGO_EMAIL_HOST_USER", default=_email.get("EMAIL_HOST_USER") or "")
EMAIL_HOST_PASSWORD = env.str(
    "DJANGO_EMAIL_HOST_PASSWORD", default=_email.get("EMAIL_HOST_PASSWORD") or ""
)
# STARTTLS unless EMAIL_URL says otherwise (smtp+tls and smtps: STARTTLS; smtp+ssl: SSL).
EMAIL_USE_TLS = env.bool("DJANGO_EMAIL_USE_TLS", default=_email.get("EMAIL_USE_TLS", not _email))
EMAIL_USE_SSL = env.bool("DJANGO_EMAIL_USE_SSL", default=_email.get("EMAIL_USE_SSL", False))
# The file backend's folder (filemail://).
EMAIL_FILE_PATH = env.str("DJANGO_EMAIL_FILE_PATH", default=_email.get("EMAIL_FILE_PATH") or None)
# A mail server that stops answering must not hold a worker (or a request) forever.
EMAIL_TIMEOUT = env.int("DJANGO_EMAIL_TIMEOUT", default=30)

# --- Security: on whenever debug is off; each can be turned off behind a proxy -------
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
# The footer's choice of language is remembered a year (templates/legal/privacy.html says so).
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Everything the pages load comes from this site (Bootstrap is vendored): no inline script
# or style anywhere, so neither needs 'unsafe-inline'. Bootstrap's CSS draws some icons
# from data: URIs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)
BEHIND_PROXY = env.bool("DJANGO_BEHIND_PROXY", default=False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many proxies of ours stand in front of the app and append to X-Forwarded-For (nginx
# alone: 1). 0 trusts no header: the client address is REMOTE_ADDR, since anyone can send an
# X-Forwarded-For of their choosing. Rate limits and allauth count per this address.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1 if BEHIND_PROXY else 0)
# A limit the cache cannot count (Redis away) lets the submission through: the limits are
# against floods, and submissions must keep working in an outage.
RATELIMIT_FAIL_OPEN = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
}

# --- Scores (PRODUCT.md, scoring rules) -------------------------------------------
# A company's scores are shown once it has this many published reviews.
SCORE_MIN_REVIEWS = env.int("SCORE_MIN_REVIEWS", default=3)
# Manipulation signals (nipa_reviews/submissions/signals.py): more submissions of one kind
# for one company in 24 hours than this is a burst.
SIGNAL_BURST_PER_DAY = env.int("SIGNAL_BURST_PER_DAY", default=10)
# Accepted submissions per account and per client address ("count/period/user" or
# "count/period/ip", a django-ratelimit rate such as 10/h or 5/10m), counted in the cache;
# beyond them a Korean 429 page. The keys are the submission kinds' names, "report" and
# "helpful" (nipa_reviews/ratelimit.py).
# The per-account limits do the real work. One address is shared by a whole office behind
# its NAT, a campus, or a mobile carrier's NAT, exactly where a company's employees are; so
# its limits only stop one machine from feeding many accounts: 300 an hour is thirty
# accounts at their own full rate, more than an office writes, and each item still waits
# for a moderator. Votes are one click each, so their address limit is higher still.
SUBMISSION_RATE_LIMITS = {
    "review": env.str("RATE_LIMIT_REVIEW", default="10/h/user,300/h/ip"),
    "interview": env.str("RATE_LIMIT_INTERVIEW", default="10/h/user,300/h/ip"),
    "report": env.str("RATE_LIMIT_REPORT", default="20/h/user,300/h/ip"),
    "helpful": env.str("RATE_LIMIT_HELPFUL", default="100/h/user,2000/h/ip"),
    # A representative answers many reviews at once when a company starts replying.
    "reply": env.str("RATE_LIMIT_REPLY", default="30/h/user,300/h/ip"),
    # 재직 인증 codes sent (companies/verification_views.py): per account and address, and
    # per work email (counted on its hash, "email"), so that many accounts cannot flood one
    # inbox. Wrong codes are limited per code instead (5 tries).
    "verify": env.str("RATE_LIMIT_VERIFY", default="5/h/user,100/h/ip"),
    "verify_email": env.str("RATE_LIMIT_VERIFY_EMAIL", default="3/h/email"),
}
# --- 재직 인증 (companies/verification.py) ------------------------------------------
# The key of the HMAC-SHA256 that turns a work email into the only trace kept of it (one
# work email, one account). Its own secret, not SECRET_KEY: the secret key may be rotated
# (after a leak, say) and every stored hash would then stop matching, so that a work email
# already used could verify a second account. Set it once in production and never change
# it; `check --deploy` fails without it (nipa_reviews.E002).
# Development and tests derive one from SECRET_KEY so that `make run` needs nothing more.
EMPLOYMENT_HASH_KEY = env.str("EMPLOYMENT_HASH_KEY", default="")
EMPLOYMENT_HASH_KEY_IS_DERIVED = not EMPLOYMENT_HASH_KEY
if EMPLOYMENT_HASH_KEY_IS_DERIVED:
    EMPLOYMENT_HASH_KEY = hashlib.sha256(
        f"nipa_reviews.employment-hash-key:{SECRET_KEY}".encode()
    ).hexdigest()

# A published item reported by this many distinct users is hidden until a moderator decides.
REPORT_AUTOHIDE_THRESHOLD = env.int("REPORT_AUTOHIDE_THRESHOLD", default=5)
# How long a cached anonymous company page lives; every change to the company replaces it.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)

# --- Background jobs: Celery with Redis as the broker (nipa_reviews/celery.py) ---------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
# With no broker every task runs in-process when it is queued, so `make run` needs nothing.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
# An in-process task's error reaches its caller, as it did before there was a queue.
CELERY_TASK_EAGER_PROPAGATES = True
# Requests queue tasks: a broker that is down must fail the publish at once (one attempt,
# short timeouts) so that nipa_reviews.celery.enqueue runs the task in-process instead.
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 0,
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
}
# A worker started before Redis waits for it rather than exiting.
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Nothing reads task results, so there is no result backend.
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
# Beat's schedule, in Korean time (CELERY_TIMEZONE). Only one beat may run per site.
CELERY_BEAT_SCHEDULE = {
    # Recomputes every score and refreshes the rankings; logs any drift as an error.
    "verify-scores-nightly": {
        "task": "nipa_reviews.tasks.verify_scores_nightly",
        "schedule": crontab(hour=4, minute=0),
    },
    # Published submissions with no search analysis (a task lost with a queue) get one
    # before the scores are verified: the keyword counts then include them.
    "analyse-missing-nightly": {
        "task": "nipa_reviews.tasks.analyse_missing_nightly",
        "schedule": crontab(hour=3, minute=50),
    },
    # 임시조치 past their decision date return (a date passes at midnight, Korean time).
    "expire-takedowns-daily": {
        "task": "nipa_reviews.moderation.tasks.expire_takedowns_daily",
        "schedule": crontab(hour=0, minute=10),
    },
}
