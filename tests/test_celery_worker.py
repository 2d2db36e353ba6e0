"""A real Celery worker process on the real Redis delivers an email queued by another process.

Needs Redis at 127.0.0.1:6379; uses database 7 (CELERY_TEST_BROKER_URL names another).
Outside CI it skips when Redis is unreachable; in CI it must run.
"""

from __future__ import annotations

import email
import email.policy
import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
BROKER_URL = os.environ.get("CELERY_TEST_BROKER_URL", "redis://127.0.0.1:6379/7")
# Variables of this shell (or of CI) that would change the subprocesses' settings.
SETTINGS_VARS = ("REDIS_URL", "DJANGO_DEBUG", "DJANGO_SECRET_KEY", "DJANGO_EMAIL_")
DELIVERY_BOUND_SECONDS = 90  # how long to poll before calling it lost, not a speed target

SEND_VERIFICATION_EMAIL = """
from django.core.mail import EmailMultiAlternatives
link = "http://127.0.0.1:8000/accounts/confirm-email/{token}/"
message = EmailMultiAlternatives(
    "[잡리포트] 이메일 주소를 확인해 주세요",
    "아래 링크를 열면 가입이 끝납니다.\\n" + link,
    to=["new@example.com"],
)
message.attach_alternative('<p><a href="' + link + '">이메일 확인</a></p>', "text/html")
message.send()
"""


def redis_reachable() -> bool:
    try:
        return redis.Redis.from_url(BROKER_URL, socket_connect_timeout=2).ping()
    except redis.RedisError:
        return False


def django_env(tmp_path: Path, mail_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(SETTINGS_VARS)}
    env.update(
        DJANGO_SETTINGS_MODULE="nipa_reviews.settings",
        DJANGO_ENV_FILE="",
        DJANGO_DEBUG="1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        CELERY_BROKER_URL=BROKER_URL,
        EMAIL_URL=f"filemail:///{mail_dir}",
    )
    return env


def delivered_with(mail_dir: Path, token: str) -> list[email.message.EmailMessage]:
    """The messages the file backend wrote into mail_dir that contain token."""
    if not mail_dir.is_dir():
        return []
    found = []
    for path in mail_dir.iterdir():
        # Each message is followed by a line of 79 dashes.
        for raw in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if token.encode() in raw:
                found.append(email.message_from_bytes(raw, policy=email.policy.default))
    return found


