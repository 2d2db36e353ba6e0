"""The Redis cache degrades instead of failing: with Redis down reads miss, writes do
nothing, rate limits and logins let people through, and a dead Redis is asked at most once
per back-off window."""

from __future__ import annotations

import logging
import socket

import pytest
from django.test import override_settings
from django.urls import reverse

from nipa_reviews import cache as nipa_cache
from nipa_reviews import ratelimit
from nipa_reviews.cache import RedisCache
from tests.factories import PASSWORD
from tests.processes import RedisServer, dead_redis_url, project_cache
from tests.test_settings import print_setting

# What anonymous visitors read, all of it cached in Redis while Redis is there.
PUBLIC_URLS = [
    "/",
    "/companies/",
    "/companies/nipa/",
    "/companies/nipa/reviews/",
    "/api/companies/nipa/",
]


class Clock:
    """Stands in for the backend's monotonic clock, so a test moves time instead of waiting."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(nipa_cache, "monotonic", clock)
    return clock


@pytest.fixture
def dead_cache(clock):
    return RedisCache(dead_redis_url(), {})


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path)
    yield server
    server.stop()


def count_redis_calls(cache, monkeypatch) -> list:
    """Every operation that reaches for a Redis connection, recorded."""
    calls = []
    client = cache._cache
    get_client = client.get_client

    def counting(*args, **kwargs):
        calls.append(args)
        return get_client(*args, **kwargs)

    monkeypatch.setattr(client, "get_client", counting)
    return calls


# --- Redis down -------------------------------------------------------------------------


def test_with_redis_down_reads_miss_and_writes_do_nothing(dead_cache, clock):
    cache = dead_cache
    assert cache.get("page") is None
    # Each call below is its own attempt, not skipped by the back-off of the one before.
    for call, expected in [
        (lambda: cache.get("page", "기본값"), "기본값"),
        (lambda: cache.get_many(["a", "b"]), {}),
        (lambda: cache.set("page", "내용"), None),
        (lambda: cache.set_many({"a": 1}), ["a"]),  # what was not written
        (lambda: cache.add("lock", True), True),
        (lambda: cache.incr("counter"), 1),
        (lambda: cache.incr("counter", 5), 5),
        (lambda: cache.delete("page"), False),
        (lambda: cache.delete_many(["a", "b"]), None),
        (lambda: cache.has_key("page"), False),
        (lambda: cache.touch("page"), False),
        (lambda: cache.get_or_set("page", "새 값"), "새 값"),
        (lambda: cache.clear(), False),
        (lambda: cache.ping(), False),
    ]:
        clock.now += 60
        assert call() == expected


def test_a_dead_redis_is_asked_once_per_back_off_window(dead_cache, clock, monkeypatch):
    calls = count_redis_calls(dead_cache, monkeypatch)
    assert dead_cache.get("page") is None
    assert len(calls) == 1
    for _ in range(20):
        dead_cache.get("page")
        dead_cache.set("page", "내용")
        dead_cache.incr("counter")
    assert len(calls) == 1
    clock.now += nipa_cache.DEFAULT_BACKOFF_SECONDS
    dead_cache.get("page")
    assert len(calls) == 2


def test_an_outage_logs_one_warning_a_minute(dead_cache, clock, caplog):
    caplog.set_level(logging.WARNING, logger="nipa_reviews.cache")
    for _ in range(24):  # two minutes, a fresh attempt every five seconds
        dead_cache.get("page")
        clock.now += nipa_cache.DEFAULT_BACKOFF_SECONDS
    assert len(caplog.records) == 2
    assert "Redis cache unavailable" in caplog.records[0].getMessage()


def test_a_redis_that_does_not_answer_counts_as_down(clock):
    # A listening socket nobody reads from: the connection opens, the answer never comes.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        host, port = silent.getsockname()
        options = {"socket_connect_timeout": 0.05, "socket_timeout": 0.05}
        cache = RedisCache(f"redis://{host}:{port}/0", {"OPTIONS": options})
        assert cache.get("page", "기본값") == "기본값"
        clock.now += 60
        cache.set("page", "내용")


def test_timeouts_are_short_unless_configured():
    assert RedisCache(dead_redis_url(), {})._cache._pool_options["socket_timeout"] == 0.25
    assert RedisCache(dead_redis_url(), {})._cache._pool_options["socket_connect_timeout"] == 0.25
    configured = RedisCache(
        dead_redis_url(), {"OPTIONS": {"socket_timeout": 2, "backoff_seconds": 1}}
    )
    assert configured._cache._pool_options["socket_timeout"] == 2
    assert configured._cache._backoff_seconds == 1


def test_settings_take_the_timeouts_from_the_environment():
    options = print_setting(
        "settings.CACHES['default']['OPTIONS']",
        DJANGO_DEBUG="1",
        REDIS_URL="redis://127.0.0.1:6379/0",
        REDIS_TIMEOUT="0.5",
        REDIS_BACKOFF_SECONDS="10",
    )
    assert options == (
        "{'socket_connect_timeout': 0.5, 'socket_timeout': 0.5, 'backoff_seconds': 10.0}"
    )


@pytest.mark.django_db
def test_rate_limits_let_requests_through_when_redis_is_down(rf, user, clock):
    request = rf.post("/")
    request.user = user
    with override_settings(
        CACHES=project_cache(dead_redis_url()), SUBMISSION_RATE_LIMITS={"review": "2/h/user,2/h/ip"}
    ):
        for _ in range(10):
            assert not ratelimit.spent(request, "review")
            ratelimit.count(request, "review")


@pytest.mark.django_db
def test_a_verified_user_logs_in_when_redis_is_down(client, user, clock):
    with override_settings(CACHES=project_cache(dead_redis_url())):
        response = client.post(
            reverse("account_login"), {"login": user.email, "password": PASSWORD}
        )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_pages_answer_when_redis_is_down(client, nipa, clock):
    with override_settings(CACHES=project_cache(dead_redis_url())):
        for url in PUBLIC_URLS:
            assert client.get(url).status_code == 200, url


# --- Redis up -----------------------------------------------------------------------------


def test_a_working_redis_behaves_as_djangos_backend(redis_server):
    redis_server.start()
    cache = RedisCache(redis_server.url, {})
    assert cache.add("key", 1) is True
    assert cache.add("key", 2) is False
    assert cache.incr("key") == 2
    with pytest.raises(ValueError):
        cache.incr("missing")
    cache.set_many({"a": "가", "b": "나"})
    assert cache.get_many(["a", "b", "c"]) == {"a": "가", "b": "나"}
    assert cache.delete("a") is True
    assert cache.ping() is True


def test_a_full_redis_that_refuses_writes_counts_as_down(redis_server):
    redis_server.start()
    redis_server.client().config_set("maxmemory-policy", "noeviction")
    redis_server.client().config_set("maxmemory", 1)
    cache = RedisCache(redis_server.url, {})
    cache.set("page", "내용")
    assert cache.get("page") is None


def test_a_redis_that_comes_back_is_used_again(redis_server, clock, caplog):
    caplog.set_level(logging.WARNING, logger="nipa_reviews.cache")
    cache = RedisCache(redis_server.url, {})
    cache.set("page", "내용")  # not started yet
    redis_server.start()
    assert cache.get("page") is None  # within the back-off: Redis is not asked
    assert redis_server.client().dbsize() == 0
    clock.now += nipa_cache.DEFAULT_BACKOFF_SECONDS
    cache.set("page", "내용")
    assert cache.get("page") == "내용"
    assert [record.getMessage() for record in caplog.records][-1] == "Redis cache available again"
