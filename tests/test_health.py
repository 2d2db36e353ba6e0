"""/healthz reports the database, the cache and the task queue separately, and answers 503
only when the database is down."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.cache import cache
from django.db import DatabaseError
from django.test import override_settings
from django.urls import reverse

from tests.processes import RedisServer, dead_redis_url, project_cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


def healthz(client):
    return client.get(reverse("healthz"))


# What settings give without REDIS_URL and CELERY_BROKER_URL (CI sets REDIS_URL).
local = override_settings(
    CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
    CELERY_BROKER_URL="",
)


@local
def test_without_redis_or_a_broker_everything_is_local(client):
    response = healthz(client)
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "cache": "local",
        "queue": "in-process",
    }
    assert "no-cache" in response["Cache-Control"]


@local
def test_a_database_outage_answers_503(client):
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=DatabaseError):
        response = healthz(client)
    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "database": "unavailable",
        "cache": "local",
        "queue": "in-process",
    }


def test_a_working_redis_cache_is_ok(client, redis_server):
    with override_settings(CACHES=project_cache(redis_server.url)):
        response = healthz(client)
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["cache"] == "ok"


def test_a_redis_cache_outage_is_reported_but_keeps_the_node_in_service(client):
    with override_settings(CACHES=project_cache(dead_redis_url()), CELERY_BROKER_URL=""):
        response = healthz(client)
    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "database": "ok",
        "cache": "unavailable",
        "queue": "in-process",
    }


def test_a_redis_that_is_back_is_ok_before_the_cache_retries_it(client, tmp_path):
    server = RedisServer(tmp_path)
    try:
        with override_settings(CACHES=project_cache(server.url)):
            cache.get("page")  # fails: the cache leaves Redis alone for a few seconds
            server.start()
            assert healthz(client).json()["cache"] == "ok"
    finally:
        server.stop()


def test_a_reachable_broker_is_ok(client, redis_server):
    with override_settings(CELERY_BROKER_URL=redis_server.url):
        response = healthz(client)
    assert response.status_code == 200
    assert response.json()["queue"] == "ok"
    assert response.json()["status"] == "ok"


def test_an_unreachable_broker_is_reported_but_keeps_the_node_in_service(client):
    with override_settings(CELERY_BROKER_URL=dead_redis_url()):
        response = healthz(client)
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["queue"] == "unavailable"
