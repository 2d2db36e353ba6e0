"""In Debian's Chromium: no page breaks the CSP, and stored payloads never run."""

from __future__ import annotations

import pytest

from tests.test_browser_reviews import log_in
from tests.xss_payloads import ADMIN_PAGES, PUBLIC_PAGES, SEARCH_PAGES, submit_payloads

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def watch_csp(page) -> list[str]:
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and violations.append(message.text)
        ),
    )
    return violations


def test_no_page_violates_the_csp(page, live_server, nipa, moderator, analyser):
    from django.core.management import call_command

    call_command("load_demo")
    violations = watch_csp(page)
    public = [
        "/",
        "/companies/",
        "/companies/nipa/",
        "/companies/nipa/report/",
        "/companies/nipa/reviews/",
        "/companies/nipa/interviews/",
        "/companies/nipa/interviews/questions/",
        "/companies/nipa/reviews/?q=재택",
        "/companies/nipa/interviews/questions/?q=자기소개",
        "/search/?q=재택",
        "/search/?q=을",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/terms/",
        "/privacy/",
        "/policy/",
        "/api/docs",
        "/no-such-page/",
    ]
    for path in public:
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
    page.emulate_media(media="print")  # the report's print-only stylesheet
    page.goto(live_server.url + "/companies/nipa/report/")
    page.wait_for_load_state("networkidle")
    page.emulate_media(media="screen")
    log_in(page, live_server, moderator)
    for path in [
        "/me/",
        "/companies/nipa/reviews/new/",
        "/companies/nipa/interviews/new/",
        "/accounts/email/",
        "/admin/",
        "/admin/reviews/review/",
        "/admin/moderation/report/",
        "/admin/companies/company/",
        "/admin/companies/company/add/",
        "/admin/moderation/auditentry/",
    ]:
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
    assert violations == []


def test_stored_payloads_stay_inert_on_every_page(browser, live_server, moderator, analyser):
    """Every user text field carries a payload; the pages are read with the CSP switched
    off, so that escaping alone has to keep them inert. They are analysed too (the live
    server's commits run the analysis), so the search pages find and mark them."""
    submit_payloads(moderator)
    context = browser.new_context(bypass_csp=True, locale="ko-KR")
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in [*PUBLIC_PAGES, *SEARCH_PAGES]:
        page.goto(live_server.url + path)
        assert page.evaluate("window.__xss") is None, path
    log_in(page, live_server, moderator)
    for path in ADMIN_PAGES:
        page.goto(live_server.url + path)
        assert page.evaluate("window.__xss") is None, path
    assert dialogs == []
    context.close()
