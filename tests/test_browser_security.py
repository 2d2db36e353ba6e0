"""In Debian's Chromium: no page breaks the CSP, and stored payloads never run."""

from __future__ import annotations

import pytest

from interviews import services as interview_services
from nipa_reviews.moderation import services as moderation
from reviews import services as review_services
from tests.factories import PASSWORD, CompanyFactory, JobCategoryFactory, UserFactory
from tests.test_browser_reviews import log_in
from tests.xss_payloads import PAYLOADS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FILLER = " 이 문장은 길이를 채우기 위한 평범한 리뷰 내용입니다."


def watch_csp(page) -> list[str]:
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and violations.append(message.text)
        ),
    )
    return violations


def test_no_page_violates_the_csp(page, live_server, nipa, moderator):
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
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/api/docs",
        "/no-such-page/",
    ]
    for path in public:
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
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
    ]:
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
    assert violations == []


def test_stored_payloads_stay_inert_on_every_page(browser, live_server, moderator):
    """Every user text field carries a payload; the pages are read with the CSP switched
    off, so that escaping alone has to keep them inert."""
    company = CompanyFactory(slug="acme", name="에이크미")
    job = JobCategoryFactory()
    for i, payload in enumerate(PAYLOADS):
        author = UserFactory()
        review = review_services.review_submit(
            company=company,
            author=author,
            employment_status="current",
            job_category=job,
            culture=4,
            pay_benefits=4,
            career=4,
            work_life=4,
            leadership=4,
            title=payload[:100],
            pros=payload + FILLER,
            cons=payload + FILLER,
            advice=payload,
        )
        review = review_services.review_publish(review=review, moderator=moderator)
        experience = interview_services.interview_submit(
            company=company,
            author=author,
            year=2024,
            half="first",
            level="new",
            job_category=job,
            difficulty=3,
            atmosphere=2,
            result="passed",
            format=payload[:50],
            account=payload + FILLER,
            tip=payload,
            questions=[payload, f"질문 {i}"],
        )
        interview_services.interview_publish(experience=experience, moderator=moderator)
        if i < 6:
            moderation.highlight_from_review(
                review=review,
                kind="positive" if i % 2 else "negative",
                text=(payload + FILLER)[:60],
                moderator=moderator,
            )
        moderation.report_submit(
            item=review, reporter=UserFactory(), reason="abuse", detail=payload
        )

    context = browser.new_context(bypass_csp=True, locale="ko-KR")
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    paths = [
        "/",
        "/companies/acme/",
        "/companies/acme/report/",
        *[f"/companies/acme/reviews/?page={n}" for n in (1, 2, 3)],
        *[f"/companies/acme/interviews/?page={n}" for n in (1, 2, 3)],
        "/companies/acme/interviews/questions/",
        "/companies/acme/interviews/questions/?page=2",
    ]
    for path in paths:
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")
        assert page.evaluate("window.__xss") is None, path
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("이메일").fill(moderator.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="로그인").click()
    page.get_by_role("link", name="내 활동").wait_for()
    for path in [
        "/admin/reviews/review/",
        "/admin/interviews/interviewexperience/",
        "/admin/moderation/report/",
        "/admin/reviews/highlight/",
        "/admin/moderation/auditentry/",
    ]:
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")
        assert page.evaluate("window.__xss") is None, path
    assert dialogs == []
    context.close()
