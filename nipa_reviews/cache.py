"""Django's Redis cache, with one client object per connection pool.

Django builds a new redis.Redis object (some 170 dictionary entries) on every cache call;
on a cached page that cost was a third of the request (measured in bench/). The client
holds no state of its own beyond the pool, so one per pool serves every call."""

from __future__ import annotations

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
