"""Fixtures shared by every test: a clean cache, people, and a real browser."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from companies.services import company_import
from nipa_reviews.submissions import services as submissions
from tests.factories import UserFactory

NIPA_FILE = Path(__file__).resolve().parent.parent / "companies" / "data" / "nipa.json"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(autouse=True)
def _clear_cache():
    # Rate-limit counters live in the cache (Redis in CI); one test must not spend another's.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _korean_to_begin_with():
    # A request leaves its language active in the thread (LocaleMiddleware activates, and
    # nothing deactivates): after an English page, code outside a request would speak
    # English. Every test starts as a visitor who asked for nothing: in Korean.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _email_through_the_queue(settings):
    # Django's test set-up replaces EMAIL_BACKEND with locmem; put the queue back in front
    # of it, so every test's email is serialised, run as a task (in-process) and delivered
    # into mail.outbox by EMAIL_DELIVERY_BACKEND, as the worker would deliver it.
    settings.EMAIL_BACKEND = "nipa_reviews.mail.QueuedEmailBackend"


@pytest.fixture(scope="session")
def analyser():
    """Kiwi's full model, loaded once per session (seconds, about 500 MB of memory): only
    the tests that search or analyse ask for it, directly or through `index`."""
    from nipa_reviews.search.analysis import analyser, preload

    preload()
    return analyser()


@pytest.fixture(autouse=True)
def _analysis_only_where_asked(request, monkeypatch):
    # Publishing queues the worker's analysis on commit; tests that run commit callbacks
    # (moderation, invalidation) would otherwise load Kiwi's model for nothing they check.
    if "analyser" not in request.fixturenames:
        monkeypatch.setattr(submissions, "queue_analysis", lambda kind_name, pk: None)


@pytest.fixture
def index(analyser, django_capture_on_commit_callbacks):
    """Runs a write's commit callbacks, so the analysis it queues runs here and now (the
    tests' Celery runs tasks in-process), as the worker would run it after the commit."""

    def index(write, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return write(*args, **kwargs)

    return index


@pytest.fixture
def nipa(db):
    """The reference report's company, imported from the demo profile file."""
    with open(NIPA_FILE, encoding="utf-8") as f:
        return company_import(data=json.load(f))


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def other_user(db):
    return UserFactory()


@pytest.fixture
def unverified_user(db):
    return UserFactory(verified=False)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        reason = f"Debian's Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(f"browser tests must run in CI: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # around it are still synchronous, so Django's async-safety guard must stand aside.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which(CHROMIUM) or CHROMIUM, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="ko-KR", timezone_id="Asia/Seoul")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def publish():
    """Publishes reviews through the service, as a moderator would."""

    def publish(*reviews, at=None):
        published = [submissions.publish(item=review, moderator=None, at=at) for review in reviews]
        return published[0] if len(published) == 1 else published

    return publish


@pytest.fixture
def publish_interview():

    def publish(*experiences, at=None):
        published = [submissions.publish(item=e, moderator=None, at=at) for e in experiences]
        return published[0] if len(published) == 1 else published

    return publish


@pytest.fixture
def moderators_group(db):
    """The Moderators group as its data migrations make it (flushed by transactional tests)."""
    import importlib

    from django.apps import apps
    from django.contrib.auth.models import Group

    from nipa_reviews.moderation.models import MODERATORS_GROUP

    if not Group.objects.filter(name=MODERATORS_GROUP).exists():
        package = "nipa_reviews.moderation.migrations"
        importlib.import_module(f"{package}.0002_moderators_group").create_group(apps, None)
        importlib.import_module(f"{package}.0006_moderators_replies_representatives").grant(
            apps, None
        )
        importlib.import_module(
            "companies.migrations.0005_moderators_verification_permissions"
        ).grant(apps, None)
    return Group.objects.get(name=MODERATORS_GROUP)


@pytest.fixture
def moderator(moderators_group):
    user = UserFactory(is_staff=True)
    user.groups.add(moderators_group)
    return user


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True)


@pytest.fixture
def superuser(db):
    return UserFactory(is_staff=True, is_superuser=True)
