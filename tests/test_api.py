"""The read-only JSON API and its OpenAPI schema."""

from __future__ import annotations

import pytest

from tests.factories import CompanyFactory, ReviewFactory

pytestmark = pytest.mark.django_db


def test_company_detail_gives_profile_and_satisfaction(client, publish):
    company = CompanyFactory(slug="acme", founded_year=2001)
    publish(*ReviewFactory.create_batch(2, company=company, culture=5))
    publish(ReviewFactory(company=company, culture=4))
    body = client.get("/api/companies/acme/").json()
    assert body["slug"] == "acme"
    assert body["founded_year"] == 2001
    assert body["satisfaction"]["review_count"] == 3
    assert body["satisfaction"]["categories"]["culture"] == 93.3  # 14 / 3 × 20
    assert body["satisfaction"]["total"] == 82.7  # (93.33 + 80 × 4) / 5
    assert body["satisfaction"]["as_of"]


def test_scores_are_null_below_the_threshold(client, publish):
    company = CompanyFactory(slug="acme")
    publish(ReviewFactory(company=company))
    satisfaction = client.get("/api/companies/acme/").json()["satisfaction"]
    assert satisfaction["total"] is None
    assert set(satisfaction["categories"].values()) == {None}
    assert satisfaction["review_count"] == 1
    assert satisfaction["as_of"] is None


def test_company_without_any_review(client):
    CompanyFactory(slug="acme")
    satisfaction = client.get("/api/companies/acme/").json()["satisfaction"]
    assert satisfaction == {
        "total": None,
        "categories": dict.fromkeys(
            ["culture", "pay_benefits", "career", "work_life", "leadership"]
        ),
        "review_count": 0,
        "as_of": None,
    }


def test_unknown_and_unpublished_companies_are_404(client):
    CompanyFactory(slug="hidden", is_published=False)
    assert client.get("/api/companies/hidden/").status_code == 404
    assert client.get("/api/companies/nope/").status_code == 404


def test_company_list_is_paginated_and_searchable(client):
    for i in range(25):
        CompanyFactory(name=f"기업{i:02d}")
    body = client.get("/api/companies/").json()
    assert body["count"] == 25
    assert len(body["items"]) == 20
    assert len(client.get("/api/companies/?page=2").json()["items"]) == 5
    assert [c["name"] for c in client.get("/api/companies/?q=기업07").json()["items"]] == ["기업07"]


def test_openapi_schema_and_docs_are_served(client):
    schema = client.get("/api/openapi.json").json()
    assert "/api/companies/{slug}/" in schema["paths"]
    docs = client.get("/api/docs").content.decode()
    assert "https://" not in docs and "http://" not in docs  # swagger served from our static


@pytest.mark.parametrize("size", [3, 60])
def test_api_query_counts_do_not_grow(client, publish, django_assert_num_queries, size):
    company = CompanyFactory(slug="acme")
    publish(*ReviewFactory.create_batch(size, company=company))
    CompanyFactory.create_batch(size)
    # the company with its aggregates; its stored transparency counts; its monthly sums
    with django_assert_num_queries(3):
        client.get("/api/companies/acme/")
    with django_assert_num_queries(0):  # then from the cache
        client.get("/api/companies/acme/")
    with django_assert_num_queries(2):  # the count, the page of companies with scores
        client.get("/api/companies/")
