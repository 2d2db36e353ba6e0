"""Demo reviews for the reference company: clearly marked demo accounts whose published
ratings reproduce the report (85, 84, 78, 93, 76 → 83점, as of 2024.08.21) and whose
pros and cons carry the report's quotes."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction

from companies.models import Company, EmploymentVerification, JobCategory
from companies.verification import VERIFICATION_VALID_FOR, email_hash
from nipa_reviews.submissions import services as submissions
from nipa_reviews.submissions.kinds import kind_of

from . import services
from .models import CATEGORY_KEYS, Highlight, Review

DEMO_EMAIL = "demo-reviewer-{:02d}@demo.invalid"
DEMO_NAME = "데모 계정 (실제 사람이 아님)"
SEOUL = ZoneInfo("Asia/Seoul")
AS_OF = datetime(2024, 8, 21, 10, 0, tzinfo=SEOUL)

# Category sums over the 20 reviews; with 20 reviews the category score equals the sum.
REPORT_SUMS = {"culture": 85, "pay_benefits": 84, "career": 78, "work_life": 93, "leadership": 76}

POSITIVE_QUOTES = ["재택근무가 가능하다.", "정시퇴근이 가능하다.", "연차사용이 자유롭다."]
NEGATIVE_QUOTES = [
    "특정 시기에 업무가 몰린다.",
    "경영부서 기피현상이 심하다.",
    "보직자에 따라서 업무강도와 분위기가 달라진다.",
]

# (employment status, job category, title, pros, cons)
REVIEWS = [
    (
        "current",
        "기획/전략/경영",
        "워라밸이 확실한 공공기관",
        "재택근무가 가능하다. 출퇴근 부담이 줄어 업무 집중도가 높아졌습니다.",
        "특정 시기에 업무가 몰린다. 연말과 사업 공고 시기에는 야근이 잦습니다.",
    ),
    (
        "current",
        "공공/복지",
        "안정적이고 정시퇴근 문화",
        "정시퇴근이 가능하다. 눈치 보지 않고 퇴근하는 분위기가 자리 잡혀 있습니다.",
        "경영부서 기피현상이 심하다. 지원 부서로 발령이 나면 다들 아쉬워합니다.",
    ),
    (
        "former",
        "연구/R&D",
        "휴가 쓰기 좋은 회사",
        "연차사용이 자유롭다. 팀장님께 미리 말씀드리면 원하는 때에 쓸 수 있습니다.",
        "보직자에 따라서 업무강도와 분위기가 달라진다. 부서 운이 크게 작용합니다.",
    ),
    (
        "current",
        "기획/전략/경영",
        "ICT 산업 전반을 보는 경험",
        "다양한 ICT 기업과 정부 사업을 함께 하며 산업 전반을 보는 눈이 생깁니다.",
        "사업 예산과 평가 일정에 맞추다 보니 보고서 작업이 많은 편입니다.",
    ),
    (
        "current",
        "개발",
        "복지와 근무환경이 좋음",
        "사내 복지 제도가 잘 갖추어져 있고 근무 환경이 쾌적한 편이라 만족합니다.",
        "기술 직군이 성장할 수 있는 경로가 뚜렷하지 않아 스스로 공부해야 합니다.",
    ),
    (
        "former",
        "인사/총무",
        "공공기관다운 안정감",
        "고용이 안정적이고 제도가 명확해서 장기적으로 일하기에 좋은 환경입니다.",
        "순환 보직이 잦아 전문성을 쌓기 전에 다른 업무로 옮기는 경우가 있습니다.",
    ),
    (
        "current",
        "마케팅/광고/홍보",
        "배울 점이 많은 선배들",
        "선배들이 업무를 친절하게 알려 주고, 협업하는 분위기가 좋은 편입니다.",
        "의사결정 단계가 많아서 일이 진행되는 속도가 느리다고 느낄 때가 있습니다.",
    ),
    (
        "current",
        "재무/회계",
        "규정이 명확한 조직",
        "규정과 절차가 명확해서 업무 기준을 잡기 쉽고 부당한 지시가 적습니다.",
        "결산 시기에는 업무량이 크게 늘어 한동안 바쁘게 지내야 합니다.",
    ),
    (
        "current",
        "기획/전략/경영",
        "사업 규모가 큰 만큼 보람",
        "국가 단위 사업을 다루기 때문에 결과가 나왔을 때의 보람이 큰 편입니다.",
        "사업 담당자 한 명이 맡는 과제 수가 많아 부담을 느낄 때가 있습니다.",
    ),
    (
        "former",
        "개발",
        "유연근무가 잘 되는 곳",
        "유연근무제가 잘 운영되어 개인 일정에 맞춰 출퇴근 시간을 조정할 수 있습니다.",
        "민간 기업보다 연봉 인상 폭이 크지 않아 이직을 고민하는 동료가 있습니다.",
    ),
    (
        "current",
        "공공/복지",
        "가정과 일의 균형",
        "육아휴직과 단축근무를 눈치 보지 않고 쓰는 분위기라 가정과 병행하기 좋습니다.",
        "경영진이 바뀔 때마다 중점 사업이 달라져 방향을 다시 잡아야 합니다.",
    ),
    (
        "current",
        "영업/고객상담",
        "기업 지원 업무의 보람",
        "중소기업을 직접 지원하면서 성장하는 모습을 볼 수 있어 보람이 있습니다.",
        "민원성 문의가 많아서 응대에 시간을 많이 쓰게 되는 점은 힘듭니다.",
    ),
    (
        "former",
        "기획/전략/경영",
        "무난하고 조용한 분위기",
        "조직 분위기가 전반적으로 조용하고 서로 존중하는 문화가 있어 편안합니다.",
        "새로운 시도를 하려면 설득해야 할 사람이 많아 변화가 느린 편입니다.",
    ),
    (
        "current",
        "연구/R&D",
        "전문성을 키울 수 있는 사업",
        "AI와 SW 정책 사업을 다루면서 최신 기술 동향을 꾸준히 접할 수 있습니다.",
        "외부 교육 기회는 있지만 업무가 바빠서 실제로 참여하기 어려울 때가 있습니다.",
    ),
    (
        "current",
        "인사/총무",
        "출퇴근이 편한 근무지",
        "교통이 편리한 곳에 있어 출퇴근이 편하고 주변 편의시설도 잘 갖추어져 있습니다.",
        "지원 부서는 성과가 잘 드러나지 않아 평가에서 불리하다고 느낄 때가 있습니다.",
    ),
    (
        "current",
        "개발",
        "휴가와 복지는 만족",
        "휴가 제도와 복지 포인트가 잘 되어 있어 개인 생활을 챙기기에 좋습니다.",
        "사업 관리 업무 비중이 커서 직접 개발할 기회는 많지 않은 편입니다.",
    ),
    (
        "former",
        "마케팅/광고/홍보",
        "좋은 동료들과 일한 곳",
        "동료들이 성실하고 서로 돕는 분위기라 함께 일하는 즐거움이 있었습니다.",
        "홍보 예산이 사업별로 나뉘어 있어 통합적인 기획을 하기가 어렵습니다.",
    ),
    (
        "current",
        "기획/전략/경영",
        "공정한 평가 제도",
        "평가 기준이 공개되어 있고 절차가 투명해서 결과를 납득하기 쉬운 편입니다.",
        "상위 기관의 요청 자료가 수시로 내려와 계획에 없던 일이 자주 생깁니다.",
    ),
    (
        "current",
        "공공/복지",
        "업무 강도는 무난한 편",
        "평소 업무 강도는 무난한 편이라 자기계발 시간을 확보할 수 있습니다.",
        "조직 규모에 비해 인력이 부족한 부서가 있어 업무 분담이 고르지 않습니다.",
    ),
    (
        "current",
        "재무/회계",
        "체계적인 신입 교육",
        "신입 교육 과정이 체계적이어서 입사 초기에 업무를 익히기가 수월했습니다.",
        "경력이 쌓여도 직급 체계상 승진에 시간이 오래 걸리는 구조입니다.",
    ),
]


# The first demo reviewers verified their employment (재직 인증) before writing, so that
# the demo shows verified reviews and, with more than SCORE_MIN_REVIEWS, their own scores.
DEMO_VERIFIED = 12


def _verify_demo_account(user, company: Company, *, at: datetime) -> None:
    """A 재직 인증 record as the flow would leave it, for a demo address on no real domain."""
    EmploymentVerification.objects.get_or_create(
        user=user,
        company=company,
        defaults={
            "email_hash": email_hash(user.email),
            "verified_at": at,
            "expires_at": at + VERIFICATION_VALID_FOR,
        },
    )


def demo_ratings() -> list[dict[str, int]]:
    """20 rating sets whose sums are REPORT_SUMS: each category spreads its sum as evenly
    as possible, the higher ratings rotated so that no two reviews look alike."""
    count = len(REVIEWS)
    ratings = [{} for _ in range(count)]
    for offset, key in enumerate(CATEGORY_KEYS):
        low, extra = divmod(REPORT_SUMS[key], count)
        for i in range(count):
            ratings[i][key] = low + (1 if (i * 7 + offset * 3) % count < extra else 0)
    return ratings


@transaction.atomic
def load_demo_reviews(company: Company) -> int:
    """Creates the demo reviews once; returns how many were created."""
    User = get_user_model()
    created = 0
    for i, ((status, job, title, pros, cons), ratings) in enumerate(
        zip(REVIEWS, demo_ratings(), strict=True)
    ):
        user, new = User.objects.get_or_create(
            email=DEMO_EMAIL.format(i + 1), defaults={"first_name": DEMO_NAME}
        )
        if new:
            user.set_unusable_password()  # nobody logs in as a demo account
            user.save(update_fields=["password"])
        EmailAddress.objects.get_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        if Review.objects.filter(author=user, company=company).exists():
            continue
        # Spread over the months before the report's date; the last one is the as-of day.
        at = AS_OF - timedelta(days=7 * (len(REVIEWS) - 1 - i))
        if i < DEMO_VERIFIED:
            _verify_demo_account(user, company, at=at - timedelta(days=30))
        review = submissions.submit(
            kind=kind_of(Review),
            company=company,
            author=user,
            employment_status=status,
            job_category=JobCategory.objects.get_or_create(name=job)[0],
            title=title,
            pros=pros,
            cons=cons,
            at=at - timedelta(days=2),
            **ratings,
        )
        submissions.publish(item=review, moderator=None, at=at)
        created += 1
    _load_highlights(company)
    return created


def _load_highlights(company: Company) -> None:
    if Highlight.objects.filter(company=company).exists():
        return
    reviews = Review.objects.published().for_company(company)
    for order, quote in enumerate(POSITIVE_QUOTES):
        review = reviews.filter(pros__contains=quote).first()
        services.highlight_create(
            review=review, kind=Highlight.Kind.POSITIVE, text=quote, order=order
        )
    for order, quote in enumerate(NEGATIVE_QUOTES):
        review = reviews.filter(cons__contains=quote).first()
        services.highlight_create(
            review=review, kind=Highlight.Kind.NEGATIVE, text=quote, order=order
        )
