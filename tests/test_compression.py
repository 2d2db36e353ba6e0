"""Cached pages are stored and sent gzipped to clients that accept it; nothing holding a
CSRF token or anything personal is ever compressed (BREACH)."""

from __future__ import annotations

import gzip

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory
from django.urls import reverse

from nipa_reviews.pagecache import cached_for_anonymous
from tests.factories import CompanyFactory, ReviewFactory

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


@pytest.fixture
def company(db, publish):
    company = CompanyFactory(slug="acme", name="에이크미")
    publish(*ReviewFactory.create_batch(3, company=company))
    return company


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/companies/",
        "/companies/acme/",
        "/companies/acme/reviews/",
        "/companies/acme/interviews/",
    ],
)
def test_a_client_that_accepts_gzip_gets_the_same_page_gzipped(client, company, url):
    plain = client.get(url)
    assert plain.status_code == 200
    assert "Content-Encoding" not in plain.headers
    assert "Accept-Encoding" in plain.headers["Vary"]
    for _ in range(2):  # rendered, then from the cache
        packed = client.get(url, **GZIP)
        assert packed.headers["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in packed.headers["Vary"]
        assert gzip.decompress(packed.content) == plain.content
    assert len(packed.content) < len(plain.content) / 2
    # and a client that does not accept it, once the page is cached, gets it plain
    again = client.get(url)
    assert again.content == plain.content and "Content-Encoding" not in again.headers


def test_a_signed_in_page_with_csrf_tokens_is_never_compressed(client, company, user):
    client.force_login(user)
    response = client.get(reverse("reviews:list", args=["acme"]), **GZIP)
    assert "Content-Encoding" not in response.headers
    assert b"csrfmiddlewaretoken" in response.content  # the 도움이 돼요 and 신고 forms


def test_an_anonymous_page_holding_a_csrf_token_is_neither_cached_nor_compressed(db):
    rendered = []

    @cached_for_anonymous()
    def view(request, slug):
        rendered.append(slug)
        return HttpResponse(f"<form>{get_token(request)}</form>")

    for _ in range(2):
        request = RequestFactory().get("/companies/acme/", **GZIP)
        request.user = AnonymousUser()
        response = view(request, "acme")
        assert "Content-Encoding" not in response.headers
        assert response.content.startswith(b"<form>")
    assert rendered == ["acme", "acme"]  # rendered for each visitor: never shared


def test_an_error_page_is_not_compressed(client, db):
    response = client.get("/companies/nobody/", **GZIP)
    assert response.status_code == 404
    assert "Content-Encoding" not in response.headers
