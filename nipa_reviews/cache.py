"""Django's Redis cache, made to degrade instead of fail, with one client object per pool.

Everything the cache holds can be recomputed or safely forgotten: whole pages (pagecache),
submission counters (ratelimit) and allauth's login counters. So when Redis is down, slow
or refuses writes, each operation acts as on an empty cache that keeps nothing: reads
miss, writes and deletes do nothing, `add` succeeds and `incr` counts from zero. Pages are
then rendered from the database and rate limits let requests through (fail open) instead
of every request answering 500.

Three things keep a dead Redis from making pages slow:
- short socket timeouts (`socket_connect_timeout`, `socket_timeout` in OPTIONS; settings
  take them from REDIS_TIMEOUT), so one attempt costs at most that long;
- after a failure the backend does not ask Redis again for `backoff_seconds` (OPTIONS,
  REDIS_BACKOFF_SECONDS), so the requests in between pay nothing;
- one warning when Redis is lost, at most one a minute while it stays lost, and one when
  it is back, so an outage does not flood the logs.

Django makes one cache object per thread, so the back-off is per thread (per process under
gunicorn's sync workers): each one tries Redis at most once per window.
"""

from __future__ import annotations

import logging
from time import monotonic

from django.core.cache.backends import redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import OutOfMemoryError, ReadOnlyError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# Redis not being there, or not taking writes: full under the default `noeviction` policy
# (production's is allkeys-lru, docs/deploy.md), or a replica after a failover. Any other
# refused command (a wrong type, a bad argument) is a bug and still raises.
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OutOfMemoryError, ReadOnlyError)

# Used when CACHES gives none: Django's backend would otherwise wait on a dead host for as
# long as the operating system lets a connect hang.
DEFAULT_OPTIONS = {"socket_connect_timeout": 0.25, "socket_timeout": 0.25}
DEFAULT_BACKOFF_SECONDS = 5.0
LOG_EVERY_SECONDS = 60.0


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, backoff_seconds: float = DEFAULT_BACKOFF_SECONDS, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}
        self._backoff_seconds = backoff_seconds
        self._retry_at = 0.0  # monotonic time before which Redis is not asked
        self._unavailable = False
        self._next_log_at = 0.0

    def get_client(self, key=None, *, write=False):
        # Django builds a new redis.Redis object (some 170 dictionary entries) on every
        # cache call; on a cached page that cost was a third of the request (measured in
        # bench/). The client holds no state of its own beyond the pool.
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    def _attempt(self, fallback, operation, *args):
        """`operation(*args)`, or `fallback` when Redis is unreachable or was a moment ago."""
        now = monotonic()
        if now < self._retry_at:
            return fallback
        try:
            result = operation(*args)
        except UNAVAILABLE as error:
            self._unavailable = True
            self._retry_at = now + self._backoff_seconds
            if now >= self._next_log_at:
                self._next_log_at = now + LOG_EVERY_SECONDS
                logger.warning(
                    "Redis cache unavailable, serving without it (next try in %ss): %s",
                    self._backoff_seconds,
                    error,
                )
            return fallback
        if self._unavailable:
            self._unavailable = False
            self._next_log_at = 0.0
            logger.warning("Redis cache available again")
        return result

    def add(self, key, value, timeout):
        # True, as if the key were new: allauth's rate limiter takes a lock with `add` and
        # would wait a second and then refuse the login if `add` kept failing.
        return self._attempt(True, super().add, key, value, timeout)

    def get(self, key, default):
        return self._attempt(default, super().get, key, default)

    def set(self, key, value, timeout):
        return self._attempt(None, super().set, key, value, timeout)

    def touch(self, key, timeout):
        return self._attempt(False, super().touch, key, timeout)

    def delete(self, key):
        return self._attempt(False, super().delete, key)

    def get_many(self, keys):
        return self._attempt({}, super().get_many, keys)

    def has_key(self, key):
        return self._attempt(False, super().has_key, key)

    def incr(self, key, delta):
        # A counter that starts from zero every time: rate limits let the request through.
        return self._attempt(delta, super().incr, key, delta)

    def set_many(self, data, timeout):
        """Whether the values were written (Django's client answers None either way)."""

        def write() -> bool:
            super(RedisCacheClient, self).set_many(data, timeout)
            return True

        return self._attempt(False, write)

    def delete_many(self, keys):
        return self._attempt(None, super().delete_many, keys)

    def clear(self):
        return self._attempt(False, super().clear)

    def ping(self) -> bool:
        """Whether Redis answers now, asked whatever the back-off says (for /healthz)."""
        try:
            return bool(self.get_client(write=True).ping())
        except UNAVAILABLE:
            return False


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
        self._options = {**DEFAULT_OPTIONS, **self._options}

    def set_many(self, data, timeout=redis.DEFAULT_TIMEOUT, version=None):
        """As Django's, but answers the keys that were not written, as the cache API says,
        when Redis was away (the page cache retries lost invalidations)."""
        if not data:
            return []
        safe = {
            self.make_and_validate_key(key, version=version): value for key, value in data.items()
        }
        written = self._cache.set_many(safe, self.get_backend_timeout(timeout))
        return [] if written else list(data)

    def ping(self) -> bool:
        return self._cache.ping()
