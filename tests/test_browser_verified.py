"""A newcomer verifies with a work email, writes a review, and after publishing the review
shows as written by a verified employee: in Debian's Chromium."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from companies.models import EmailDomain
from nipa_reviews.submissions import services as submissions
from reviews.models import Review
from tests.factories import CompanyFactory, JobCategoryFactory, UserFactory
from tests.test_browser_reviews import CONS, PROS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_user_verifies_and_the_badge_appears_after_publishing(page, live_server):
    company = CompanyFactory(slug="acme", name="에이크미")
    EmailDomain.objects.create(company=company, domain="acme.example")
    JobCategoryFactory(name="개발")
    user = UserFactory()
    log_in(page, live_server, user)

    page.goto(f"{live_server.url}/me/verify/?company=acme")
    page.get_by_label("회사 메일 주소").fill("kim.worker@acme.example")
    page.get_by_role("button", name="인증 코드 받기").click()
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    page.get_by_label("인증 코드 (6자리 숫자)").fill(code)
    page.get_by_role("button", name="인증하기").click()
    page.get_by_text("에이크미").first.wait_for()
    assert company.has_verified_employee(user)

    page.goto(f"{live_server.url}/companies/acme/reviews/new/")
    page.get_by_label("현직자").check()
    page.get_by_label("직무").select_option(label="개발")
    for key in ("culture", "pay_benefits", "career", "work_life", "leadership"):
        page.locator(f"label[for=id_{key}_3]").click()
    page.get_by_label("한 줄 요약").fill("인증하고 쓴 리뷰")
    page.get_by_label("장점").fill(PROS)
    page.get_by_label("단점").fill(CONS)
    page.get_by_role("button", name="리뷰 제출하기").click()
    page.get_by_text("리뷰가 접수되었습니다.").wait_for()

    review = Review.objects.get()
    assert review.verified
    submissions.publish(item=review, moderator=None)
    page.goto(f"{live_server.url}/companies/acme/reviews/")
    card = page.locator(f"#review-{review.public_id}")
    assert card.get_by_text("인증된 현직자").is_visible()
    assert "kim.worker" not in page.content()
