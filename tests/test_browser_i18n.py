"""The footer's language switch as a person uses it, with JavaScript off: one click turns
the page they are on into English, and back."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_footer_switch_turns_the_page_english_and_back_without_javascript(
    browser, live_server, nipa
):
    context = browser.new_context(
        locale="ko-KR", timezone_id="Asia/Seoul", java_script_enabled=False
    )
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/companies/nipa/?lang=ko")
        assert page.get_by_role("heading", name="현직자 만족도", exact=True).is_visible()
        switch = page.get_by_role("form", name="언어 선택")
        assert switch.get_by_role("button", name="한국어").get_attribute("aria-pressed") == "true"
        switch.get_by_role("button", name="English").click()
        page.wait_for_load_state()
        assert page.url == f"{live_server.url}/companies/nipa/"
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.get_by_role("heading", name="Employee satisfaction", exact=True).is_visible()
        # The choice holds on the next page, by the cookie alone.
        page.goto(f"{live_server.url}/companies/")
        assert page.get_by_role("heading", name="Find a company", exact=True).is_visible()
        page.get_by_role("form", name="Language").get_by_role("button", name="한국어").click()
        page.wait_for_load_state()
        assert page.url == f"{live_server.url}/companies/"
        assert page.get_by_role("heading", name="기업 찾기", exact=True).is_visible()
    finally:
        context.close()
