"""Settings come from the environment; production refuses to start unsafely."""

from __future__ import annotations

import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
SETTINGS_VARS = (
    "DATABASE_URL",
    "REDIS_URL",
    "DJANGO_DEBUG",
    "DJANGO_SECRET_KEY",
    "DJANGO_ALLOWED_HOSTS",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ENV_FILE",
    "CELERY_BROKER_URL",
    "EMAIL_URL",
    "EMPLOYMENT_HASH_KEY",
    # Set by the browser fixture for this process only; check --deploy warns about it.
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def run_django(*args: str, **env: str) -> subprocess.CompletedProcess:
    """Runs manage.py with production settings and only the given variables set.

    No .env is read (DJANGO_ENV_FILE empty) unless a test names one: the developer's own
    .env, written by `make run`, would otherwise supply a secret key and debug mode.
    """
    clean = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARS}
    clean.update(DJANGO_SETTINGS_MODULE="nipa_reviews.settings", DJANGO_ENV_FILE="")
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def print_setting(expr: str, **env: str) -> str:
    code = f"from django.conf import settings; print({expr})"
    result = run_django("shell", "--verbosity", "0", "-c", code, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def real_secret() -> str:
    return "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(50))


def test_sqlite_file_in_project_root_is_the_default():
    engine = print_setting("settings.DATABASES['default']['ENGINE']", DJANGO_DEBUG="1")
    name = print_setting("settings.DATABASES['default']['NAME']", DJANGO_DEBUG="1")
    assert engine == "django.db.backends.sqlite3"
    assert Path(name) == ROOT / "db.sqlite3"


def test_sqlite_default_migrates_a_fresh_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    result = run_django("migrate", "--noinput", DJANGO_DEBUG="1", DATABASE_URL=url)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "fresh.sqlite3").exists()


def test_postgres_url_selects_postgresql_through_psycopg3():
    url = "postgres://someone:pw@db.example.com:5433/reviews"
    engine = print_setting(
        "settings.DATABASES['default']['ENGINE']", DJANGO_DEBUG="1", DATABASE_URL=url
    )
    assert engine == "django.db.backends.postgresql"
    import psycopg  # the driver Django picks first when it is installed

    assert psycopg.__version__.startswith("3.")


@pytest.mark.django_db
def test_suite_runs_on_the_database_the_environment_names():
    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected


def test_redis_url_selects_the_redis_cache():
    backend = print_setting(
        "settings.CACHES['default']['BACKEND']",
        DJANGO_DEBUG="1",
        REDIS_URL="redis://127.0.0.1:6379/3",
    )
    assert backend == "nipa_reviews.cache.RedisCache"


def test_without_redis_url_the_cache_is_local_memory():
    backend = print_setting("settings.CACHES['default']['BACKEND']", DJANGO_DEBUG="1")
    assert backend == "django.core.cache.backends.locmem.LocMemCache"


def test_korean_language_and_seoul_time():
    printed = print_setting("settings.LANGUAGE_CODE, settings.TIME_ZONE", DJANGO_DEBUG="1")
    assert printed == "ko Asia/Seoul"


