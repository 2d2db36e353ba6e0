"""Korean by default, English on request: `?lang=`, the cookie the footer's switch sets,
Accept-Language; the page cache and the API per language; translation files that are
complete and in step with the code."""

from __future__ import annotations

import io
import itertools
import os
import re
import shutil
import subprocess
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import models
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation

from interviews.models import InterviewExperience
from tests.factories import InterviewFactory, ReviewFactory

pytestmark = pytest.mark.django_db

HANGUL = re.compile(r"[\uac00-\ud7a3]")
LOCALE = Path(settings.BASE_DIR, "locale")
PO_FILES = sorted(LOCALE.glob("*/LC_MESSAGES/*.po"))
# What the code is scanned for, as `manage.py makemessages` is run (README, Translations).
SOURCES = ["companies", "interviews", "reviews", "nipa_reviews", "templates"]


class Chrome(HTMLParser):
    """The text a visitor reads as the page's frame: <title>, every <nav>, h1 to h3."""

    WATCHED = ("title", "nav", "h1", "h2", "h3")

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.WATCHED:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in self.WATCHED and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth and data.strip():
            self.texts.append(data.strip())


def chrome_of(html: str) -> str:
    parser = Chrome()
    parser.feed(html)
    return "\n".join(parser.texts)


def data_values() -> list[str]:
    """Every Korean text stored in the content apps (company names, categories, titles,
    quotes...): content, not UI, so it stays Korean on the English pages. Longest first,
    so a name is stripped before a shorter name inside it."""
    values: set[str] = set()
    for label in ("companies", "reviews", "interviews"):
        for model in apps.get_app_config(label).get_models():
            for field in model._meta.concrete_fields:
                if isinstance(field, models.CharField | models.TextField):
                    values.update(
                        value
                        for value in model._base_manager.values_list(field.attname, flat=True)
                        if value and HANGUL.search(value)
                    )
    lines = {line.strip() for value in values for line in value.splitlines() if line.strip()}
    return sorted(values | lines, key=len, reverse=True)


def korean_left(html: str, known: list[str]) -> list[str]:
    text = chrome_of(html)
    for value in known:
        text = text.replace(value, "")
    return [line for line in text.splitlines() if HANGUL.search(line)]


# --- Choosing the language --------------------------------------------------------------


def test_korean_is_the_default(client, nipa):
    response = client.get("/companies/")
    assert response["Content-Language"] == "ko"
    assert '<html lang="ko">' in response.content.decode()
    assert "기업 찾기" in response.content.decode()


def test_accept_language_english_gets_english(client, nipa):
    response = client.get("/companies/", headers={"accept-language": "en-US,en;q=0.9"})
    html = response.content.decode()
    assert response["Content-Language"] == "en"
    assert '<html lang="en">' in html
    assert "Find a company" in html
    assert "기업 찾기" not in html


def test_lang_parameter_renders_english_without_a_cookie(client, nipa):
    response = client.get("/companies/nipa/?lang=en")
    html = response.content.decode()
    assert response["Content-Language"] == "en"
    assert "Total satisfaction" in html
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_lang_parameter_outranks_the_cookie_and_accept_language(client, nipa):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/companies/?lang=ko", headers={"accept-language": "en"})
    assert response["Content-Language"] == "ko"
    assert "기업 찾기" in response.content.decode()


@pytest.mark.parametrize("value", ["xx", "EN", "english", "en-gb-x", ""])
def test_an_unknown_lang_value_is_ignored(client, nipa, value):
    response = client.get("/companies/", {"lang": value})
    assert response.status_code == 200
    assert response["Content-Language"] == "ko"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert client.get("/companies/", {"lang": value})["Content-Language"] == "en"


def test_the_switch_sets_the_cookie_and_returns_to_the_page_without_a_csrf_token(nipa):
    # Cached pages are shared by every anonymous visitor, so the switch carries no token.
    client = Client(enforce_csrf_checks=True)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/companies/?sort=name"})
    assert response.status_code == 302
    assert response["Location"] == "/companies/?sort=name"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME]["httponly"]
    assert client.get("/companies/?sort=name")["Content-Language"] == "en"
    client.post("/i18n/setlang/", {"language": "ko", "next": "/companies/"})
    assert client.get("/companies/")["Content-Language"] == "ko"


