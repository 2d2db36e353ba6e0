"""Sharing an interview experience in Debian's Chromium, adding a question row."""

from __future__ import annotations

import pytest

from interviews.models import InterviewExperience
from tests.factories import CompanyFactory, JobCategoryFactory, UserFactory
from tests.test_browser_reviews import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_new_user_submits_an_experience_with_an_added_question_row(page, live_server):
    CompanyFactory(slug="acme", name="에이크미")
    JobCategoryFactory(name="개발")
    log_in(page, live_server, UserFactory())
    page.goto(f"{live_server.url}/companies/acme/interviews/new/")
    page.get_by_label("면접 연도").select_option(label="2024년")
    page.get_by_label("하반기").check()
    page.get_by_label("신입").check()
    page.get_by_label("직무").select_option(label="개발")
    page.get_by_label("진행중").check()
    page.get_by_label("다소 어려움").check()
    page.get_by_label("긴장됨").check()
    page.get_by_label("면접평가").fill(
        "발표면접과 역량면접 두 번으로 진행되었고 꼬리질문이 많았습니다."
    )
    page.get_by_label("질문 1", exact=True).fill("자기소개를 해 주세요.")
    page.get_by_label("질문 2", exact=True).fill("지원동기는?")
    page.get_by_label("질문 3", exact=True).fill("입사 후 포부는?")
    page.get_by_role("button", name="질문 칸 추가").click()
    page.get_by_label("질문 4", exact=True).fill("마지막으로 할 말은?")
    assert page.get_by_label("질문 1", exact=True).input_value() == "자기소개를 해 주세요."
    page.get_by_role("button", name="면접 후기 제출하기").click()
    page.get_by_text("면접 후기가 접수되었습니다.").wait_for()
    experience = InterviewExperience.objects.get()
    assert experience.questions.count() == 4
    assert page.get_by_text("2024년 하반기").is_visible()
