"""Background jobs: email through the queue, the in-process fallback, beat's nightly job and
the deployment checks. Tasks run in-process here (settings_test); test_celery_worker.py
runs a real worker."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings
from django.urls import reverse
from django.utils.translation import gettext_lazy

from nipa_reviews import celery_app
from nipa_reviews.checks import check_shared_cache, check_task_broker
from nipa_reviews.tasks import verify_scores_nightly
from reviews.models import CompanyScore
from tests.factories import CONSENTS, PASSWORD, CompanyFactory, ReviewFactory

ROOT = Path(__file__).resolve().parent.parent
QUEUED = "nipa_reviews.mail.QueuedEmailBackend"


# --- Email through the queue -------------------------------------------------------------


def test_email_through_the_queue_keeps_every_part():
    message = EmailMultiAlternatives(
        subject=gettext_lazy("이메일 주소를 확인해 주세요"),
        body="아래 링크를 열면 가입이 끝납니다.\nhttp://testserver/accounts/confirm-email/abc/",
        from_email="잡리포트 <noreply@example.com>",
        to=["new@example.com"],
        cc=["cc@example.com"],
        bcc=["audit@example.com"],
        reply_to=["help@example.com"],
        headers={"X-Nipa-Kind": "verification"},
        connection=get_connection(QUEUED),
    )
    message.attach_alternative(
        "<p><a href='/accounts/confirm-email/abc/'>확인</a></p>", "text/html"
    )
    assert message.send() == 1
    (delivered,) = mail.outbox
    assert delivered.subject == "이메일 주소를 확인해 주세요"
    assert delivered.body == message.body
    assert delivered.from_email == "잡리포트 <noreply@example.com>"
    assert (delivered.to, delivered.cc, delivered.bcc, delivered.reply_to) == (
        ["new@example.com"],
        ["cc@example.com"],
        ["audit@example.com"],
        ["help@example.com"],
    )
    assert delivered.extra_headers == {"X-Nipa-Kind": "verification"}
    assert delivered.alternatives == [
        ("<p><a href='/accounts/confirm-email/abc/'>확인</a></p>", "text/html")
    ]


def test_an_html_body_stays_html():
    message = EmailMessage("안내", "<p>안녕하세요</p>", to=["a@example.com"])
    message.content_subtype = "html"
    get_connection(QUEUED).send_messages([message])
    assert mail.outbox[0].message().get_content_type() == "text/html"


def test_attachments_are_refused_rather_than_dropped():
    message = EmailMessage("첨부", "본문", to=["a@example.com"], connection=get_connection(QUEUED))
    message.attach("report.txt", "내용", "text/plain")
    with pytest.raises(ValueError, match="attachments"):
        message.send()
    assert mail.outbox == []


@pytest.mark.django_db
def test_signup_verification_email_is_sent_by_the_delivery_backend(client, settings, tmp_path):
    # allauth's email goes through the queue: a file backend behind it receives the message
    # and nothing reaches locmem's outbox.
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    client.post(
        reverse("account_signup"),
        {"email": "new@example.com", "password1": PASSWORD, "password2": PASSWORD, **CONSENTS},
    )
    assert mail.outbox == []
    (written,) = tmp_path.iterdir()
    text = written.read_text()
    assert "To: new@example.com" in text
    assert "/accounts/confirm-email/" in text


def test_with_redis_down_email_is_sent_in_process_with_a_warning(tmp_path):
    # A separate process, configured only by the environment as production is: this one's
    # Celery app keeps connection pools for its (in-process) test broker.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REDIS_URL", "DJANGO_EMAIL_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="nipa_reviews.settings",
        DJANGO_ENV_FILE="",
        DJANGO_DEBUG="1",
        CELERY_BROKER_URL="redis://127.0.0.1:1/7",  # nothing listens on port 1
        EMAIL_URL=f"filemail:///{tmp_path}",
    )
    code = "from django.core.mail import send_mail; print(send_mail('게시 안내', '게시되었습니다.', None, ['author@example.com']))"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--verbosity", "0", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "1"
    assert "running nipa_reviews.mail.deliver_email in-process" in result.stderr
    (written,) = tmp_path.iterdir()
    assert "To: author@example.com" in written.read_text()


# --- Beat's nightly job ----------------------------------------------------------------


@pytest.mark.django_db
def test_nightly_verify_scores_logs_nothing_wrong_when_clean(caplog):
    with caplog.at_level(logging.INFO, logger="nipa_reviews.tasks"):
        verify_scores_nightly.delay()
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []
    assert "verify_scores: scores verified" in caplog.messages


@pytest.mark.django_db
def test_nightly_verify_scores_logs_drift_as_errors_and_fixes_it(publish, caplog):
    company = CompanyFactory()
    publish(*ReviewFactory.create_batch(3, company=company))
    CompanyScore.objects.filter(company=company).update(review_count=5)
    with caplog.at_level(logging.INFO, logger="nipa_reviews.tasks"):
        verify_scores_nightly.delay()
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert f"verify_scores: drift: company {company.pk}: review_count stored 5, recomputed 3" in (
        errors
    )
    assert all(error.startswith("verify_scores: drift:") for error in errors)
    assert CompanyScore.objects.get(company=company).review_count == 3


def test_beat_schedules_registered_tasks_in_korean_time():
    celery_app.loader.import_default_modules()  # what a worker does at start
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in celery_app.tasks, name
    nightly = settings.CELERY_BEAT_SCHEDULE["verify-scores-nightly"]["schedule"]
    assert (nightly.hour, nightly.minute) == ({4}, {0})
    assert celery_app.timezone == ZoneInfo("Asia/Seoul")


# --- Deployment checks -----------------------------------------------------------------

LOCMEM_CACHE = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
REDIS_CACHE = {
    "default": {"BACKEND": "nipa_reviews.cache.RedisCache", "LOCATION": "redis://127.0.0.1:1/7"}
}


@pytest.mark.parametrize(
    ("debug", "caches", "expected"),
    [
        (False, LOCMEM_CACHE, ["nipa_reviews.E001"]),
        (False, REDIS_CACHE, []),
        (True, LOCMEM_CACHE, []),
    ],
)
def test_local_memory_cache_is_an_error_only_with_debug_off(debug, caches, expected):
    with override_settings(DEBUG=debug, CACHES=caches):
        assert [message.id for message in check_shared_cache(None)] == expected


@pytest.mark.parametrize(
    ("debug", "eager", "expected"),
    [(False, True, ["nipa_reviews.W001"]), (False, False, []), (True, True, [])],
)
def test_no_broker_is_a_warning_only_with_debug_off(debug, eager, expected):
    with override_settings(DEBUG=debug, CELERY_TASK_ALWAYS_EAGER=eager):
        assert [message.id for message in check_task_broker(None)] == expected


@override_settings(DEBUG=False, CACHES=LOCMEM_CACHE)
def test_check_deploy_reports_the_local_memory_cache():
    call_command("check")  # a deployment check only
    with pytest.raises(SystemCheckError, match=r"nipa_reviews\.E001"):
        call_command("check", "--deploy")
