"""The base pages: home, errors, health check, static assets served locally."""

from __future__ import annotations

import re
from unittest import mock

import pytest
from django.db import DatabaseError
from django.urls import reverse
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db


def test_home_has_korean_navigation_and_a_search_box(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    for label in ("홈", "기업 찾기", "로그인", "회원가입"):
        assert label in html
    assert 'name="q"' in html
    assert '<html lang="ko">' in html


def test_home_is_honestly_empty_without_published_content(client):
    html = client.get("/").content.decode()
    assert "아직 게시된 리뷰가 없습니다." in html


def test_logged_in_navigation_offers_my_activity_and_logout(client, user):
    client.force_login(user)
    html = client.get("/").content.decode()
    assert "내 활동" in html
    assert "로그아웃" in html
    assert "회원가입" not in html


def test_no_page_asset_comes_from_another_host(client):
    html = client.get("/").content.decode()
    # The canonical and hreflang links name this page's own address (SITE_URL): no load.
    html = re.sub(r'<link rel="(?:canonical|alternate)"[^>]*>', "", html)
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any("bootstrap.min.css" in s for s in sources)
    assert not [s for s in sources if s.startswith(("http:", "https:", "//"))]


def test_vendored_bootstrap_is_served(client, live_server):
    import urllib.request

    with urllib.request.urlopen(
        f"{live_server.url}/static/vendor/bootstrap/bootstrap.min.css"
    ) as r:
        assert r.status == 200
        assert b"Bootstrap" in r.read(400)


def test_unknown_page_gets_the_korean_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "페이지를 찾을 수 없습니다" in response.content.decode()


def test_server_error_page_is_korean_and_needs_no_database(rf):
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=DatabaseError):
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "일시적인 오류가 발생했습니다" in response.content.decode()


def test_ping_is_trivial(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/ping")
    assert response.content == b"ok"


@pytest.mark.parametrize("size", [3, 30])
def test_home_query_count_does_not_grow(client, publish, django_assert_num_queries, size):
    from tests.factories import CompanyFactory, ReviewFactory

    for company in CompanyFactory.create_batch(size):
        publish(*ReviewFactory.create_batch(3, company=company))
    # the top companies by score and by review count, each with their scores; the latest
    # reviews and the latest interview tips, each with company and job category
    with django_assert_num_queries(4):
        response = client.get("/")
    assert len(response.context["top_companies"]) == min(size, 5)
    with django_assert_num_queries(0):  # then from the cache, for anonymous visitors
        assert client.get("/").content == response.content


@pytest.mark.parametrize("size", [1, 20])
def test_my_activity_query_count_does_not_grow(client, user, django_assert_num_queries, size):
    from tests.factories import EmploymentVerificationFactory, InterviewFactory, ReviewFactory

    for _ in range(size):
        ReviewFactory(author=user)
        InterviewFactory(author=user)
        EmploymentVerificationFactory(user=user)
    client.force_login(user)
    # session, user, the verified-email check, then per kind (review, reply, interview): my
    # submissions, and the passages moderators hid of them (가림 처리), a query asked only
    # when there are submissions (this user wrote no reply); my valid 재직 인증 with their
    # companies
    with django_assert_num_queries(9):
        response = client.get(reverse("me"))
    assert response.status_code == 200


@pytest.mark.parametrize("size", [2, 20])
def test_interview_detail_query_count_does_not_grow(
    client, publish_interview, django_assert_num_queries, size
):
    from tests.factories import InterviewFactory

    experience = publish_interview(InterviewFactory(questions=[f"질문 {i}" for i in range(size)]))
    url = reverse("interviews:detail", args=[experience.company.slug, experience.public_id])
    # the company, the experience, its questions
    with django_assert_num_queries(3):
        client.get(url)


def test_favicon_ico_is_not_a_404(client):
    """Browsers and feed readers ask for /favicon.ico whatever the page links."""
    from django.contrib.staticfiles import finders

    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response.url == "/static/img/favicon.ico"
    with open(finders.find("img/favicon.ico"), "rb") as f:
        assert f.read(4) == b"\x00\x00\x01\x00"  # an ICO file
    html = client.get("/").content.decode()
    assert 'href="/static/img/favicon.svg" type="image/svg+xml"' in html


def test_api_docs_fit_a_phone_and_run_no_inline_script(client):
    html = client.get("/api/docs").content.decode()
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert '<html lang="ko">' in html
    assert '<div id="swagger-settings" hidden>' in html


def test_home_ranks_by_score_and_by_reviews_and_shows_latest_reviews_and_tips(
    client, publish, publish_interview
):
    from tests.factories import CompanyFactory, InterviewFactory, ReviewFactory

    loved = CompanyFactory(name="좋은회사")
    busy = CompanyFactory(name="붐비는회사")
    publish(*ReviewFactory.create_batch(3, company=loved, culture=5, pay_benefits=5))
    publish(*ReviewFactory.create_batch(5, company=busy, culture=1, pay_benefits=1))
    publish_interview(InterviewFactory(company=busy, tip="면접 전에 보도자료를 꼭 읽어 가세요."))
    html = client.get("/").content.decode()
    by_score = html[html.index('id="top-title"') : html.index('id="reviewed-title"')]
    by_count = html[html.index('id="reviewed-title"') : html.index('id="tips-title"')]
    assert by_score.index("좋은회사") < by_score.index("붐비는회사")
    assert by_count.index("붐비는회사") < by_count.index("좋은회사")
    assert "리뷰 5건" in by_count
    assert "면접 전에 보도자료를 꼭 읽어 가세요." in html
    assert html.count('class="card review-teaser"') == 4
