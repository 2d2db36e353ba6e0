"""Reviews by verified employees: marked at submission, filtered, and scored on their own
in a second stored aggregate kept exactly like the first."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from nipa_reviews.submissions import services as submissions
from nipa_reviews.submissions.kinds import kind_of
from reviews.models import CompanyScore, CompanyVerifiedScore, Review
from tests.factories import (
    CompanyFactory,
    EmploymentVerificationFactory,
    JobCategoryFactory,
    ReviewFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def company(db):
    return CompanyFactory(slug="acme")


def submit_review(company, author, culture: int) -> Review:
    return submissions.submit(
        kind=kind_of(Review),
        company=company,
        author=author,
        employment_status="current",
        job_category=JobCategoryFactory(),
        culture=culture,
        pay_benefits=4,
        career=4,
        work_life=4,
        leadership=4,
        title="제목",
        pros="동료들이 친절하고 배울 점이 많아서 성장하기 좋은 환경입니다.",
        cons="업무가 몰리는 시기에는 야근이 잦아서 체력적으로 힘들 때가 있습니다.",
    )


def verified_author(company, *, expired: bool = False):
    expires = timezone.now() + (timedelta(days=-1) if expired else timedelta(days=300))
    return EmploymentVerificationFactory(company=company, expires_at=expires).user


def test_a_review_copies_whether_its_author_was_verified_there(company):
    assert submit_review(company, verified_author(company), 5).verified
    assert not submit_review(company, verified_author(company, expired=True), 5).verified
    assert not submit_review(company, UserFactory(), 5).verified
    elsewhere = verified_author(CompanyFactory())
    assert not submit_review(company, elsewhere, 5).verified


def test_the_mark_stays_when_the_record_goes(company):
    author = verified_author(company)
    review = submit_review(company, author, 5)
    author.employments.all().delete()
    assert Review.objects.get(pk=review.pk).verified


@pytest.mark.parametrize("verified_count", [3, 12])
def test_verified_scores_from_hand_computed_cases(
    company, verified_count, client, django_assert_num_queries
):
    """verified_count verified reviews rate culture 5, 4 and 3 in turn; one unverified rates 1."""
    ratings = [5, 4, 3] * (verified_count // 3)
    for culture in ratings:
        submissions.publish(
            item=submit_review(company, verified_author(company), culture), moderator=None
        )
    submissions.publish(item=submit_review(company, UserFactory(), 1), moderator=None)
    verified = CompanyVerifiedScore.objects.get(company=company)
    every = CompanyScore.objects.get(company=company)
    assert verified.review_count == verified_count and every.review_count == verified_count + 1
    assert verified.culture == 80  # mean 4 × 20
    assert float(every.culture) == pytest.approx(
        20 * (sum(ratings) + 1) / (verified_count + 1), abs=0.01
    )
    assert verified.total == (80 + 80 * 4) / 5  # the other four categories rate 4: 80 each
    assert submissions.drift() == []

    with django_assert_num_queries(12):  # as in test_company_page: verified scores add none
        page = client.get(company.get_absolute_url()).content.decode()
    assert f"전체 {verified_count + 1}건 중 {verified_count}건이 재직 인증을 마친" in page
    assert "인증된 리뷰만의 총 만족도 80점" in page
    api = client.get("/api/companies/acme/").json()
    assert api["satisfaction_verified"]["review_count"] == verified_count
    assert api["satisfaction_verified"]["categories"]["culture"] == 80.0
    assert api["satisfaction"]["review_count"] == verified_count + 1


def test_hiding_a_verified_review_moves_the_verified_scores(company, moderator):
    reviews = [submit_review(company, verified_author(company), c) for c in (5, 3, 4)]
    for review in reviews:
        submissions.publish(item=review, moderator=None)
    submissions.hide(item=reviews[0], moderator=moderator, reason="확인 중")
    verified = CompanyVerifiedScore.objects.get(company=company)
    assert (verified.review_count, verified.culture) == (2, 70)
    submissions.delete(item=reviews[1])
    assert CompanyVerifiedScore.objects.get(company=company).review_count == 1
    assert submissions.drift() == []


def test_verify_scores_checks_the_verified_scores(company):
    submissions.publish(item=submit_review(company, verified_author(company), 5), moderator=None)
    CompanyVerifiedScore.objects.filter(company=company).update(review_count=7)
    assert any("verified review_count stored 7" in line for line in submissions.drift())
    submissions.rebuild()
    assert submissions.drift() == []


def test_cards_say_who_was_verified_and_the_list_filters_by_it(client, company, publish):
    publish(ReviewFactory(company=company, title="인증 안 된 리뷰"))
    verified = submit_review(company, verified_author(company), 5)
    Review.objects.filter(pk=verified.pk).update(title="인증된 리뷰")
    submissions.publish(item=verified, moderator=None)
    url = reverse("reviews:list", args=["acme"])
    page = client.get(url).content.decode()
    assert "인증된 현직자" in page and "인증 안 된 리뷰" in page
    only = client.get(url, {"verified": "1"}).content.decode()
    assert "인증된 리뷰" in only and "인증 안 된 리뷰" not in only
    assert "게시된 리뷰 1건" in only
