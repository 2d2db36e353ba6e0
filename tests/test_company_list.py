"""/companies/: search by name, acronym or alias (Korean substrings), filters, pages."""

from __future__ import annotations

import pytest
from django.db import connection
from django.forms import inlineformset_factory
from django.urls import reverse

from companies.admin import BusinessAreaFormSet
from companies.models import BusinessArea, Company
from tests.factories import CompanyFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("companies:list")


def names(response) -> list[str]:
    return [company.name for company in response.context["page"]]


@pytest.mark.parametrize(
    "query", ["진흥원", "정보통신", "NIPA", "nipa", "Nipa", " nipa ", "promotion"]
)
def test_search_finds_nipa(client, nipa, query):
    assert names(client.get(LIST_URL, {"q": query})) == ["정보통신산업진흥원"]


@pytest.mark.parametrize("query", ["삼성", "반도체", "xyz"])
def test_search_does_not_find_nipa_by_an_unrelated_word(client, nipa, query):
    response = client.get(LIST_URL, {"q": query})
    assert names(response) == []
    assert f"‘{query}’에 맞는 기업이 없습니다." in response.content.decode()


def test_unpublished_companies_are_not_listed(client):
    CompanyFactory(name="숨은기업", is_published=False)
    CompanyFactory(name="보이는기업")
    assert names(client.get(LIST_URL)) == ["보이는기업"]


def test_filters_by_organisation_type_and_industry(client):
    CompanyFactory(name="가공공", organisation_type="public", industry="ICT")
    CompanyFactory(name="나스타트업", organisation_type="startup", industry="ICT")
    CompanyFactory(name="다스타트업", organisation_type="startup", industry="바이오")
    assert names(client.get(LIST_URL, {"type": "startup"})) == ["나스타트업", "다스타트업"]
    assert names(client.get(LIST_URL, {"type": "startup", "industry": "ICT"})) == ["나스타트업"]
    assert "바이오" in client.get(LIST_URL).content.decode()  # offered as a filter


def test_unknown_filter_values_are_ignored_not_errors(client):
    CompanyFactory(name="가기업")
    response = client.get(LIST_URL, {"type": "nonsense", "sort": "nonsense"})
    assert response.status_code == 200
    assert names(response) == ["가기업"]


def test_sorted_by_name_twenty_per_page_keeping_the_filters(client):
    for i in range(25):
        CompanyFactory(name=f"기업{i:02d}", industry="ICT")
    first = client.get(LIST_URL, {"industry": "ICT"})
    assert names(first) == [f"기업{i:02d}" for i in range(20)]
    assert "industry=ICT&amp;page=2" in first.content.decode()
    second = client.get(LIST_URL, {"industry": "ICT", "page": 2})
    assert names(second) == [f"기업{i:02d}" for i in range(20, 25)]


@pytest.mark.parametrize("size", [3, 30])
def test_list_query_count_does_not_grow(client, django_assert_num_queries, size):
    CompanyFactory.create_batch(size)
    # industries for the filter, the count for the paginator, the page of companies
    with django_assert_num_queries(3):
        client.get(LIST_URL)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram index is PostgreSQL-only")
def test_search_has_a_trigram_index_on_postgresql():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'companies_company' "
            "AND indexname = 'companies_company_search_trgm'"
        )
        (indexdef,) = cursor.fetchone()
    assert "gin" in indexdef and "gin_trgm_ops" in indexdef


def test_admin_refuses_business_area_shares_over_one_hundred():
    company = CompanyFactory()
    FormSet = inlineformset_factory(
        Company, BusinessArea, formset=BusinessAreaFormSet, fields=["rank", "name", "share"]
    )
    data = {
        "business_areas-TOTAL_FORMS": "2",
        "business_areas-INITIAL_FORMS": "0",
        "business_areas-0-rank": "1",
        "business_areas-0-name": "가",
        "business_areas-0-share": "60.0",
        "business_areas-1-rank": "2",
        "business_areas-1-name": "나",
        "business_areas-1-share": "40.1",
    }
    formset = FormSet(data, instance=company)
    assert not formset.is_valid()
    assert "100.0%를 넘습니다" in str(formset.non_form_errors())
    data["business_areas-1-share"] = "40.0"
    assert FormSet(data, instance=company).is_valid()


def test_admin_edits_a_company_on_one_page_with_every_list(client, nipa):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.get(reverse("admin:companies_company_change", args=[nipa.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    for prefix in (
        "stakeholders",
        "business_areas",
        "news_items",
        "core_values",
        "hiring_steps",
        "hiring_counts",
        "email_domains",
    ):
        assert f'name="{prefix}-TOTAL_FORMS"' in content


@pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN output is PostgreSQL's")
@pytest.mark.parametrize(
    ("sort", "index"), [("score", "company_by_score"), ("reviews", "company_by_reviews")]
)
def test_company_list_sorts_use_an_index_on_postgresql(sort, index):
    from decimal import Decimal

    from companies.selectors import company_list

    Company.objects.bulk_create(
        [
            CompanyFactory.build(
                name=f"기업{i:05d}", slug=f"c{i}", ranking=Decimal(i % 97), review_count=i % 89
            )
            for i in range(5000)
        ]
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE companies_company")
    plan = company_list(sort=sort)[:20].explain()
    assert f"Index Scan using {index}" in plan, plan
