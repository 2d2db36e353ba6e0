"""Two-letter company searches (테크, 한빛) read a GIN index of the names' bigrams on
PostgreSQL: the trigram index cannot serve a word shorter than three letters."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from companies.models import Company, bigrams_of
from tests.factories import CompanyFactory

LIST_URL = reverse("companies:list")


def names(response) -> list[str]:
    return sorted(company.name for company in response.context["page"].object_list)


def test_bigrams_are_the_adjacent_letters_of_each_word():
    assert bigrams_of("한빛 테크\nkt&g") == "'kt':1 '테크':1 '한빛':1"
    assert bigrams_of("테크놀") == "'크놀':1 '테크':1"


@pytest.mark.django_db
def test_two_letter_searches_find_names_acronyms_and_aliases(client):
    CompanyFactory(name="한빛테크놀로지", short_name="HB")
    CompanyFactory(name="테크원", short_name="TW", aliases="테크1\n티원")
    CompanyFactory(name="테스트크래프트", short_name="TC", aliases="")
    CompanyFactory(name="한빛소프트", short_name="HS")
    assert names(client.get(LIST_URL, {"q": "테크"})) == ["테크원", "한빛테크놀로지"]
    assert names(client.get(LIST_URL, {"q": "한빛"})) == ["한빛소프트", "한빛테크놀로지"]
    assert names(client.get(LIST_URL, {"q": "hb"})) == ["한빛테크놀로지"]
    assert names(client.get(LIST_URL, {"q": "티원"})) == ["테크원"]  # an alias
    assert names(client.get(LIST_URL, {"q": " TW "})) == ["테크원"]  # trimmed, any case
    # one letter, three letters, punctuation: the substring search as before
    assert names(client.get(LIST_URL, {"q": "빛"})) == ["한빛소프트", "한빛테크놀로지"]
    assert names(client.get(LIST_URL, {"q": "테크놀"})) == ["한빛테크놀로지"]


@pytest.mark.django_db
def test_a_renamed_company_is_found_by_its_new_name_only(client):
    company = CompanyFactory(name="한빛테크")
    company.name = "새솔소프트"
    company.save()
    assert names(client.get(LIST_URL, {"q": "새솔"})) == ["새솔소프트"]
    assert names(client.get(LIST_URL, {"q": "한빛"})) == []


@pytest.mark.django_db
def test_the_api_search_finds_two_letter_words(client):
    CompanyFactory(name="한빛테크놀로지")
    items = client.get("/api/companies/", {"q": "테크"}).json()["items"]
    assert [item["name"] for item in items] == ["한빛테크놀로지"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN output is PostgreSQL's")
@pytest.mark.django_db
@pytest.mark.parametrize("word", ["테크", "한빛"])
def test_a_two_letter_search_uses_the_bigram_index_on_postgresql(word):
    syllables = "가나다라마바사아자차카타파하"
    companies = []
    for i in range(5000):
        name = f"{syllables[i % 14]}{syllables[i // 14 % 14]}{syllables[i // 196 % 14]}{i}"
        if i % 500 == 0:
            name = f"한빛{name}" if i % 1000 else f"{name}테크"
        company = CompanyFactory.build(name=name, slug=f"c{i}")
        company.fill_search()
        companies.append(company)
    Company.objects.bulk_create(companies)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE companies_company")
    found = Company.objects.published().search(word)
    assert found.count() == 5
    plan = found.order_by("name")[:20].explain()
    assert "company_search_bigrams" in plan, plan
    assert "Seq Scan on companies_company" not in plan, plan