@pytest.mark.parametrize("secret", [None, "short", "django-insecure-" + "a1b2c3d4e5" * 5])
def test_debug_off_refuses_to_start_without_a_real_secret_key(secret):
    env = {"DJANGO_DEBUG": "0", "DJANGO_ALLOWED_HOSTS": "example.com"}
    if secret is not None:
        env["DJANGO_SECRET_KEY"] = secret
    result = run_django("check", **env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_settings_pass_check_deploy():
    result = run_django(
        "check",
        "--deploy",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=real_secret(),
        DJANGO_ALLOWED_HOSTS="example.com",
        # The shared cache and the broker; check --deploy does not connect to them.
        REDIS_URL="redis://127.0.0.1:6379/7",
        EMPLOYMENT_HASH_KEY=real_secret(),
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNINGS" not in result.stderr


@pytest.mark.parametrize("key", [None, "too-short-a-key"])
def test_check_deploy_fails_without_its_own_employment_hash_key(key):
    env = {"EMPLOYMENT_HASH_KEY": key} if key else {}
    result = run_django(
        "check",
        "--deploy",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=real_secret(),
        DJANGO_ALLOWED_HOSTS="example.com",
        REDIS_URL="redis://127.0.0.1:6379/7",
        **env,
    )
    assert result.returncode != 0
    assert "nipa_reviews.E002" in result.stderr
    assert "EMPLOYMENT_HASH_KEY" in result.stderr


def test_check_deploy_fails_on_a_local_memory_cache():
    result = run_django(
        "check",
        "--deploy",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=real_secret(),
        DJANGO_ALLOWED_HOSTS="example.com",
    )
    assert result.returncode != 0
    assert "nipa_reviews.E001" in result.stderr
    assert "nipa_reviews.W001" in result.stderr  # no broker either


# --- .env (written by `make run`) ------------------------------------------------------


def test_make_writes_an_env_file_that_manage_py_reads_from_another_shell(tmp_path):
    made = subprocess.run(
        ["make", "--no-print-directory", "-f", str(ROOT / "Makefile"), "-C", str(tmp_path), ".env"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert made.returncode == 0, made.stderr
    env_file = tmp_path / ".env"
    lines = dict(line.split("=", 1) for line in env_file.read_text().splitlines() if "=" in line)
    assert lines["DJANGO_DEBUG"] == "1"
    secret = lines["DJANGO_SECRET_KEY"]
    assert len(secret) >= 50 and len(set(secret)) >= 5
    # Only the file: neither DJANGO_DEBUG nor DJANGO_SECRET_KEY is in the environment.
    printed = print_setting("settings.DEBUG, settings.SECRET_KEY", DJANGO_ENV_FILE=str(env_file))
    assert printed == f"True {secret}"


def test_env_file_lets_production_settings_start(tmp_path):
    env_file = tmp_path / "production.env"
    env_file.write_text(
        f"DJANGO_DEBUG=0\nDJANGO_SECRET_KEY={real_secret()}\nDJANGO_ALLOWED_HOSTS=example.com\n"
    )
    result = run_django("check", DJANGO_ENV_FILE=str(env_file))
    assert result.returncode == 0, result.stderr


def test_the_real_environment_wins_over_the_env_file(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("DJANGO_DEBUG=1\nSCORE_MIN_REVIEWS=9\n")
    printed = print_setting(
        "settings.DEBUG, settings.SCORE_MIN_REVIEWS",
        DJANGO_ENV_FILE=str(env_file),
        DJANGO_DEBUG="1",
        SCORE_MIN_REVIEWS="4",
    )
    assert printed == "True 4"


def test_test_settings_read_no_env_file(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("DJANGO_DEBUG=1\nSCORE_MIN_REVIEWS=9\n")
    printed = print_setting(
        "settings.DEBUG, settings.SCORE_MIN_REVIEWS",
        DJANGO_SETTINGS_MODULE="nipa_reviews.settings_test",
        DJANGO_ENV_FILE=str(env_file),
    )
    assert printed == "False 3"


# --- Email and the broker --------------------------------------------------------------


def test_email_url_configures_the_delivery_backend_behind_the_queue():
    printed = print_setting(
        "settings.EMAIL_BACKEND, settings.EMAIL_DELIVERY_BACKEND, settings.EMAIL_HOST, "
        "settings.EMAIL_PORT, settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD, "
        "settings.EMAIL_USE_TLS, settings.EMAIL_USE_SSL",
        DJANGO_DEBUG="1",
        EMAIL_URL="smtp+tls://mailer%40example.com:s3cret@smtp.example.com:2587",
    )
    assert printed == (
        "nipa_reviews.mail.QueuedEmailBackend django.core.mail.backends.smtp.EmailBackend "
        "smtp.example.com 2587 mailer@example.com s3cret True False"
    )


def test_a_django_email_variable_overrides_its_part_of_email_url():
    printed = print_setting(
        "settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_HOST_PASSWORD, "
        "settings.EMAIL_USE_TLS, settings.EMAIL_USE_SSL",
        DJANGO_DEBUG="1",
        EMAIL_URL="smtp+ssl://mailer:url-password@smtp.example.com:465",
        DJANGO_EMAIL_HOST_PASSWORD="from-a-secret-store",
    )
    assert printed == "smtp.example.com 465 from-a-secret-store False True"


def test_email_url_for_files_and_the_console(tmp_path):
    printed = print_setting(
        "settings.EMAIL_DELIVERY_BACKEND, settings.EMAIL_FILE_PATH",
        DJANGO_DEBUG="1",
        EMAIL_URL=f"filemail:///{tmp_path}",
    )
    assert printed == f"django.core.mail.backends.filebased.EmailBackend {tmp_path}"
    without_url = print_setting("settings.EMAIL_DELIVERY_BACKEND", DJANGO_DEBUG="1")
    assert without_url == "django.core.mail.backends.console.EmailBackend"


def test_broker_defaults_to_redis_url_and_without_one_tasks_run_in_process():
    broker = "settings.CELERY_BROKER_URL or '-', settings.CELERY_TASK_ALWAYS_EAGER"
    assert print_setting(broker, DJANGO_DEBUG="1") == "- True"
    redis_url = "redis://127.0.0.1:6379/7"
    printed = print_setting(broker, DJANGO_DEBUG="1", REDIS_URL=redis_url)
    assert printed == "redis://127.0.0.1:6379/7 False"
    printed = print_setting(
        broker, DJANGO_DEBUG="1", REDIS_URL=redis_url, CELERY_BROKER_URL="redis://127.0.0.1:6379/8"
    )
    assert printed == "redis://127.0.0.1:6379/8 False"
