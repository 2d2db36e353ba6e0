"""What a person sees at 390 and 1280 px, in Debian's Chromium: nothing sticks out sideways,
the score is on the first screen, the header lines up, the font is ours and only what the
page needs of it is fetched, 도움이 돼요 shows when it is pressed."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command

from interviews.models import InterviewExperience
from reviews.models import Review
from tests.factories import UserFactory
from tests.test_browser_reviews import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [390, 1280]


def public_pages() -> list[str]:
    experience = InterviewExperience.objects.published().get()
    return [
        "/",
        "/companies/",
        "/companies/?q=진흥원",
        "/companies/nipa/",
        "/companies/nipa/report/",
        "/companies/nipa/reviews/",
        "/companies/nipa/reviews/?status=former",
        "/companies/nipa/interviews/",
        f"/companies/nipa/interviews/{experience.public_id}/",
        "/companies/nipa/interviews/questions/",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/terms/",
        "/privacy/",
        "/policy/",
        "/api/docs",
        "/no-such-page/",
    ]


@pytest.mark.parametrize("width", WIDTHS)
def test_no_public_page_scrolls_sideways(page, live_server, width):
    call_command("load_demo")
    page.set_viewport_size({"width": width, "height": 900})
    wide = {}
    for path in public_pages():
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            wide[path] = overflow
    assert wide == {}


@pytest.mark.parametrize("width", WIDTHS)
def test_the_score_summary_is_on_the_first_screen(page, live_server, width):
    call_command("load_demo")
    page.set_viewport_size({"width": width, "height": 844 if width == 390 else 800})
    page.goto(f"{live_server.url}/companies/nipa/")
    summary = page.locator(".company-score")
    box = summary.bounding_box()
    assert box["y"] + box["height"] <= page.viewport_size["height"]
    assert summary.locator(".satisfaction-number").inner_text() == "83점"
    assert summary.get_by_text("5점 만점에 4.2점").count() == 1
    assert summary.get_by_text("게시된 리뷰 20건").is_visible()
    assert summary.get_by_text("2024.08.21").is_visible()
    assert summary.get_by_role("link", name="리뷰 쓰기").is_visible()
    assert summary.get_by_role("link", name="면접 후기 쓰기").is_visible()
    # The five category scores of the reference report follow.
    bars = page.locator(".satisfaction .score-bar-value").all_inner_texts()
    assert bars == ["85점", "84점", "78점", "93점", "76점"]


@pytest.mark.parametrize("width", WIDTHS)
def test_sign_up_button_lines_up_with_the_navigation(page, live_server, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/")
    nav = page.get_by_role("navigation", name="주 메뉴")
    centres = {
        name: (lambda b: round(b["y"] + b["height"] / 2, 1))(
            nav.get_by_role("link", name=name, exact=True).bounding_box()
        )
        for name in ("홈", "기업 찾기", "로그인", "회원가입")
    }
    assert max(centres.values()) - min(centres.values()) <= 1, centres


@pytest.mark.parametrize("width", WIDTHS)
def test_home_has_no_empty_column_and_stacks_on_a_phone(page, live_server, width):
    call_command("load_demo")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/")
    panels = [page.locator(".home-panels > .panel").nth(i).bounding_box() for i in range(3)]
    if width == 1280:
        # side by side, the same height (a grid row): no column runs on alone
        assert len({round(p["y"]) for p in panels}) == 1
        assert len({round(p["height"]) for p in panels}) == 1
        teasers = page.locator(".review-teaser")
        assert teasers.count() == 4
        first, second = teasers.nth(0).bounding_box(), teasers.nth(1).bounding_box()
        assert round(first["y"]) == round(second["y"]) and first["x"] < second["x"]
    else:
        assert panels[0]["y"] < panels[1]["y"] < panels[2]["y"]  # one column
        assert all(p["width"] <= width for p in panels)


def test_pages_are_set_in_pretendard_and_fetch_only_the_fonts_they_need(page, live_server):
    call_command("load_demo")
    fonts: list[str] = []
    page.on("request", lambda r: r.url.endswith(".woff2") and fonts.append(r.url))
    page.goto(f"{live_server.url}/companies/nipa/")
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready")
    assert [re.sub(r".*/", "", url) for url in fonts] == ["pretendard-core.woff2"]
    family = page.locator("h1").evaluate("el => getComputedStyle(el).fontFamily")
    assert family.startswith("Pretendard")
    assert page.evaluate("document.fonts.check('700 16px Pretendard', '정보통신산업진흥원')")
    # Korean is not broken inside a word.
    assert page.locator("body").evaluate("el => getComputedStyle(el).wordBreak") == "keep-all"


def test_helpful_button_is_pressed_after_a_click_and_released_after_another(page, live_server):
    call_command("load_demo")
    log_in(page, live_server, UserFactory())
    review = Review.objects.published().filter(company__slug="nipa").first()
    page.goto(f"{live_server.url}/companies/nipa/reviews/#review-{review.public_id}")
    card = page.locator(f"#review-{review.public_id}")
    button = card.get_by_role("button", name=re.compile("도움이 돼요"))
    assert button.get_attribute("aria-pressed") == "false"
    button.click()
    page.get_by_text("도움이 돼요를 눌렀습니다.").wait_for()
    button = page.locator(f"#review-{review.public_id}").get_by_role(
        "button", name=re.compile("도움이 돼요"), pressed=True
    )
    assert button.inner_text().endswith("1")
    button.click()
    page.get_by_text("도움이 돼요를 취소했습니다.").wait_for()
    released = page.locator(f"#review-{review.public_id}").get_by_role(
        "button", name=re.compile("도움이 돼요")
    )
    assert released.get_attribute("aria-pressed") == "false"


def test_interview_questions_are_numbered_once(page, live_server):
    call_command("load_demo")
    page.goto(f"{live_server.url}/companies/nipa/interviews/")
    question = page.locator(".interview-questions li").first
    assert question.inner_text().startswith("Q1. ")
    assert question.evaluate("el => getComputedStyle(el).listStyleType") == "none"


def test_news_folds_after_two_items_a_year_and_opens_without_script(page, live_server):
    call_command("load_demo")
    page.goto(f"{live_server.url}/companies/nipa/#news")
    more = page.locator("#news details").first
    hidden = more.locator(".news-item").first
    assert not hidden.is_visible()
    more.locator("summary").click()
    assert hidden.is_visible()
