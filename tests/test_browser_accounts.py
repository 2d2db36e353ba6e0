"""A newcomer's first minutes, in Debian's Chromium: sign up, verify, log in."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_signs_up_verifies_email_logs_in_and_sees_account_menu(page, live_server, browser):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="회원가입").click()
    page.get_by_label("이메일").fill("newcomer@example.com")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    # Without the consents the form does not go: the browser asks for the first box.
    page.get_by_role("button", name="회원가입").click()
    terms = page.get_by_label("이용약관에 동의합니다")
    assert terms.evaluate("box => box.validity.valueMissing")
    assert page.url.endswith("/accounts/signup/") and mail.outbox == []
    terms.check()
    page.get_by_label("개인정보 수집·이용에 동의합니다").check()
    page.get_by_label("만 14세 이상입니다").check()
    page.get_by_role("button", name="회원가입").click()
    page.wait_for_url(re.compile(r"/accounts/confirm-email/$"))

    assert len(mail.outbox) == 1
    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)

    # The link is opened as from a mail client: a new session, no login yet.
    other = browser.new_context(locale="ko-KR")
    confirm_page = other.new_page()
    confirm_page.goto(link)
    confirm_page.get_by_role("button", name="확인").click()
    confirm_page.get_by_role("link", name="로그인").first.click()
    confirm_page.get_by_label("이메일").fill("newcomer@example.com")
    confirm_page.locator("#id_password").fill(PASSWORD)
    confirm_page.get_by_role("button", name="로그인").click()

    nav = confirm_page.get_by_role("navigation", name="주 메뉴")
    nav.get_by_role("link", name="내 활동").wait_for()
    assert nav.get_by_role("button", name="로그아웃").is_visible()
    assert not nav.get_by_role("link", name="회원가입").is_visible()
    confirm_page.get_by_role("link", name="내 활동").click()
    assert confirm_page.get_by_role("heading", name="내 활동").is_visible()
    other.close()