def test_worker_delivers_an_email_queued_by_another_process(tmp_path):
    if not redis_reachable():
        reason = f"Redis is not reachable at {BROKER_URL}"
        if os.environ.get("CI"):
            pytest.fail(f"the worker test must run in CI: {reason}")
        pytest.skip(reason)

    worker_mail, sender_mail = tmp_path / "worker-mail", tmp_path / "sender-mail"
    token = uuid.uuid4().hex  # tells this run's message from any left on the queue
    worker_log = tmp_path / "worker.log"
    with open(worker_log, "wb") as log:
        worker = subprocess.Popen(
            [
                *(sys.executable, "-m", "celery", "-A", "nipa_reviews", "worker"),
                *("--pool=solo", "--concurrency=1", "--loglevel=INFO"),
                *("--without-gossip", "--without-mingle", "--without-heartbeat"),
            ],
            cwd=ROOT,
            env=django_env(tmp_path, worker_mail),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        # The sender's own delivery backend writes elsewhere: had it fallen back to sending
        # in-process, the message would land in sender_mail, not worker_mail.
        sender = subprocess.run(
            [
                sys.executable,
                "manage.py",
                "shell",
                "-c",
                SEND_VERIFICATION_EMAIL.format(token=token),
            ],
            cwd=ROOT,
            env=django_env(tmp_path, sender_mail),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert sender.returncode == 0, sender.stderr
        assert "in-process" not in sender.stderr

        deadline = time.monotonic() + DELIVERY_BOUND_SECONDS
        ours = []
        while not ours and time.monotonic() < deadline and worker.poll() is None:
            ours = delivered_with(worker_mail, token)
            time.sleep(0.2)
        assert ours, f"the worker delivered nothing; its log:\n{worker_log.read_text()[-3000:]}"
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()

    (message,) = ours
    assert message["To"] == "new@example.com"
    # Django folds a long encoded subject onto the next line; the parser keeps that space.
    assert message["Subject"].strip() == "[잡리포트] 이메일 주소를 확인해 주세요"
    html = message.get_body(("html",)).get_content()
    assert f"/accounts/confirm-email/{token}/" in html
    assert not sender_mail.exists() or not any(sender_mail.iterdir())


PUBLISH_A_REVIEW = """
from django.db import transaction
from companies.models import Company, JobCategory
from nipa_reviews.accounts.models import User
from nipa_reviews.submissions import services
from nipa_reviews.submissions.kinds import kind_of
from reviews.models import Review

company = Company.objects.create(name="워커기업", slug="worker-{token}", is_published=True)
author = User.objects.create(email="worker-{token}@example.com")
with transaction.atomic():
    review = services.submit(
        kind=kind_of(Review), company=company, author=author, employment_status="current",
        job_category=JobCategory.objects.get_or_create(name="개발")[0],
        culture=4, pay_benefits=4, career=4, work_life=4, leadership=4,
        title="{token}", pros="동료들이 친절하고 재택근무가 자유롭습니다. 배울 점이 많습니다.",
        cons="마감 전에는 야근이 잦고 주말에도 야근을 합니다. 체력적으로 힘듭니다.",
    )
    services.publish(item=review, moderator=None)
print(review.pk)
"""

HIDE_THE_REVIEW = """
from nipa_reviews.submissions import services
from reviews.models import Review

services.hide(item=Review.objects.get(pk={pk}), moderator=None, reason="테스트")
"""


def test_the_worker_indexes_a_review_published_by_another_process(tmp_path):
    """Publishing queues the analysis on commit; the worker, with Kiwi's model loaded,
    stores the lemmas and keywords; hiding removes them at once, without the worker."""
    import sqlite3

    if not redis_reachable():
        reason = f"Redis is not reachable at {BROKER_URL}"
        if os.environ.get("CI"):
            pytest.fail(f"the worker test must run in CI: {reason}")
        pytest.skip(reason)
    env = django_env(tmp_path, tmp_path / "mail")
    migrate = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert migrate.returncode == 0, migrate.stderr
    token = uuid.uuid4().hex
    worker_log = tmp_path / "worker.log"
    with open(worker_log, "wb") as log:
        worker = subprocess.Popen(
            [
                *(sys.executable, "-m", "celery", "-A", "nipa_reviews", "worker"),
                *("--pool=solo", "--concurrency=1", "--loglevel=INFO"),
                *("--without-gossip", "--without-mingle", "--without-heartbeat"),
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    def shell(code: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", code],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    def stored(pk: int):
        with sqlite3.connect(tmp_path / "db.sqlite3") as db:
            return db.execute(
                "SELECT search, keywords FROM reviews_review WHERE id = ?", (pk,)
            ).fetchone()

    try:
        sender = shell(PUBLISH_A_REVIEW.format(token=token))
        assert sender.returncode == 0, sender.stderr
        assert "in-process" not in sender.stderr  # queued for the worker, not run here
        pk = int(sender.stdout.split()[-1])
        deadline = time.monotonic() + DELIVERY_BOUND_SECONDS
        while stored(pk)[0] is None and time.monotonic() < deadline and worker.poll() is None:
            time.sleep(0.2)
        search, keywords = stored(pk)
        assert search, f"the worker stored nothing; its log:\n{worker_log.read_text()[-3000:]}"
        assert "'야근':" in search and "'재택':" in search  # 재택근무's first noun too
        assert "야근" in json.loads(keywords)["cons"]
        hidden = shell(HIDE_THE_REVIEW.format(pk=pk))
        assert hidden.returncode == 0, hidden.stderr
        assert stored(pk) == (None, None)
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
