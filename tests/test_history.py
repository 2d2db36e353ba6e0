"""Scores over time: monthly sums by month of publication, kept with every change and
checked against a recomputation; the 12-month score, the trend, the API's history and the
report of a past year come from them."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from companies.transparency import months_back
from nipa_reviews.moderation import services as moderation
from nipa_reviews.submissions import services as submissions
from reviews.history import CompanyMonthlyScore
from reviews.models import CATEGORY_KEYS
from tests.factories import CompanyFactory, ReviewFactory

pytestmark = pytest.mark.django_db

KST = ZoneInfo("Asia/Seoul")


def rated(company, rating: int):
    return ReviewFactory(company=company, **dict.fromkeys(CATEGORY_KEYS, rating))


def at(year: int, month: int, day: int = 15) -> datetime:
    return datetime(year, month, day, 12, tzinfo=KST)


@pytest.mark.parametrize("size", [2, 12])
def test_monthly_sums_match_a_recomputation(publish, moderator, size):
    companies = CompanyFactory.create_batch(2)
    reviews = []
    for i in range(size):
        review = rated(companies[i % 2], i % 5 + 1)
        reviews.append(publish(review, at=timezone.now() - timedelta(days=31 * i)))
    moderation.moderate(
        item=reviews[0], action="hide", moderator=moderator, reason="욕설", category="abuse"
    )
    moderation.moderate(item=reviews[0], action="restore", moderator=moderator)
    moderation.moderate(
        item=reviews[1], action="hide", moderator=moderator, reason="욕설", category="abuse"
    )
    submissions.delete(item=reviews[-1])
    stored = {
        (row.company_id, row.month): (row.review_count, row.sum_culture)
        for row in CompanyMonthlyScore.objects.exclude(review_count=0)
    }
    expected = {
        key: (row.review_count, row.sum_culture)
        for key, row in CompanyMonthlyScore.recomputed().items()
    }
    assert stored == expected and len(expected) >= min(size - 2, 1)
    assert submissions.drift() == []


def test_monthly_drift_is_reported_and_rebuilt(publish):
    company = CompanyFactory()
    publish(rated(company, 4))
    CompanyMonthlyScore.objects.update(sum_culture=99)
    month = months_back(1)[0]
    assert f"company {company.pk}: monthly {month:%Y-%m} sum_culture stored 99, recomputed 4" in (
        submissions.drift()
    )
    submissions.rebuild()
    assert submissions.drift() == []


@pytest.fixture
def years(publish, moderator):
    """2024: reviews rated all 5, 4 and 3, and one all 1 hidden in 2025. 2025: two all 1.
    By the end of 2024, still published: 5, 4, 3 → 80점. All time: 5, 4, 3, 1, 1 → 56점."""
    company = CompanyFactory(slug="acme", name="에이크미")
    for rating, month in [(5, 2), (4, 5), (3, 9), (1, 11)]:
        last = publish(rated(company, rating), at=at(2024, month))
    moderation.moderate(
        item=last, action="hide", moderator=moderator, reason="허위", category="false"
    )
    for month in (3, 6):
        publish(rated(company, 1), at=at(2025, month))
    return company


def test_the_report_of_a_past_year(client, years):
    url = reverse("companies:report", args=["acme"])
    page = client.get(url, {"year": 2024}).content.decode()
    assert "에이크미 분석리포트 2024 ver." in page
    assert "<strong>80점</strong>" in page
    assert "2024.12.31" in page  # the as-of date of that year's scores
    current = client.get(url).content.decode()
    assert "<strong>56점</strong>" in current
    assert submissions.drift() == []


@pytest.mark.parametrize("year", ["1999", "3000", "abc", "2024.5"])
def test_a_year_out_of_range_is_a_korean_400(client, years, year):
    response = client.get(reverse("companies:report", args=["acme"]), {"year": year})
    assert response.status_code == 400
    assert "연도는 2000부터" in response.content.decode()


def test_the_company_page_shows_the_12_month_score_and_the_trend(client, publish):
    company = CompanyFactory(slug="acme")
    now = timezone.now()
    for rating in (1, 1, 1):  # 14 months ago: outside the last 12 months
        publish(rated(company, rating), at=now - timedelta(days=14 * 31))
    for rating in (5, 5, 4):  # this month
        publish(rated(company, rating), at=now)
    page = client.get(company.get_absolute_url()).content.decode()
    section = page[page.index('id="trend"') : page.index('id="transparency"')]
    # all time: (1+1+1+5+5+4)/6 = 2.833… × 20 = 56.7 → 57점; last 12 months: 14/3 × 20 = 93.3
    assert "전체 기간 57점" in section and "최근 12개월 93점" in section
    assert "<polyline" in section and 'role="img"' in section
    assert "style=" not in section
    assert '<td class="text-end">20점</td>' in section  # the 14-month-old score, as text
    history = client.get("/api/companies/acme/").json()["history"]
    assert len(history) == 24
    assert history[-1]["total"] == 56.7 and history[-1]["review_count"] == 6
    assert history[0]["total"] is None  # no reviews 23 months ago
