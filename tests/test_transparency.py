"""Transparency figures: stored counts per company, kind, month of submission and
current state, moved by the services in the transaction of each change, checked by
verify_scores, and shown (counts only) on the company page, in the API and site-wide."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from companies.models import ModerationTally
from companies.transparency import company_figures, months_back, site_figures
from nipa_reviews.moderation import services as moderation
from nipa_reviews.submissions import services as submissions
from nipa_reviews.submissions.kinds import kind_named
from tests.factories import (
    CompanyFactory,
    EmployerReplyFactory,
    InterviewFactory,
    JobCategoryFactory,
    ReviewFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

KST = ZoneInfo("Asia/Seoul")


def submit(company, *, at=None):
    """A review through the one path users take."""
    return submissions.submit(
        kind=kind_named("review"),
        company=company,
        author=UserFactory(),
        at=at,
        employment_status="current",
        job_category=JobCategoryFactory(),
        title="제목",
        pros="동료들이 친절하고 배울 점이 많아서 성장하기 좋은 환경입니다.",
        cons="업무가 몰리는 시기에는 야근이 잦아서 체력적으로 힘들 때가 있습니다.",
        culture=4,
        pay_benefits=3,
        career=4,
        work_life=3,
        leadership=4,
    )


@pytest.fixture
def fixture(settings, moderator, publish):
    """By hand: this month, 7 reviews of `company` submitted: 2 published, 1 pending, 1
    rejected as 광고·홍보, 1 hidden as 욕설·비방, 1 hidden by reports, 1 under 임시조치; one
    published 기업 답변. 400 days ago, one more, published. Another company: 1 published."""
    settings.REPORT_AUTOHIDE_THRESHOLD = 1
    company = CompanyFactory(slug="acme")
    reviews = [submit(company) for _ in range(7)]
    published, also_published, _pending, rejected, hidden, reported, taken_down = reviews
    publish(published, also_published, hidden, reported, taken_down)
    moderation.moderate(
        item=rejected, action="reject", moderator=moderator, reason="광고", category="promotion"
    )
    moderation.moderate(
        item=hidden, action="hide", moderator=moderator, reason="욕설", category="abuse"
    )
    moderation.report_submit(item=reported, reporter=UserFactory(), reason="abuse")
    moderation.moderate(
        item=taken_down,
        action="takedown",
        moderator=moderator,
        reason="권리 침해 주장",
        takedown_until=timezone.localdate() + timedelta(days=10),
    )
    publish(EmployerReplyFactory(review=published))
    publish(submit(company, at=timezone.now() - timedelta(days=400)))
    publish(submit(CompanyFactory()))
    return company


def test_company_figures_match_the_hand_count(fixture):
    figures = company_figures(fixture.pk)
    recent, all_time = figures["recent"], figures["all_time"]
    assert {key: recent[key] for key in recent if not key.endswith("_by")} == {
        "submitted": 7,
        "published": 2,
        "pending": 1,
        "rejected": 1,
        "hidden": 1,
        "reports": 1,
        "takedown": 1,
        "replies": 1,
    }
    assert recent["rejected_by"]["promotion"] == 1 and sum(recent["rejected_by"].values()) == 1
    assert recent["hidden_by"]["abuse"] == 1 and sum(recent["hidden_by"].values()) == 1
    assert (all_time["submitted"], all_time["published"]) == (8, 3)
    assert figures["since"] == months_back(12)[0]
    assert submissions.drift() == []


def test_the_company_page_and_the_api_show_the_counts(client, fixture):
    page = client.get(fixture.get_absolute_url()).content.decode()
    box = page[page.index('id="transparency"') :]
    box = box[: box.index("</section>")]
    assert "접수된 리뷰</th>" in box and '<td class="text-end">7건</td>' in box
    assert '<td class="text-end">8건</td>' in box  # all time
    for label in ["광고·홍보", "욕설·비방", "임시조치 중", "신고 누적으로 숨김", "기업 답변 게시"]:
        assert label in box
    assert "개인정보 노출" not in box  # a reason nobody was rejected or hidden for
    data = client.get("/api/companies/acme/").json()["transparency"]
    assert data["submitted"] == 7 and data["hidden_by_reports"] == 1
    assert data["takedown"] == 1 and data["replies"] == 1
    assert data["rejected_by"]["promotion"] == 1 and data["hidden_by"]["abuse"] == 1


def test_a_company_without_reviews_says_so(client):
    page = client.get(CompanyFactory().get_absolute_url()).content.decode()
    assert "아직 이 기업에 접수된 리뷰가 없습니다." in page


def test_every_change_moves_the_counts_and_nothing_drifts(moderator, publish):
    company = CompanyFactory()
    review = submit(company)
    publish(review)
    moderation.moderate(
        item=review,
        action="takedown",
        moderator=moderator,
        reason="권리 침해 주장",
        takedown_until=timezone.localdate() + timedelta(days=3),
    )
    assert company_figures(company.pk)["recent"]["takedown"] == 1
    moderation.moderate(item=review, action="restore", moderator=moderator)
    figures = company_figures(company.pk)["recent"]
    assert (figures["takedown"], figures["published"]) == (0, 1)
    experience = InterviewFactory(company=company)
    submissions.delete(item=review)
    assert company_figures(company.pk)["recent"]["submitted"] == 0
    assert ModerationTally.objects.filter(kind="interview", count=1).count() == 1
    submissions.delete(item=experience)
    assert submissions.drift() == []


def test_drift_is_reported_and_rebuilt(publish):
    company = CompanyFactory()
    publish(submit(company))
    ModerationTally.objects.filter(company=company, state="published").update(count=5)
    month = months_back(1)[0]
    assert submissions.drift() == [
        f"company {company.pk}: transparency review {month:%Y-%m} published  stored 5, recomputed 1"
    ]
    submissions.rebuild()
    assert submissions.drift() == []
    assert company_figures(company.pk)["recent"]["published"] == 1


def test_the_month_is_korean_time():
    company = CompanyFactory()
    # 2026-10-31 15:30 UTC is 2026-11-01 00:30 in Korea.
    at = datetime(2026, 10, 31, 15, 30, tzinfo=ZoneInfo("UTC"))
    ReviewFactory(company=company, created_at=at)
    row = ModerationTally.objects.get(company=company)
    assert row.month == datetime(2026, 11, 1, tzinfo=KST).date()
    assert submissions.drift() == []


def test_the_site_page_counts_by_month_and_states_the_rules(client, fixture):
    months = site_figures()
    assert len(months) == 12 and months[-1]["month"] == months_back(1)[0]
    assert months[-1]["submitted"] == 8  # the fixture's 7 and the other company's 1
    assert sum(month["submitted"] for month in months[:-1]) == 0  # 400 days ago is older
    response = client.get(reverse("transparency"))
    page = response.content.decode()
    assert response.status_code == 200
    for rule in ["20을 곱한", "정보통신망법 제44조의2", "가림 처리", "광고·홍보", "1명이 신고하면"]:
        assert rule in page


@pytest.mark.parametrize("size", [1, 15])
def test_the_site_page_query_count_does_not_grow(client, django_assert_num_queries, size):
    for _ in range(size):
        ReviewFactory(company=CompanyFactory(), created_at=timezone.now() - timedelta(days=40))
        ReviewFactory()
    with django_assert_num_queries(1):  # the stored counts of the last 12 months
        assert client.get(reverse("transparency")).status_code == 200
