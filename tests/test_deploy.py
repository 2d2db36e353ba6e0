"""The deployment files in docs/deploy/ work: nginx accepts its configuration, gunicorn its
options, and a backup restores into another database with every row."""

from __future__ import annotations

import configparser
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory
from tests.processes import require
from tests.test_settings import print_setting

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "docs" / "deploy"
UNITS = ["nipa_reviews-web.service", "nipa_reviews-worker.service", "nipa_reviews-beat.service"]
FROM_A = {"HTTP_X_FORWARDED_FOR": "203.0.113.7", "REMOTE_ADDR": "127.0.0.1"}
FROM_B = {"HTTP_X_FORWARDED_FOR": "198.51.100.20", "REMOTE_ADDR": "127.0.0.1"}
CERTIFICATE = "/etc/letsencrypt/live/example.com/fullchain.pem"
CERTIFICATE_KEY = "/etc/letsencrypt/live/example.com/privkey.pem"


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # systemd's keys are case-sensitive
    parser.read(DEPLOY / name, encoding="utf-8")
    return parser


def web_command() -> list[str]:
    return shlex.split(unit("nipa_reviews-web.service")["Service"]["ExecStart"])


# --- nginx ----------------------------------------------------------------------------------


def test_nginx_accepts_the_configuration(tmp_path):
    """The server blocks inside the smallest nginx.conf around them, as Debian's
    /etc/nginx/nginx.conf includes sites-enabled/ in its http block."""
    nginx = require("nginx", "nginx")
    openssl = require("openssl", "openssl")
    certificate, key = tmp_path / "fullchain.pem", tmp_path / "privkey.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"]
        + ["-nodes", "-days", "1", "-subj", "/CN=example.com"]
        + ["-keyout", str(key), "-out", str(certificate)],
        check=True,
        capture_output=True,
    )
    site = (DEPLOY / "nginx.conf").read_text()
    site = site.replace(CERTIFICATE, str(certificate)).replace(CERTIFICATE_KEY, str(key))
    temp_paths = "\n".join(
        f"    {kind}_temp_path {tmp_path / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    conf = tmp_path / "nginx.conf"
    conf.write_text(
        f"pid {tmp_path / 'nginx.pid'};\n"
        "events {}\n"
        "http {\n"
        f"    access_log {tmp_path / 'access.log'};\n"
        f"{temp_paths}\n"
        f"{site}\n"
        "}\n"
    )
    result = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(conf), "-e", str(tmp_path / "error.log")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_nginx_takes_what_django_takes():
    site = (DEPLOY / "nginx.conf").read_text()
    size, unit = re.search(r"client_max_body_size (\d+)([km]?);", site).groups()
    assert int(size) * {"": 1, "k": 1024, "m": 1024 * 1024}[unit] == (
        settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    )
    assert f"location {settings.STATIC_URL} " in site
    assert f"alias /srv/nipa_reviews/{settings.STATIC_ROOT.name}/;" in site


def test_nginx_proxies_to_where_gunicorn_listens():
    site = (DEPLOY / "nginx.conf").read_text()
    command = web_command()
    bind = command[command.index("--bind") + 1]
    assert f"server {bind} " in site


# --- systemd units --------------------------------------------------------------------------


def test_units_start_the_web_worker_and_scheduler():
    commands = [unit(name)["Service"]["ExecStart"] for name in UNITS]
    assert "gunicorn nipa_reviews.wsgi --workers 3 " in commands[0]
    assert "celery -A nipa_reviews worker " in commands[1]
    assert "celery -A nipa_reviews beat " in commands[2]
    for name in UNITS:
        service = unit(name)["Service"]
        assert service["EnvironmentFile"] == "/etc/nipa_reviews/env"
        assert service["User"] == "nipa_reviews"


def test_gunicorn_accepts_the_web_units_options(tmp_path):
    command = web_command()
    assert command[0] == "/srv/nipa_reviews/.venv/bin/gunicorn"
    # The control socket's directory is made by systemd (RuntimeDirectory=).
    socket = command.index("--control-socket") + 1
    command[socket] = str(tmp_path / "gunicorn.ctl")
    gunicorn = Path(sys.executable).parent / "gunicorn"
    result = subprocess.run(
        [str(gunicorn), *command[1:], "--check-config"],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "nipa_reviews.settings_test"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# --- behind the proxy -----------------------------------------------------------------------


def test_behind_the_proxy_the_client_address_comes_from_the_one_proxy():
    count = "settings.TRUSTED_PROXY_COUNT"
    assert print_setting(count, DJANGO_BEHIND_PROXY="1", DJANGO_DEBUG="1") == "1"
    assert print_setting(count, DJANGO_DEBUG="1") == "0"


@pytest.mark.django_db
@override_settings(TRUSTED_PROXY_COUNT=1, ACCOUNT_RATE_LIMITS={"login": "2/m/ip"})
def test_behind_the_proxy_one_clients_logins_do_not_use_up_anothers(client):
    """Every request reaches Django from nginx's address; the limit counts the client's."""
    user = UserFactory()
    url = reverse("account_login")
    credentials = {"login": user.email, "password": PASSWORD}
    for _ in range(2):
        client.post(url, {"login": user.email, "password": "틀린 비밀번호"}, **FROM_A)
    assert client.post(url, credentials, **FROM_A).status_code == 429
    assert client.post(url, credentials, **FROM_B).status_code == 302


# --- backups --------------------------------------------------------------------------------

# A few tables from each app, and Django's record of the migrations applied.
COUNTED_TABLES = [
    "accounts_user",
    "companies_company",
    "reviews_review",
    "interviews_interviewexperience",
    "django_migrations",
]


def server_url() -> str:
    """The PostgreSQL server the tests use (DATABASE_URL in CI), or the local one."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        url = "postgres://postgres@127.0.0.1:5432/postgres"
    return url


def database_url(name: str) -> str:
    return urlsplit(server_url())._replace(path=f"/{name}").geturl()


@pytest.fixture
def scratch_databases():
    """nipa_backup_src_<pid> and nipa_backup_dst_<pid>, empty, dropped afterwards (the pid
    keeps two test runs on one server apart)."""
    require("pg_dump", "postgresql-client")
    require("pg_restore", "postgresql-client")
    names = [f"nipa_backup_src_{os.getpid()}", f"nipa_backup_dst_{os.getpid()}"]
    try:
        admin = psycopg.connect(database_url("postgres"), autocommit=True)
    except psycopg.OperationalError as error:
        if os.environ.get("CI"):
            pytest.fail(f"must run in CI: no PostgreSQL server ({error})")
        pytest.skip(f"no PostgreSQL server at {server_url()}")
    with admin:
        for name in names:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            admin.execute(f"CREATE DATABASE {name}")
        yield [database_url(name) for name in names]
        for name in names:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def manage(*args: str, database: str) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": database,
        "DJANGO_SETTINGS_MODULE": "nipa_reviews.settings_test",
    }
    env.pop("REDIS_URL", None)  # the commands' cache writes stay in their own process
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def run_script(name: str, *args: str, database: str) -> str:
    result = subprocess.run(
        ["bash", str(DEPLOY / name), *args],
        env={**os.environ, "DATABASE_URL": database},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def row_counts(url: str) -> dict[str, int]:
    with psycopg.connect(url) as connection:
        return {
            table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in COUNTED_TABLES
        }


def test_a_backup_restores_into_another_database_with_every_row(scratch_databases, tmp_path):
    source, target = scratch_databases
    manage("migrate", "--noinput", database=source)
    manage("load_demo", database=source)

    dump = run_script("backup.sh", str(tmp_path / "site.dump"), database=source)
    assert dump == str(tmp_path / "site.dump")
    assert not (tmp_path / "site.dump.partial").exists()
    run_script("restore.sh", dump, database=target)

    counts = row_counts(source)
    assert counts["reviews_review"] == 20
    assert row_counts(target) == counts
    # Restoring over a database that has the data already replaces it.
    run_script("restore.sh", dump, database=target)
    assert row_counts(target) == counts
    # The restored database is the site's: no migration missing, every score consistent.
    manage("migrate", "--check", database=target)
    manage("verify_scores", database=target)
