"""The reference report's interview experience for NIPA, from a marked demo account."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction

from companies.models import Company, JobCategory
from nipa_reviews.submissions import services as submissions
from nipa_reviews.submissions.kinds import kind_of

from .models import InterviewExperience

DEMO_EMAIL = "demo-interviewee-01@demo.invalid"
DEMO_NAME = "데모 계정 (실제 사람이 아님)"
PUBLISHED_AT = datetime(2024, 1, 15, 10, 0, tzinfo=ZoneInfo("Asia/Seoul"))

# Transcribed from the reference report (면접꿀팁). 다소 어려움 = 4, 보통 = 2.
EXPERIENCE = {
    "year": 2023,
    "half": InterviewExperience.Half.SECOND,
    "level": InterviewExperience.Level.NEW,
    "result": InterviewExperience.Result.PENDING,
    "difficulty": 4,
    "atmosphere": 2,
    "format": "1:6 면접",
    "account": (
        "1:6 면접으로 진행되었습니다. 자기소개 및 지원동기 등 간단한 질문과 상황제시 질문과 "
        "자소서 관련 질문들이 주였습니다.면접관수가 많아서 분위기에 압도당했지만 압박면접이나 "
        "이런건 없었습니다.(꼬리질문은 있었음)"
    ),
    "questions": [
        "다른 직원의 도움이 필요하고, 급하게 처리해야 할 일이 있을때 누구에게 물을 것인가?",
        "우리회사에 들어와서 하고싶은 사업이 있는지?",
    ],
    "tip": (
        "아직 합격발표가 나지 않아서 정답인진 모르겠지만 자소서에서 강조하고 있는 역량의 "
        "일관성을 시험하는듯한 느낌이 들었습니다."
    ),
}


@transaction.atomic
def load_demo_interviews(company: Company) -> int:
    user, new = get_user_model().objects.get_or_create(
        email=DEMO_EMAIL, defaults={"first_name": DEMO_NAME}
    )
    if new:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    if InterviewExperience.objects.filter(author=user, company=company).exists():
        return 0
    job, _ = JobCategory.objects.get_or_create(name="기획/전략/경영")
    experience = submissions.submit(
        kind=kind_of(InterviewExperience),
        company=company,
        author=user,
        job_category=job,
        at=PUBLISHED_AT,
        **EXPERIENCE,
    )
    submissions.publish(item=experience, moderator=None, at=PUBLISHED_AT)
    return 1
