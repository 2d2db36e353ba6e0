"""axe-core finds no serious or critical violation on the pages people use most."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from tests.test_browser_reviews import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC = [
    "/",
    "/companies/",
    "/companies/nipa/",
    "/companies/nipa/report/",
    "/companies/nipa/reviews/",
    "/companies/nipa/interviews/",
    "/companies/nipa/interviews/questions/",
    "/companies/nipa/reviews/?q=재택",
    "/search/?q=재택",
    "/accounts/login/",
    "/accounts/signup/",
    "/terms/",
    "/privacy/",
    "/policy/",
]
SIGNED_IN = [
    "/companies/nipa/reviews/",  # with the vote and report buttons
    "/companies/nipa/reviews/new/",
    "/companies/nipa/interviews/new/",
    "/me/",
    "/me/verify/?company=nipa",
]


def serious_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("width", [390, 1280])
def test_no_serious_accessibility_violation(page, live_server, user, width, analyser):
    call_command("load_demo")
    page.set_viewport_size({"width": width, "height": 900})
    found = {}
    for path in PUBLIC:
        page.goto(live_server.url + path)
        found[path] = serious_violations(page)
    log_in(page, live_server, user)
    for path in SIGNED_IN:
        page.goto(live_server.url + path)
        found[path] = serious_violations(page)
    # The news folded away, opened.
    page.goto(live_server.url + "/companies/nipa/#news")
    page.locator("#news details summary").first.click()
    found["company page with news opened"] = serious_violations(page)
    # The review form with its errors showing, as after a bad submission.
    page.goto(live_server.url + "/companies/nipa/reviews/new/")
    page.locator("main form [type=submit]").last.click()
    found["review form with errors"] = serious_violations(page)
    # 재직 인증 with a wrong domain, then the code page after a good one.
    page.goto(live_server.url + "/me/verify/?company=nipa")
    page.get_by_label("회사 메일 주소").fill("someone@gmail.com")
    page.locator("main form [type=submit]").last.click()
    found["verification form with errors"] = serious_violations(page)
    page.get_by_label("회사 메일 주소").fill("someone@nipa.kr")
    page.locator("main form [type=submit]").last.click()
    page.get_by_label("인증 코드").wait_for()
    found["verification code page"] = serious_violations(page)
    assert {path: v for path, v in found.items() if v} == {}


@pytest.mark.parametrize("width", [390, 1280])
def test_sign_up_with_its_errors_has_no_serious_violation(page, live_server, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/accounts/signup/")
    # The browser's own check stops an empty form; a form it lets through that the server
    # refuses shows the consent errors.
    page.locator("form[action='/accounts/signup/']").evaluate(
        "form => form.setAttribute('novalidate', '')"
    )
    page.get_by_role("button", name="회원가입").click()
    page.get_by_text("이용약관에 동의해야 가입할 수 있습니다.").wait_for()
    assert serious_violations(page) == []
