"""Deployment checks (`manage.py check --deploy`): settings that work on one machine only."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

LOCMEM_CACHE = "django.core.cache.backends.locmem.LocMemCache"


@register(Tags.caches, deploy=True)
def check_shared_cache(app_configs, **kwargs) -> list:
    # Rate limits and the page cache count per process in local memory: behind several
    # gunicorn workers each limit is multiplied and a published change leaves stale pages.
    if settings.DEBUG or settings.CACHES["default"]["BACKEND"] != LOCMEM_CACHE:
        return []
    return [
        Error(
            "The default cache is local memory: every process keeps its own rate-limit "
            "counts and cached pages.",
            hint="Set REDIS_URL, e.g. redis://127.0.0.1:6379/0.",
            id="nipa_reviews.E001",
        )
    ]


@register(deploy=True)
def check_task_broker(app_configs, **kwargs) -> list:
    # It works without a broker, only slower and without the nightly jobs, so a warning.
    if settings.DEBUG or not settings.CELERY_TASK_ALWAYS_EAGER:
        return []
    return [
        Warning(
            "No Celery broker: emails are sent inside the request and beat's nightly "
            "jobs (verify_scores --fix) never run.",
            hint="Set CELERY_BROKER_URL or REDIS_URL and run a worker with beat "
            "(README, Background jobs).",
            id="nipa_reviews.W001",
        )
    ]


# Long enough that nobody holding a database dump can guess it and then test work emails
# against the stored hashes.
EMPLOYMENT_HASH_KEY_MIN_LENGTH = 32


@register(deploy=True)
def check_employment_hash_key(app_configs, **kwargs) -> list:
    # Derived from SECRET_KEY, the hashes of 재직 인증 would change whenever the secret key
    # is rotated, and a work email already used could then verify another account.
    if settings.DEBUG:
        return []
    key = settings.EMPLOYMENT_HASH_KEY
    if not settings.EMPLOYMENT_HASH_KEY_IS_DERIVED and len(key) >= EMPLOYMENT_HASH_KEY_MIN_LENGTH:
        return []
    return [
        Error(
            "EMPLOYMENT_HASH_KEY is not set, or shorter than "
            f"{EMPLOYMENT_HASH_KEY_MIN_LENGTH} characters: the work emails of 재직 인증 are "
            "hashed with a key derived from the secret key.",
            hint='Set it once to a random string and never change it: python3 -c "import '
            'secrets; print(secrets.token_urlsafe(50))" (README, 재직 인증).',
            id="nipa_reviews.E002",
        )
    ]
