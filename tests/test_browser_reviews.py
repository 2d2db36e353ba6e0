"""Writing a review in Debian's Chromium with the keyboard alone, star ratings included."""

from __future__ import annotations

import pytest

from reviews.models import Review
from tests.factories import PASSWORD, CompanyFactory, JobCategoryFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PROS = "연차를 자유롭게 쓸 수 있고 팀 분위기가 좋아서 오래 다니고 싶은 회사입니다."
CONS = "성과 평가 기준이 모호해서 연말마다 평가 결과를 납득하기 어려울 때가 있습니다."


def log_in(page, live_server, user):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("이메일").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="로그인").click()
    page.get_by_role("link", name="내 활동").wait_for()


def test_review_form_with_the_keyboard_alone(page, live_server):
    CompanyFactory(slug="acme", name="에이크미")
    JobCategoryFactory(name="개발")
    user = UserFactory()
    log_in(page, live_server, user)
    page.goto(f"{live_server.url}/companies/acme/reviews/new/")

    page.get_by_label("현직자").focus()
    page.keyboard.press("Space")  # 현직자
    page.keyboard.press("Tab")  # 직무
    page.keyboard.press("ArrowDown")  # the first real choice after "직무를 고르세요"
    # Each star group is one tab stop; arrows move within it, like any radio group.
    for presses in (4, 3, 2, 4, 1):  # → 5, 4, 3, 5, 2 stars
        page.keyboard.press("Tab")
        page.keyboard.press("Space")  # selects the focused (first) star
        for _ in range(presses):
            page.keyboard.press("ArrowRight")
    page.keyboard.press("Tab")
    page.keyboard.type("키보드로 쓴 리뷰")
    page.keyboard.press("Tab")
    page.keyboard.type(PROS)
    page.keyboard.press("Tab")
    page.keyboard.type(CONS)
    page.keyboard.press("Tab")  # advice stays empty
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the submit button

    page.get_by_text("리뷰가 접수되었습니다.").wait_for()
    review = Review.objects.get()
    assert review.title == "키보드로 쓴 리뷰"
    assert [
        review.culture,
        review.pay_benefits,
        review.career,
        review.work_life,
        review.leadership,
    ] == [5, 4, 3, 5, 2]
    assert page.get_by_text("검수중").is_visible()


def test_star_focus_is_visible_and_checked_stars_are_filled(page, live_server):
    CompanyFactory(slug="acme")
    JobCategoryFactory(name="개발")
    log_in(page, live_server, UserFactory())
    page.goto(f"{live_server.url}/companies/acme/reviews/new/")
    page.locator("#id_culture_2").focus()
    page.keyboard.press("Space")
    label = page.locator("label[for=id_culture_2]")
    assert label.evaluate("el => getComputedStyle(el).outlineStyle") == "solid"
    filled = page.locator("label[for=id_culture_0]").evaluate("el => getComputedStyle(el).color")
    empty = page.locator("label[for=id_culture_3]").evaluate("el => getComputedStyle(el).color")
    assert filled != empty
