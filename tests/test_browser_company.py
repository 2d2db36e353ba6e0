"""The NIPA page as a person sees it, on a phone and on a desktop, on screen and in print."""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECTIONS = [
    "기업개요",
    "현직자 만족도",
    "최신이슈/성과",
    "어떤 가치를 추구할까?",
    "채용",
    "면접꿀팁",
]


@pytest.mark.parametrize("width", [390, 1280])
def test_nipa_page_sections_are_visible_and_fit_the_screen(page, live_server, nipa, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/companies/nipa/")
    for title in SECTIONS:
        heading = page.get_by_role("heading", name=title, exact=True)
        heading.scroll_into_view_if_needed()
        assert heading.is_visible()
    assert page.get_by_text("68.4 %").is_visible()
    # Nothing sticks out sideways: no horizontal scrolling on a phone.
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


def test_search_from_home_finds_nipa(page, live_server, nipa):
    page.goto(live_server.url + "/")
    page.get_by_label("기업 이름 검색").fill("진흥원")
    page.get_by_role("button", name="검색").click()
    page.get_by_role("link", name="정보통신산업진흥원").click()
    assert page.get_by_role("heading", name="정보통신산업진흥원 (NIPA)").is_visible()


def test_printed_report_hides_the_buttons_and_makes_pages(page, live_server, nipa):
    page.goto(f"{live_server.url}/companies/nipa/report/")
    assert page.title() == "정보통신산업진흥원 분석리포트 2024 ver."
    assert page.get_by_role("button", name="인쇄 / PDF로 저장").is_visible()
    page.emulate_media(media="print")
    assert not page.get_by_role("button", name="인쇄 / PDF로 저장").is_visible()
    pdf = page.pdf(format="A4")
    # Each section starts a new page: at least six pages.
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) >= 6
