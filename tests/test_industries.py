"""The company list's industry filter reads a stored list (companies.models.Industry),
kept on every write of a company, instead of a DISTINCT over every company."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from companies.models import Company, Industry
from tests.factories import CompanyFactory, ReviewFactory

LIST_URL = reverse("companies:list")


def offered(client) -> list[str]:
    form = client.get(LIST_URL).context["form"]
    return [value for value, _ in form.fields["industry"].choices if value]


@pytest.mark.django_db
def test_a_saved_company_brings_its_industry_and_takes_it_away(client):
    company = CompanyFactory(industry="바이오")
    CompanyFactory(industry="ICT")
    assert offered(client) == ["ICT", "바이오"]
    company.industry = "핀테크"
    company.save()
    assert list(Industry.objects.values_list("name", flat=True)) == ["ICT", "핀테크"]
    company.is_published = False
    company.save()
    assert list(Industry.objects.values_list("name", flat=True)) == ["ICT"]
    company.is_published = True
    company.save()
    company.delete()
    assert list(Industry.objects.values_list("name", flat=True)) == ["ICT"]


@pytest.mark.django_db
def test_an_industry_stays_while_one_published_company_is_in_it():
    first, second = CompanyFactory(industry="ICT"), CompanyFactory(industry="ICT")
    CompanyFactory(industry="제조", is_published=False)
    first.delete()
    assert list(Industry.objects.values_list("name", flat=True)) == ["ICT"]
    second.industry = ""
    second.save()
    assert not Industry.objects.exists()  # no empty name, no unpublished company's


@pytest.mark.django_db
def test_queryset_writes_keep_the_industries():
    Company.objects.bulk_create(
        [CompanyFactory.build(slug=f"b{i}", industry=f"산업{i % 3}") for i in range(6)]
    )
    assert set(Industry.objects.values_list("name", flat=True)) == {"산업0", "산업1", "산업2"}
    Company.objects.filter(industry="산업0").update(industry="게임")
    assert set(Industry.objects.values_list("name", flat=True)) == {"게임", "산업1", "산업2"}
    Company.objects.filter(industry="산업1").update(is_published=False)
    assert set(Industry.objects.values_list("name", flat=True)) == {"게임", "산업2"}


@pytest.mark.django_db
def test_the_list_reads_no_distinct_over_companies(client):
    for i in range(5):
        CompanyFactory(industry=f"산업{i}")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST_URL).status_code == 200
    sql = [query["sql"] for query in queries]
    assert not [q for q in sql if "DISTINCT" in q.upper()], sql
    assert any('"companies_industry"' in q for q in sql)


@pytest.mark.django_db
def test_publishing_a_review_leaves_the_industries_alone(publish):
    from nipa_reviews.submissions import services as submissions

    company = CompanyFactory(industry="ICT")
    review = ReviewFactory(company=company)
    with CaptureQueriesContext(connection) as queries:
        submissions.publish(item=review, moderator=None)
    assert not [q for q in queries if "companies_industry" in q["sql"]]
