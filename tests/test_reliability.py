"""The site through a Redis outage: a real redis-server, killed while the site is in use and
started again. Pages, logins and submissions keep working without it, and the page cache
is correct once it is back."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse

from nipa_reviews import cache as nipa_cache
from reviews.models import Review
from tests.factories import PASSWORD, UserFactory
from tests.processes import RedisServer, project_cache
from tests.test_cache import PUBLIC_URLS, Clock
from tests.test_reviews_views import form_data


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


def review_count_shown(client: Client) -> int:
    return client.get("/api/companies/nipa/").json()["satisfaction"]["review_count"]


def company_page(client: Client) -> str:
    response = client.get("/companies/nipa/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_the_site_works_through_a_redis_outage_and_is_correct_after_it(
    redis_server, monkeypatch, publish
):
    clock = Clock()
    monkeypatch.setattr(nipa_cache, "monotonic", clock)
    with override_settings(CACHES=project_cache(redis_server.url)):
        call_command("load_demo", stdout=StringIO())
        anonymous = Client()
        assert "게시된 리뷰 20건" in company_page(anonymous)
        assert company_page(anonymous)  # served from Redis
        assert redis_server.client().dbsize() > 0

        redis_server.stop()

        for url in PUBLIC_URLS:
            assert anonymous.get(url).status_code == 200, url
        assert "게시된 리뷰 20건" in company_page(anonymous)

        user = UserFactory()
        member = Client()
        response = member.post(
            reverse("account_login"), {"login": user.email, "password": PASSWORD}
        )
        assert response.status_code == 302
        assert member.session["_auth_user_id"] == str(user.pk)

        response = member.post(reverse("reviews:create", args=["nipa"]), form_data())
        assert response.status_code == 302
        review = Review.objects.get(author=user)
        assert review.status == "pending"

        redis_server.start()  # the same port, empty: nothing was saved
        clock.now += nipa_cache.DEFAULT_BACKOFF_SECONDS  # the cache asks Redis again
        assert "게시된 리뷰 20건" in company_page(anonymous)
        assert review_count_shown(anonymous) == 20
        assert redis_server.client().dbsize() > 0  # cached again

        publish(review)  # through the service, as a moderator would

        assert "게시된 리뷰 21건" in company_page(anonymous)
        assert review_count_shown(anonymous) == 21
