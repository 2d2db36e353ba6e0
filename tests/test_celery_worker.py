"""A real Celery worker process on the real Redis delivers an email queued by another process.

Needs Redis at 127.0.0.1:6379; uses database 7 (CELERY_TEST_BROKER_URL names another).
Outside CI it skips when Redis is unreachable; in CI it must run.
"""

from __future__ import annotations

import email
import email.policy
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