def test_the_privacy_policy_names_the_language_cookie_and_its_age(client):
    assert settings.LANGUAGE_COOKIE_AGE == 365 * 24 * 3600
    assert "고른 언어 기억(django_language, 1년)" in client.get("/privacy/").content.decode()
    english = client.get("/privacy/?lang=en").content.decode()
    assert "remember the language you chose (django_language, one year)" in english


def test_the_switch_refuses_another_host_as_next(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "https://evil.test/"})
    assert response["Location"] == "/"


def test_footer_switch_posts_to_set_language_and_returns_here_without_lang(client, nipa):
    html = client.get("/companies/?sort=name&lang=en").content.decode()
    form = re.search(r'<form class="language-switch"[^>]*>(.*?)</form>', html, re.S)
    assert form is not None
    assert 'action="/i18n/setlang/"' in form.group(0)
    assert 'method="post"' in form.group(0)
    assert 'aria-label="Language"' in form.group(0)
    assert '<input type="hidden" name="next" value="/companies/?sort=name">' in form.group(1)
    assert re.search(r'value="ko" lang="ko" aria-pressed="false">한국어</button>', form.group(1))
    assert re.search(r'value="en" lang="en" aria-pressed="true">English</button>', form.group(1))
    assert "style=" not in form.group(0) and "<script" not in form.group(0)


# --- Caches ---------------------------------------------------------------------------


def test_cached_pages_are_kept_per_language(client, nipa, django_assert_num_queries):
    korean = client.get("/companies/nipa/").content.decode()
    english = client.get("/companies/nipa/?lang=en").content.decode()
    assert "총 만족도" in korean and "Total satisfaction" not in korean
    assert "Total satisfaction" in english and "총 만족도" not in english
    # Both are now cached: each language gets its own copy, with no query.
    with django_assert_num_queries(0):
        again_korean = client.get("/companies/nipa/")
        again_english = client.get("/companies/nipa/", headers={"accept-language": "en"})
    assert again_korean.content.decode() == korean
    assert again_english.content.decode() == english
    assert again_english["Content-Language"] == "en"
    assert again_korean["Content-Language"] == "ko"


def test_cached_pages_vary_by_the_language_cookie_and_accept_language(client, nipa):
    for _ in range(2):  # rendered, then served from the cache
        response = client.get("/companies/nipa/")
        vary = {value.strip().lower() for value in response["Vary"].split(",")}
        assert {"cookie", "accept-language"} <= vary


def test_the_cached_api_answers_in_the_language_asked(client, nipa, publish_interview):
    publish_interview(InterviewFactory(company=nipa, difficulty=1, atmosphere=1))
    korean = client.get("/api/companies/nipa/").json()["interviews"]
    english = client.get("/api/companies/nipa/?lang=en").json()["interviews"]
    korean_again = client.get("/api/companies/nipa/").json()["interviews"]
    assert korean["difficulty_label"] == "매우 쉬움"
    assert english["difficulty_label"] == "Very easy"
    assert korean_again == korean


# --- English pages --------------------------------------------------------------------


def public_pages() -> list[str]:
    experience = InterviewExperience.objects.published().first()
    return [
        "/",
        "/companies/",
        "/companies/?q=진흥원",
        "/companies/nipa/",
        "/companies/nipa/report/",
        "/companies/nipa/reviews/",
        "/companies/nipa/reviews/?q=야근",
        "/companies/nipa/interviews/",
        f"/companies/nipa/interviews/{experience.public_id}/",
        "/companies/nipa/interviews/questions/",
        "/search/?q=야근",
        "/search/?q=없는낱말",
        "/transparency/",
        "/terms/",
        "/privacy/",
        "/policy/",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/no-such-page/",
    ]


def test_english_pages_have_no_korean_in_titles_navigation_and_headings(client):
    call_command("load_demo", stdout=io.StringIO())
    # What the visitor typed (the search words in the title) is theirs, not the UI's.
    known = [*data_values(), "진흥원", "야근", "없는낱말"]
    assert "정보통신산업진흥원" in known  # the demo company: content, left in Korean
    left = {}
    for path in public_pages():
        joiner = "&" if "?" in path else "?"
        response = client.get(f"{path}{joiner}lang=en")
        assert response.status_code in (200, 404), path
        assert response["Content-Language"] == "en", path
        found = korean_left(response.content.decode(), known)
        if found:
            left[path] = found
    assert left == {}


