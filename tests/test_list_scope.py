"""The lists' token (home, company list, /search/) is replaced only by writes that change
what they show: aggregates the lists never show move the company's pages alone."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from interviews.models import CompanyInterviewStats
from nipa_reviews import pagecache
from reviews.models import CompanyKeywords, CompanyVerifiedScore
from tests.factories import CompanyFactory, InterviewFactory, ReviewFactory

pytestmark = pytest.mark.django_db

COMPANY = pagecache.company_key("acme")


@pytest.fixture
def company(db):
    return CompanyFactory(slug="acme", name="에이크미")


def tokens() -> tuple:
    return cache.get(pagecache.LISTS_KEY), cache.get(COMPANY)


@pytest.fixture
def cached_pages(client, company):
    """The home page and the company page rendered: both tokens exist."""
    client.get("/")
    client.get(company.get_absolute_url())
    assert None not in tokens()


@pytest.mark.parametrize(
    ("model", "fields"),
    [
        (CompanyVerifiedScore, {"review_count": 3}),
        (CompanyKeywords, {"review_count": 3, "pros": [["연봉", 3]]}),
        (CompanyInterviewStats, {"count": 3, "passed": 3}),
    ],
)
def test_an_aggregate_the_lists_do_not_show_moves_only_the_companys_pages(
    company, cached_pages, model, fields
):
    lists, own = tokens()
    row, _ = model.objects.get_or_create(company=company)
    for name, value in fields.items():
        setattr(row, name, value)
    row.save()
    assert cache.get(pagecache.LISTS_KEY) == lists and cache.get(COMPANY) != own
    own = cache.get(COMPANY)
    model.objects.filter(company=company).update(**fields)  # a rebuild's bulk write
    assert cache.get(pagecache.LISTS_KEY) == lists and cache.get(COMPANY) != own


def test_a_publish_that_changes_the_companys_count_moves_the_lists(company, cached_pages, publish):
    lists, own = tokens()
    publish(ReviewFactory(company=company, verified=True))
    assert cache.get(pagecache.LISTS_KEY) != lists and cache.get(COMPANY) != own


def test_an_interview_published_moves_the_lists_which_show_its_tip(
    company, cached_pages, publish_interview
):
    lists, _ = tokens()
    publish_interview(InterviewFactory(company=company))
    assert cache.get(pagecache.LISTS_KEY) != lists
