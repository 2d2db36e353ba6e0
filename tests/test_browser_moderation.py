"""A moderator works the queue in the admin, in Debian's Chromium, and the public page follows."""

from __future__ import annotations

import pytest

from tests.factories import PASSWORD, CompanyFactory, ReviewFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_moderator_publishes_from_the_queue_and_the_company_page_updates(
    page, live_server, moderator, publish
):
    company = CompanyFactory(slug="acme", name="에이크미")
    publish(
        *ReviewFactory.create_batch(
            3, company=company, culture=5, pay_benefits=5, career=5, work_life=5, leadership=5
        )
    )
    ReviewFactory(
        company=company,
        title="새로 들어온 리뷰",
        culture=1,
        pay_benefits=1,
        career=1,
        work_life=1,
        leadership=1,
    )
    page.goto(f"{live_server.url}/companies/acme/")
    assert page.get_by_text("게시된 리뷰 3건", exact=True).is_visible()
    assert page.locator(".satisfaction-number").inner_text() == "100점"

    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("이메일").fill(moderator.email)  # the admin login is allauth's
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="로그인").click()
    page.get_by_role("link", name="검수 대기 리뷰").click()
    row = page.get_by_role("row").filter(has_text="새로 들어온 리뷰")
    row.get_by_role("checkbox").check()
    page.locator("select[name=action]").select_option(label="게시")
    page.get_by_role("button", name="실행").click()
    page.get_by_text("1건을 게시 처리했습니다.").wait_for()

    page.goto(f"{live_server.url}/companies/acme/")
    assert page.get_by_text("게시된 리뷰 4건", exact=True).is_visible()
    assert page.locator(".satisfaction-number").inner_text() == "80점"  # (5 + 5 + 5 + 1) / 4 × 20


def test_the_queues_excerpt_is_readable_at_1280_px(page, live_server, moderator):
    from tests.factories import ReviewFactory

    ReviewFactory(pros="재택근무가 가능하고 연차를 자유롭게 쓸 수 있어서 좋습니다. " * 2)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("이메일").fill(moderator.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="로그인").click()
    page.goto(f"{live_server.url}/admin/reviews/review/")
    cell = page.locator("td.field-excerpt").first
    # It wrapped every two or three characters: now a line holds a phrase.
    assert cell.bounding_box()["width"] >= 180