def test_the_default_site_name_is_translated_and_a_chosen_one_is_not(client, settings, nipa):
    assert "<title>JobReport" in client.get("/?lang=en").content.decode()
    assert "<title>잡리포트" in client.get("/").content.decode()
    settings.SITE_NAME = "회사톡"
    cache.clear()  # the home page is cached, and a setting changes only with a restart
    assert "<title>회사톡" in client.get("/?lang=en").content.decode()


def test_english_dates_read_naturally_in_korean_time(client, nipa, publish):
    # 2024-08-20 16:00 UTC is already 21 August in Seoul.
    reviews = ReviewFactory.create_batch(3, company=nipa)
    publish(*reviews, at=datetime(2024, 8, 20, 16, 0, tzinfo=UTC))
    english = client.get("/companies/nipa/?lang=en").content.decode()
    korean = client.get("/companies/nipa/").content.decode()
    assert "2024.08.21" in korean
    assert "Aug 21, 2024" in english and "2024.08.21" not in english


def test_error_pages_render_in_english_without_a_request_context():
    with translation.override("en"):
        assert "A temporary error occurred" in render_to_string("500.html")
        assert "The service is temporarily unavailable" in render_to_string("503.html")
    with translation.override("ko"):
        assert "일시적인 오류가 발생했습니다" in render_to_string("500.html")


# --- Translation files ------------------------------------------------------------------

msgfmt = shutil.which("msgfmt")
needs_msgfmt = pytest.mark.skipif(
    msgfmt is None and not os.environ.get("CI"),
    reason="GNU gettext's msgfmt is not installed (Debian: apt-get install gettext)",
)


def test_there_is_an_english_translation():
    assert [path.relative_to(LOCALE).parts[0] for path in PO_FILES] == ["en"]


@needs_msgfmt
@pytest.mark.parametrize("po", PO_FILES, ids=lambda path: str(path.relative_to(LOCALE)))
def test_every_entry_is_translated_and_none_is_fuzzy(po):
    result = subprocess.run(
        [msgfmt or "msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    statistics = result.stderr.strip().splitlines()[-1]
    assert re.fullmatch(r"\d+ translated messages?\.", statistics), statistics


def msgids(po: Path) -> set[str]:
    """The context, id and plural id of every entry but the header (and obsolete ones)."""
    entries = set()
    for block in po.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.splitlines() if line and not line.startswith("#")]
        ids = list(itertools.takewhile(lambda line: not line.startswith("msgstr"), lines))
        if ids and ids != ['msgid ""']:
            entries.add("".join(ids).replace('""', ""))
    return entries


@needs_msgfmt
def test_the_english_file_is_in_step_with_the_code(tmp_path, monkeypatch, settings):
    # makemessages, run on a copy of the sources into a fresh locale folder: the entries
    # it finds are exactly those of locale/en, none missing and none left over.
    for name in SOURCES:
        shutil.copytree(
            Path(settings.BASE_DIR, name),
            tmp_path / name,
            ignore=shutil.ignore_patterns("__pycache__", "*.mo", "*.po"),
        )
    (tmp_path / "locale").mkdir()
    monkeypatch.chdir(tmp_path)
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    call_command("makemessages", locale=["en"], add_location="file", verbosity=0)
    fresh = msgids(tmp_path / "locale/en/LC_MESSAGES/django.po")
    ours = msgids(LOCALE / "en/LC_MESSAGES/django.po")
    assert len(fresh) > 100
    assert sorted(fresh - ours) == [], "run makemessages (README, Languages)"
    assert sorted(ours - fresh) == [], "run makemessages (README, Languages)"


def test_counts_read_as_english_plurals(client, nipa, publish):
    first, second = ReviewFactory.create_batch(2, company=nipa)
    publish(first)
    assert "1 published review<" in client.get("/companies/nipa/reviews/?lang=en").content.decode()
    publish(second)
    html = client.get("/companies/nipa/reviews/?lang=en").content.decode()
    assert "2 published reviews<" in html
