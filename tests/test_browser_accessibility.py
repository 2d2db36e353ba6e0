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
    "/companies/nipa/reviews/",
    "/companies/nipa/reviews/?q=재택",
    "/search/?q=재택",
    "/accounts/login/",
    "/accounts/signup/",
]
SIGNED_IN = ["/companies/nipa/reviews/new/", "/companies/nipa/interviews/new/", "/me/"]


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
    # The review form with its errors showing, as after a bad submission.
    page.goto(live_server.url + "/companies/nipa/reviews/new/")
    page.locator("form [type=submit]").last.click()
    found["review form with errors"] = serious_violations(page)
    assert {path: v for path, v in found.items() if v} == {}
