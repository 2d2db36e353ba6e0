"""`make run`'s demo data: the reference report's numbers, computed from published reviews."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from reviews.models import Review
from tests.test_company_page import visible_text

pytestmark = pytest.mark.django_db

REPORT_SCORES = {
    "조직문화/분위기": 85,
    "연봉/복지": 84,
    "커리어/성장": 78,
    "근무시간/휴가": 93,
    "경영진/비전": 76,
}


@pytest.fixture
def demo(db):
    call_command("load_demo")


def test_demo_page_shows_the_report_scores_and_date(client, demo):
    text = visible_text(client.get("/companies/nipa/"))
    assert "83점 총 만족도 점수" in text
    for label, points in REPORT_SCORES.items():
        assert f"{label} {points}점" in text
    assert "기준일 2024.08.21" in text
    assert "게시된 리뷰 20건" in text
    for quote in (
        "재택근무가 가능하다.",
        "정시퇴근이 가능하다.",
        "연차사용이 자유롭다.",
        "특정 시기에 업무가 몰린다.",
        "경영부서 기피현상이 심하다.",
        "보직자에 따라서 업무강도와 분위기가 달라진다.",
    ):
        assert quote in text


def test_demo_api_gives_the_report_numbers(client, demo):
    satisfaction = client.get("/api/companies/nipa/").json()["satisfaction"]
    assert satisfaction == {
        "total": 83.2,
        "categories": {
            "culture": 85.0,
            "pay_benefits": 84.0,
            "career": 78.0,
            "work_life": 93.0,
            "leadership": 76.0,
        },
        "review_count": 20,
        "as_of": "2024-08-21",
    }


def test_demo_reviews_come_from_marked_demo_accounts(demo):
    reviews = Review.objects.select_related("author")
    assert reviews.count() == 20
    for review in reviews:
        assert review.status == "published"
        assert review.author.email.endswith("@demo.invalid")
        assert review.author.first_name == "데모 계정 (실제 사람이 아님)"
        assert not review.author.has_usable_password()


def test_demo_highlights_are_quotes_from_the_reviews(demo):
    from reviews.models import Highlight

    for highlight in Highlight.objects.select_related("review"):
        source = highlight.review.pros if highlight.kind == "positive" else highlight.review.cons
        assert highlight.text in source


def test_load_demo_twice_changes_nothing_and_scores_verify(demo, capsys):
    call_command("load_demo")
    assert Review.objects.count() == 20
    call_command("verify_scores")
    assert "scores verified" in capsys.readouterr().out


REPORT_INTERVIEW = [
    "면접난이도 다소 어려움",
    "면접분위기 보통",
    "2023년 하반기 · 신입 · 기획/전략/경영 · 진행중",
    "1:6 면접으로 진행되었습니다. 자기소개 및 지원동기 등 간단한 질문과 상황제시 질문과 자소서 관련 "
    "질문들이 주였습니다.면접관수가 많아서 분위기에 압도당했지만 압박면접이나 이런건 없었습니다.(꼬리질문은 있었음)",
    "Q1. 다른 직원의 도움이 필요하고, 급하게 처리해야 할 일이 있을때 누구에게 물을 것인가?",
    "Q2. 우리회사에 들어와서 하고싶은 사업이 있는지?",
    "아직 합격발표가 나지 않아서 정답인진 모르겠지만 자소서에서 강조하고 있는 역량의 일관성을 "
    "시험하는듯한 느낌이 들었습니다.",
]


def test_demo_report_shows_the_report_interview_section(client, demo):
    text = visible_text(client.get("/companies/nipa/report/"))
    section = text[text.index("면접꿀팁") :]
    missing = [fact for fact in REPORT_INTERVIEW if fact not in section]
    assert missing == []


def test_demo_page_sums_up_the_interview_section(client, demo):
    """The company page shows the labels, the results, the latest questions and tip; the
    whole experience is a click away."""
    text = visible_text(client.get("/companies/nipa/"))
    section = text[text.index("면접꿀팁") : text.index("기업개요", text.index("면접꿀팁"))]
    summary = [
        "면접난이도 다소 어려움",
        "면접분위기 보통",
        "합격 0 불합격 0 진행중 1",
        "다른 직원의 도움이 필요하고, 급하게 처리해야 할 일이 있을때 누구에게 물을 것인가?",
        "우리회사에 들어와서 하고싶은 사업이 있는지?",
        REPORT_INTERVIEW[-1],
    ]
    assert [fact for fact in summary if fact not in section] == []


def test_demo_api_gives_the_report_interview_labels(client, demo):
    interviews = client.get("/api/companies/nipa/").json()["interviews"]
    assert interviews == {
        "count": 1,
        "difficulty": 4.0,
        "difficulty_label": "다소 어려움",
        "atmosphere": 2.0,
        "atmosphere_label": "보통",
        "results": {"passed": 0, "failed": 0, "pending": 1},
    }


def test_demo_has_verified_reviews_with_their_own_scores(client, demo):
    from fractions import Fraction

    from nipa_reviews.arithmetic import decimal_of
    from reviews.demo import DEMO_VERIFIED, demo_ratings
    from reviews.models import CATEGORY_KEYS

    assert Review.objects.filter(verified=True).count() == DEMO_VERIFIED
    text = visible_text(client.get("/companies/nipa/"))
    assert f"전체 20건 중 {DEMO_VERIFIED}건이 재직 인증을 마친 직원의 리뷰입니다." in text
    assert "83점 총 만족도 점수" in text  # the all-review score is still the report's
    verified = client.get("/api/companies/nipa/").json()["satisfaction_verified"]
    ratings = demo_ratings()[:DEMO_VERIFIED]
    for key in CATEGORY_KEYS:
        exact = Fraction(20 * sum(r[key] for r in ratings), DEMO_VERIFIED)
        assert verified["categories"][key] == float(decimal_of(exact, "0.1"))
    assert verified["review_count"] == DEMO_VERIFIED


def test_searching_the_demo_for_재택_finds_재택근무_marked(client, analyser):
    # load_demo analyses what it published (in-process here, as `make run` without a worker).
    call_command("load_demo")
    response = client.get("/companies/nipa/reviews/", {"q": "재택"})
    found = list(response.context["page"])
    assert found and all("재택근무" in review.pros + review.cons for review in found)
    assert "<mark>재택</mark>근무가 가능하다." in response.content.decode()
    page = client.get("/companies/nipa/").content.decode()
    assert "장점 키워드" in page and "단점 키워드" in page
