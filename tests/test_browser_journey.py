"""A newcomer's whole journey, in Debian's Chromium, with a screenshot of every step at
390 and 1280 px wide in test-artifacts/journey/ (kept out of git)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command

from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "journey"
PROS = "재택근무가 가능하고 연차를 자유롭게 쓸 수 있어서 일과 생활의 균형을 지키기 좋습니다."
CONS = "사업 공고 시기에는 업무가 한꺼번에 몰려서 몇 주 동안 야근이 이어지기도 합니다."


def snap(page, step: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(ARTIFACTS / f"{step}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_search_sign_up_review_moderation_and_the_scores_change(browser, live_server, moderator):
    call_command("load_demo")
    visitor = browser.new_context(locale="ko-KR", timezone_id="Asia/Seoul")
    page = visitor.new_page()

    page.goto(live_server.url + "/")
    snap(page, "00-home")
    page.get_by_label("기업 이름 검색").fill("진흥원")
    page.get_by_role("button", name="검색").click()
    snap(page, "01-search")
    page.get_by_role("link", name="정보통신산업진흥원").click()
    assert page.locator(".satisfaction-number").inner_text() == "83점"
    assert page.get_by_text("게시된 리뷰 20건", exact=True).is_visible()
    snap(page, "02-company")
    for step, path in [
        ("02a-reviews", "/companies/nipa/reviews/"),
        ("02b-interviews", "/companies/nipa/interviews/"),
        ("02c-report", "/companies/nipa/report/"),
        ("02d-privacy", "/privacy/"),
    ]:
        page.goto(live_server.url + path)
        snap(page, step)
    page.goto(live_server.url + "/companies/nipa/")

    page.get_by_role("link", name="회원가입").click()
    page.get_by_label("이메일").fill("newcomer@example.com")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_label("이용약관에 동의합니다").check()
    page.get_by_label("개인정보 수집·이용에 동의합니다").check()
    page.get_by_label("만 14세 이상입니다").check()
    snap(page, "03-signup")
    page.get_by_role("button", name="회원가입").click()
    page.wait_for_url(re.compile(r"/accounts/confirm-email/$"))
    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    snap(page, "04-confirm")
    page.get_by_role("button", name="확인").click()
    page.get_by_role("link", name="내 활동").wait_for()  # confirmed and signed in

    page.goto(live_server.url + "/companies/nipa/reviews/new/")
    page.get_by_label("현직자").check()
    page.get_by_label("직무").select_option(label="개발")
    for key, stars in (
        ("culture", 1),
        ("pay_benefits", 1),
        ("career", 1),
        ("work_life", 1),
        ("leadership", 1),
    ):
        page.locator(f"label[for=id_{key}_{stars - 1}]").click()
    page.get_by_label("한 줄 요약").fill("새로 온 사람의 솔직한 리뷰")
    page.get_by_label("장점").fill(PROS)
    page.get_by_label("단점").fill(CONS)
    snap(page, "05-review-form")
    page.get_by_role("button", name="리뷰 제출하기").click()
    page.get_by_text("리뷰가 접수되었습니다.").wait_for()
    assert page.get_by_text("검수중").is_visible()
    snap(page, "06-pending")

    admin = browser.new_context(locale="ko-KR")
    moderator_page = admin.new_page()
    moderator_page.goto(live_server.url + "/admin/")
    moderator_page.get_by_label("이메일").fill(moderator.email)
    moderator_page.locator("#id_password").fill(PASSWORD)
    moderator_page.get_by_role("button", name="로그인").click()
    moderator_page.get_by_role("link", name="검수 대기 리뷰").click()
    moderator_page.get_by_role("row").filter(has_text="새로 온 사람의 솔직한 리뷰").get_by_role(
        "checkbox"
    ).check()
    moderator_page.locator("select[name=action]").select_option(label="게시")
    moderator_page.get_by_role("button", name="실행").click()
    moderator_page.get_by_text("1건을 게시 처리했습니다.").wait_for()
    snap(moderator_page, "07-moderator")
    admin.close()

    page.goto(live_server.url + "/me/")
    assert page.get_by_text("게시", exact=True).first.is_visible()
    page.goto(live_server.url + "/companies/nipa/")
    assert page.get_by_text("게시된 리뷰 21건", exact=True).is_visible()
    # The 20 demo reviews' ratings add up to 85 + 84 + 78 + 93 + 76 = 416; five 1-star
    # ratings more over 21 reviews: 421 × 20 / (21 × 5) = 80.19 → 80점.
    assert page.locator(".satisfaction-number").inner_text() == "80점"
    snap(page, "08-scores-changed")
    visitor.close()
    assert len(list(ARTIFACTS.glob("*.png"))) == 26
