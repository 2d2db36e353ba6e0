"""/healthz: whether the database, the cache and the task queue answer, each on its own.

A load balancer takes a node out of service when it answers 503, so only a database
outage does: without Redis the site still serves every page (nipa_reviews/cache.py) and
only queued jobs wait, and taking every web node out for that would turn a slow site into
a dead one. The JSON says which part is down, for people and for monitoring."""

from __future__ import annotations

import redis
from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

from nipa_reviews.cache import RedisCache


def database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return "unavailable"
    return "ok"


def cache_status() -> str:
    """ "local" for the per-process memory cache used without REDIS_URL: it cannot be down,
    but rate limits counted in it are per process."""
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        return "local"
    return "ok" if backend.ping() else "unavailable"


def queue_status() -> str:
    """ "in-process" without a broker: jobs run in the process that queues them. The broker
    (Celery's, when CELERY_BROKER_URL is set) is Redis, asked for a PING."""
    url = getattr(settings, "CELERY_BROKER_URL", "")
    if not url:
        return "in-process"
    timeout = settings.REDIS_TIMEOUT
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
    except ValueError:  # not a redis:// URL: nothing this check knows how to ask
        return "unavailable"
    try:
        return "ok" if client.ping() else "unavailable"
    except redis.RedisError:
        return "unavailable"
    finally:
        client.close()


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 while the database answers, whatever the cache and the queue say; 503 without it."""
    report = {"database": database_status(), "cache": cache_status(), "queue": queue_status()}
    if report["database"] != "ok":
        status = "error"
    elif "unavailable" in report.values():
        status = "degraded"
    else:
        status = "ok"
    return JsonResponse({"status": status, **report}, status=503 if status == "error" else 200)
