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


HEADINGS = {
    *SECTIONS,
    "이해관계자",
    "주요 사업",
    "사업내용",
    "사업성과",
    "비전",
    "미션",
    "핵심가치",
    "채용절차",
    "참고사항",
    "채용규모",
    "면접평가",
    "면접질문",
    "면접TIP",
}


def test_every_printed_page_has_the_title_and_its_number_and_ends_on_text(page, live_server, nipa):
    """Chromium's @page margin boxes carry the report's title and 'n / N'; no page ends with
    a heading whose text went to the next page."""
    from io import BytesIO

    from pypdf import PdfReader

    page.goto(f"{live_server.url}/companies/nipa/report/")
    page.wait_for_load_state("networkidle")  # the print stylesheet with the title
    page.emulate_media(media="print")
    pages = PdfReader(BytesIO(page.pdf(format="A4", prefer_css_page_size=True))).pages
    for number, printed in enumerate(pages, start=1):
        lines = [line.strip() for line in printed.extract_text().splitlines() if line.strip()]
        text = " ".join(lines)
        assert "정보통신산업진흥원 분석리포트 2024 ver." in text, number
        assert f"{number} / {len(pages)}" in text, number
        body = [line for line in lines if "분석리포트 2024 ver." not in line and " / " not in line]
        assert body[-1] not in HEADINGS, f"page {number} ends with the heading {body[-1]}"
