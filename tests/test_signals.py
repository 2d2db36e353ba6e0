"""Manipulation signals: each is found when a submission arrives, from the pattern it names
and not from anything else, and shown in the admin queue; none changes a status."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from nipa_reviews.submissions import services as submissions
from nipa_reviews.submissions.kinds import kind_named
from nipa_reviews.submissions.models import Status
from nipa_reviews.submissions.signals import similarity, trigrams
from reviews.models import CATEGORY_KEYS, Review
from tests.factories import (
    CompanyFactory,
    InterviewFactory,
    JobCategoryFactory,
    ReviewFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

REVIEW = kind_named("review")
NOW = timezone.now()
TEXTS = [
    (
        "연봉이 업계 평균보다 높고 복지 포인트가 넉넉합니다",
        "보고 절차가 복잡하고 결재가 오래 걸립니다",
    ),
    ("재택근무가 자유롭고 장비 지원이 좋습니다", "신규 사업이 자주 바뀌어 방향을 잡기 어렵습니다"),
    (
        "교육 지원과 자기계발비가 있어 공부하기 좋습니다",
        "회의가 많아 집중해서 일할 시간이 부족합니다",
    ),
    (
        "팀장님들이 합리적이고 의견을 잘 들어 줍니다",
        "지방 근무지가 있어 순환 근무가 부담스럽습니다",
    ),
]


def old_user():
    user = UserFactory()
    user.date_joined = NOW - timedelta(days=30)
    user.save(update_fields=["date_joined"])
    return user


def submit_review(company, *, author=None, at=None, text=0, ratings=(4, 3, 4, 3, 4), **extra):
    pros, cons = TEXTS[text % len(TEXTS)]
    fields = {
        "employment_status": "current",
        "job_category": JobCategoryFactory(),
        "title": f"리뷰 {text}",
        "pros": (pros + " ") * 2,
        "cons": (cons + " ") * 2,
        **dict(zip(CATEGORY_KEYS, ratings, strict=True)),
        **extra,
    }
    return submissions.submit(
        kind=REVIEW, company=company, author=author or old_user(), at=at or NOW, **fields
    )


def codes(item) -> set[str]:
    return {flag["code"] for flag in item.signals}


def test_an_ordinary_review_raises_no_signal():
    review = submit_review(CompanyFactory())
    assert review.signals == [] and review.signal_count == 0


def history(company, *, per_day: int, days: int = 90):
    """Earlier reviews, written directly: signals only read them."""
    for day in range(1, days + 1):
        for i in range(per_day):
            ReviewFactory(company=company, created_at=NOW - timedelta(days=day, hours=i + 1))


@pytest.mark.parametrize("limit", [10, 2])
def test_burst_over_the_daily_limit(settings, limit):
    settings.SIGNAL_BURST_PER_DAY = limit
    company = CompanyFactory()
    # A daily mean of 4: three times it is 12, so only the absolute limit can trip.
    history(company, per_day=4)
    reviews = [
        submit_review(company, at=NOW - timedelta(minutes=limit - i), text=i)
        for i in range(limit + 1)
    ]
    assert "burst" not in codes(reviews[limit - 1])
    assert "burst" in codes(reviews[limit])
    burst = next(flag for flag in reviews[limit].signals if flag["code"] == "burst")
    assert f"{limit + 1}건" in burst["reason"]


def test_burst_three_times_the_trailing_mean():
    company = CompanyFactory()
    history(company, per_day=1, days=30)  # 30 in 90 days: a mean of 1/3 a day
    first, second, third = (submit_review(company, at=NOW, text=i) for i in range(3))
    assert "burst" not in codes(first) | codes(second)
    assert "burst" in codes(third)


def test_a_busy_company_at_its_usual_pace_is_no_burst():
    company = CompanyFactory()
    history(company, per_day=3)
    today = [submit_review(company, at=NOW, text=i) for i in range(3)]
    assert all("burst" not in codes(review) for review in today)


def test_burst_counts_one_company_only():
    companies = CompanyFactory.create_batch(3)
    reviews = [submit_review(companies[i % 3], at=NOW, text=i) for i in range(6)]
    assert all("burst" not in codes(review) for review in reviews)


def test_new_account():
    fresh = UserFactory()  # joined just now
    review = submit_review(CompanyFactory(), author=fresh)
    assert codes(review) == {"new_account"}
    day_old = UserFactory()
    day_old.date_joined = NOW - timedelta(hours=25)
    day_old.save(update_fields=["date_joined"])
    assert "new_account" not in codes(submit_review(CompanyFactory(), author=day_old))


@pytest.mark.parametrize("rating", [5, 1])
def test_extreme_ratings(rating):
    review = submit_review(CompanyFactory(), ratings=(rating,) * 5)
    assert codes(review) == {"extreme"}
    assert f"{rating}점" in review.signals[0]["reason"]


def test_mixed_top_ratings_are_not_extreme():
    assert codes(submit_review(CompanyFactory(), ratings=(5, 5, 5, 5, 4))) == set()


def test_interviews_have_no_extreme_signal():
    experience = submissions.submit(
        kind=kind_named("interview"),
        company=CompanyFactory(),
        author=old_user(),
        year=2024,
        half="first",
        level="new",
        job_category=JobCategoryFactory(),
        difficulty=5,
        atmosphere=3,
        result="passed",
        format="1:3 면접",
        account="자기소개와 지원동기를 묻는 질문이 많았고 분위기는 차분했습니다.",
        tip="회사의 최근 사업을 미리 공부해 가세요.",
        questions=["자기소개를 해 주세요."],
    )
    assert experience.signals == []


def test_near_duplicate_of_a_recent_review_of_the_same_company():
    company = CompanyFactory()
    submit_review(company, text=0, at=NOW - timedelta(days=200))
    copy = submit_review(company, text=0, title="다른 제목")
    assert codes(copy) == {"near_duplicate"}
    assert "유사" in copy.signals[0]["reason"]


def test_no_near_duplicate_for_other_text_another_company_or_an_old_review():
    company = CompanyFactory()
    submit_review(company, text=0, at=NOW - timedelta(days=400))
    submit_review(CompanyFactory(), text=1)
    assert "near_duplicate" not in codes(submit_review(company, text=1))


def test_trigram_similarity_follows_pg_trgm():
    # pg_trgm: similarity('word', 'two words') = 4 shared / 11 = 0.363636
    assert similarity(trigrams("word"), trigrams("two words")) == pytest.approx(4 / 11)
    assert similarity(trigrams("같은 글"), trigrams("같은 글!")) == 1.0


def test_spread_over_three_companies_in_a_week():
    author = old_user()
    first = submit_review(CompanyFactory(), author=author, at=NOW - timedelta(days=6), text=0)
    experience = InterviewFactory(author=author)  # another kind counts too
    third = submit_review(CompanyFactory(), author=author, text=2)
    assert "spread" not in codes(first)
    assert codes(third) == {"spread"}
    assert "3곳" in third.signals[0]["reason"]
    assert experience.company_id != third.company_id


def test_no_spread_over_two_companies_or_beyond_a_week():
    author = old_user()
    submit_review(CompanyFactory(), author=author, at=NOW - timedelta(days=8), text=0)
    submit_review(CompanyFactory(), author=author, at=NOW - timedelta(days=1), text=1)
    assert "spread" not in codes(submit_review(CompanyFactory(), author=author, text=2))


def test_signals_never_change_the_status():
    review = submit_review(CompanyFactory(), author=UserFactory(), ratings=(5,) * 5)
    assert review.signal_count == 2
    assert Review.objects.get(pk=review.pk).status == Status.PENDING


@pytest.mark.parametrize("size", [1, 20])
def test_submitting_runs_the_same_queries_however_much_history(size, django_assert_num_queries):
    company = CompanyFactory()
    author = old_user()
    for i in range(size):
        submit_review(company, at=NOW - timedelta(minutes=i + 1), text=i)
    fields = {
        "employment_status": "current",
        "job_category": JobCategoryFactory(),
        "title": "제목",
        "pros": "동료들이 친절하고 배울 점이 많아서 성장하기 좋은 환경입니다.",
        "cons": "업무가 몰리는 시기에는 야근이 잦아서 체력적으로 힘들 때가 있습니다.",
        **dict.fromkeys(CATEGORY_KEYS, 3),
    }
    # savepoint; lock the author; lock the company; 재직 인증; the one-per-12-months check; full_clean: the
    # author, company and job category exist, public_id is unique; signals: burst, near
    # duplicate, spread; the insert; the transparency row: lock it, save it; release
    with django_assert_num_queries(16):
        submissions.submit(kind=REVIEW, company=company, author=author, **fields)


def test_the_queue_shows_filters_and_sorts_by_signals(client, moderator):
    company = CompanyFactory()
    flagged = submit_review(company, author=UserFactory(), ratings=(1,) * 5, text=0)
    plain = submit_review(company, text=1)
    client.force_login(moderator)
    url = reverse("admin:reviews_review_changelist")
    page = client.get(url).content.decode()
    assert "극단 평점: 다섯 항목 모두 1점" in page and "새 계정: 가입한 지" in page
    for choice, shown in [("extreme", flagged), ("new_account", flagged), ("spread", None)]:
        listed = client.get(url, {"signal": choice}).context["cl"].result_list
        assert list(listed) == ([shown] if shown else [])
    assert list(client.get(url, {"signal": "any"}).context["cl"].result_list) == [flagged]
    ordering = client.get(url, {"o": "-7"}).context["cl"].result_list  # the 신호 column
    assert list(ordering)[0] == flagged and plain in ordering
