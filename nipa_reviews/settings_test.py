"""Test settings: real settings, fast hasher, locmem email, in-process tasks, plain static files."""

import os

# A developer's .env (written by `make run`: debug on, their secret key) must not change
# what the tests see, so none is read; and tests run with debug off, like production.
os.environ["DJANGO_ENV_FILE"] = ""
os.environ["DJANGO_DEBUG"] = "0"
# Debug off needs a secret that passes the check.
os.environ.setdefault("DJANGO_SECRET_KEY", "test-secret-key-" + "x7Qp2Lm9" * 6)

from .settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Queued email is delivered into django.core.mail.outbox (tests/conftest.py keeps the queue
# in front of it). Tasks run in-process even with REDIS_URL set: they never leave the tests.
EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The test client and the live server speak plain HTTP.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
# Serve static files from the app folders, as in development, with no collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
