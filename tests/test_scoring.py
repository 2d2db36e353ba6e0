"""The scoring rules of PRODUCT.md, from hand-computed cases."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from nipa_reviews.submissions import services as submissions
from reviews.models import CompanyScore, Review, SiteScore, bayesian_average, round_half_up
from tests.concurrency import run_at_once
from tests.factories import CompanyFactory, ReviewFactory

pytestmark = pytest.mark.django_db

SEOUL = ZoneInfo("Asia/Seoul")


def score_of(company) -> CompanyScore:
    return CompanyScore.objects.get(company=company)


def page_text(client, company) -> str:
    return client.get(company.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Fraction(165, 2), 83),
        (Fraction(1649, 20), 82),
        (Fraction(416, 5), 83),
        (Fraction(0), 0),
        (Fraction(100), 100),
    ],
)
def test_round_half_up(value, expected):
    assert round_half_up(value) == expected


def test_category_mean_4_125_shows_83(client, publish):
    company = CompanyFactory()
    # culture: one 5 and seven 4s = 33 / 8 = 4.125 → 82.5 → 83 (not banker's 82)
    publish(ReviewFactory(company=company, culture=5))
    publish(*ReviewFactory.create_batch(7, company=company, culture=4))
    score = score_of(company)
    assert score.culture == Decimal("82.50")
    assert [line.points for line in score.categories()][0] == 83
    assert "조직문화/분위기</span>" in page_text(client, company)
    assert "83점" in page_text(client, company)


def test_total_is_the_mean_of_the_unrounded_category_scores(publish):
    company = CompanyFactory()
    ratings = [
        {"culture": 5, "pay_benefits": 4, "career": 3, "work_life": 5, "leadership": 2},
        {"culture": 4, "pay_benefits": 4, "career": 4, "work_life": 5, "leadership": 3},
        {"culture": 4, "pay_benefits": 5, "career": 3, "work_life": 4, "leadership": 4},
    ]
    publish(*[ReviewFactory(company=company, **r) for r in ratings])
    score = score_of(company)
    # categories: 13/3·20 = 86.67, 13/3·20 = 86.67, 10/3·20 = 66.67, 14/3·20 = 93.33, 9/3·20 = 60
    assert [line.points for line in score.categories()] == [87, 87, 67, 93, 60]
    # total: (86.67 + 86.67 + 66.67 + 93.33 + 60) / 5 = 78.67 → 79
    assert score.total == Decimal("78.67")
    assert score.total_points() == 79


def test_scores_appear_only_from_the_threshold(client, publish):
    company = CompanyFactory()
    publish(*ReviewFactory.create_batch(2, company=company))
    text = page_text(client, company)
    assert "게시된 리뷰가 2건입니다. 3건 이상이 되면 만족도 점수가 공개됩니다." in text
    assert "총 만족도 점수" not in text
    publish(ReviewFactory(company=company))
    text = page_text(client, company)
    assert "총 만족도 점수" in text
    assert "80점" in text


@override_settings(SCORE_MIN_REVIEWS=5)
def test_threshold_is_a_setting(client, publish):
    company = CompanyFactory()
    publish(*ReviewFactory.create_batch(4, company=company))
    assert "5건 이상이 되면" in page_text(client, company)


def test_pending_rejected_and_hidden_reviews_are_not_counted(publish):
    company = CompanyFactory()
    publish(*ReviewFactory.create_batch(3, company=company, culture=5))
    ReviewFactory(company=company, culture=1)  # pending
    submissions.reject(
        item=ReviewFactory(company=company, culture=1), moderator=None, reason="광고"
    )
    hidden = publish(ReviewFactory(company=company, culture=1))
    submissions.hide(item=hidden, moderator=None, reason="신고 누적")
    score = score_of(company)
    assert score.review_count == 3
    assert score.culture == 100


def test_hiding_and_restoring_move_the_score(publish):
    company = CompanyFactory()
    publish(*ReviewFactory.create_batch(3, company=company, culture=5))
    low = publish(ReviewFactory(company=company, culture=1))
    assert score_of(company).culture == 80  # (5 + 5 + 5 + 1) / 4 × 20
    submissions.hide(item=low, moderator=None, reason="확인 필요")
    assert score_of(company).culture == 100
    publish(Review.objects.get(pk=low.pk))
    assert score_of(company).culture == 80


def test_editing_a_published_review_updates_the_scores(publish):
    company = CompanyFactory()
    reviews = publish(*ReviewFactory.create_batch(3, company=company, work_life=3))
    submissions.update(item=reviews[0], work_life=5)
    assert score_of(company).work_life == Decimal("73.33")  # (5 + 3 + 3) / 3 × 20


def test_deleting_a_published_review_updates_the_scores(publish):
    company = CompanyFactory()
    reviews = publish(*ReviewFactory.create_batch(4, company=company, career=5))
    submissions.update(item=reviews[0], career=1)
    submissions.delete(item=reviews[0])
    score = score_of(company)
    assert score.review_count == 3
    assert score.career == 100


def test_as_of_is_the_korean_day_of_the_last_change(publish):
    company = CompanyFactory()
    # 2024-08-20 23:30 UTC is already 2024-08-21 in Seoul.
    publish(
        *ReviewFactory.create_batch(3, company=company),
        at=datetime(2024, 8, 20, 23, 30, tzinfo=ZoneInfo("UTC")),
    )
    assert score_of(company).as_of == date(2024, 8, 21)


def test_bayesian_average_formula():
    # m = 70, C = 10: one 5-star review → (700 + 100) / 11 = 72.7; 50 reviews at 84 → 81.7
    assert bayesian_average(Fraction(70), 1, Fraction(100)) == Fraction(800, 11)
    assert bayesian_average(Fraction(70), 50, Fraction(84)) == Fraction(4900, 60)


@override_settings(SCORE_MIN_REVIEWS=1)
def test_one_five_star_review_ranks_below_fifty_reviews_at_four_point_two(client, publish):
    one_review = CompanyFactory(name="가별다섯")
    many_reviews = CompanyFactory(name="나오십")
    average = CompanyFactory(name="다평범")
    five = {"culture": 5, "pay_benefits": 5, "career": 5, "work_life": 5, "leadership": 5}
    three = {"culture": 3, "pay_benefits": 3, "career": 3, "work_life": 3, "leadership": 3}
    publish(ReviewFactory(company=one_review, **five))
    # 10 five-star and 40 four-star reviews: 4.2 stars, 84 points
    publish(*ReviewFactory.create_batch(10, company=many_reviews, **five))
    publish(*ReviewFactory.create_batch(40, company=many_reviews))
    # 73 three-star reviews bring the site-wide mean to (100 + 4200 + 4380) / 124 = 70
    publish(*ReviewFactory.create_batch(73, company=average, **three))
    call_command("verify_scores", "--fix")  # every ranking with the final site-wide mean
    assert SiteScore.current().mean_total() == 70
    assert score_of(one_review).total == 100
    names = [
        c.name for c in client.get(reverse("companies:list"), {"sort": "score"}).context["page"]
    ]
    assert names == ["나오십", "가별다섯", "다평범"]


def test_verify_scores_is_clean_after_every_kind_of_change(publish, capsys):
    company = CompanyFactory()
    reviews = publish(*ReviewFactory.create_batch(4, company=company))
    submissions.update(item=reviews[0], leadership=1)
    submissions.hide(item=reviews[1], moderator=None, reason="x")
    submissions.delete(item=reviews[2])
    call_command("verify_scores")
    assert "scores verified" in capsys.readouterr().out


def test_verify_scores_reports_drift_and_exits_1(publish, capsys):
    company = CompanyFactory()
    publish(*ReviewFactory.create_batch(3, company=company))
    CompanyScore.objects.filter(company=company).update(sum_culture=1, review_count=5)
    with pytest.raises(SystemExit) as exit_:
        call_command("verify_scores")
    assert exit_.value.code == 1
    out = capsys.readouterr().out
    assert f"company {company.pk}: review_count stored 5, recomputed 3" in out
    assert f"company {company.pk}: sum_culture stored 1, recomputed 12" in out
    call_command("verify_scores", "--fix")
    call_command("verify_scores")
    assert score_of(company).review_count == 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_parallel_publishes_lose_no_update(capsys):
    company = CompanyFactory()
    reviews = ReviewFactory.create_batch(12, company=company)
    errors = run_at_once(lambda review: submissions.publish(item=review, moderator=None), reviews)
    assert errors == []
    assert score_of(company).review_count == 12
    call_command("verify_scores")
    assert "scores verified" in capsys.readouterr().out


def test_rebuilt_scores_take_the_day_of_the_latest_publish(publish):
    from datetime import datetime

    company = CompanyFactory()
    publish(
        *ReviewFactory.create_batch(3, company=company),
        at=datetime(2024, 8, 20, 16, 0, tzinfo=SEOUL),
    )
    CompanyScore.objects.filter(company=company).delete()
    submissions.rebuild()
    assert score_of(company).as_of == date(2024, 8, 20)
