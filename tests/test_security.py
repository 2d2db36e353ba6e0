"""Security headers, rate limits, access control, faults, and leaving the site."""

from __future__ import annotations

import json
from unittest import mock

import pytest
from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import OperationalError, connection
from django.test import override_settings
from django.urls import reverse

from interviews.models import InterviewExperience
from nipa_reviews.accounts.models import User
from nipa_reviews.moderation.models import Report
from nipa_reviews.ratelimit import client_ip, spent
from nipa_reviews.submissions import services as submissions
from nipa_reviews.submissions.kinds import kind_of, kinds
from reviews import services
from reviews.models import CompanyScore, HelpfulVote, Review
from tests.concurrency import run_at_once
from tests.factories import (
    PASSWORD,
    CompanyFactory,
    InterviewFactory,
    JobCategoryFactory,
    ReviewFactory,
    UserFactory,
)
from tests.test_interviews import form_data as interview_form
from tests.test_reviews_views import form_data as review_form

pytestmark = pytest.mark.django_db


# --- Headers ---------------------------------------------------------------------------------


def test_every_response_carries_the_security_headers(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "object-src 'none'",
    ):
        assert directive in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]


@override_settings(SECURE_HSTS_SECONDS=31536000)
def test_hsts_over_https(client):
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_no_template_has_inline_script_or_style():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "templates"
    offenders = []
    for path in root.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if (
            re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text)
            or re.search(r"\sstyle=\"", text)
            or "<style" in text
        ):
            offenders.append(str(path.relative_to(root)))
    assert offenders == []


# A data block, which no browser runs: the only script a page may carry without `src`.
LD_JSON = '<script type="application/ld+json">'


def test_pages_carry_no_inline_script_but_json_ld_data_blocks(client, publish):
    """The company page's JSON-LD (nipa_reviews.site.seo.json_ld) is the one exception: its
    type is exactly application/ld+json, and its JSON escapes <, > and &, so no text in it
    (a company's name, say) can close the tag and start a script."""
    import re

    company = CompanyFactory(slug="acme", name='</script><script>alert(1)</script>"&')
    publish(*ReviewFactory.create_batch(3, company=company))
    blocks = 0
    for url in ("/", "/companies/", "/companies/acme/", "/companies/acme/report/", "/search/"):
        page = client.get(url).content.decode()
        for tag in re.findall(r"<script\b[^>]*>", page):
            assert "src=" in tag or tag == LD_JSON, (url, tag)
        for block in re.findall(re.escape(LD_JSON) + r"(.*?)</script>", page, re.S):
            assert not set(block) & set("<>&"), (url, block)
            assert json.loads(block)["itemReviewed"]["name"] == company.name
            blocks += 1
    assert blocks == 1  # the company page's, and only while it shows the scores


# --- Rate limits ----------------------------------------------------------------------------


@pytest.fixture
def company(db):
    return CompanyFactory(slug="acme", name="에이크미")


# Documentation addresses (RFC 5737): the proxy, two clients behind it, a forged entry.
PROXY, CLIENT, OTHER_CLIENT, FORGED = "10.0.0.1", "203.0.113.9", "203.0.113.10", "198.51.100.7"


# Low per-account limits, and per-address limits far above them.
LOW_LIMITS = {
    "review": "2/h/user,100/h/ip",
    "interview": "2/h/user,100/h/ip",
    "report": "2/h/user,100/h/ip",
    "helpful": "2/h/user,100/h/ip",
}


def limits(**changes: str) -> dict[str, str]:
    return {**LOW_LIMITS, **changes}


def post_review(client, company, **extra):
    return client.post(reverse("reviews:create", args=[company.slug]), review_form(), **extra)


def post_interview(client, company, **extra):
    url = reverse("interviews:create", args=[company.slug])
    return client.post(url, interview_form(), **extra)


def test_every_kind_of_submission_has_rate_limits(settings):
    names = {kind.name for kind in kinds()} | {"report", "helpful", "verify", "verify_email"}
    assert set(settings.SUBMISSION_RATE_LIMITS) == names


@override_settings(SUBMISSION_RATE_LIMITS=LOW_LIMITS)
@pytest.mark.parametrize("action", ["review", "interview", "report", "helpful"])
def test_accepted_submissions_count_and_the_next_gets_the_korean_429(client, user, publish, action):
    companies = CompanyFactory.create_batch(3)
    others = publish(*[ReviewFactory(company=company) for company in companies])

    def submit(i: int):
        company, review = companies[i], others[i]
        if action == "review":
            return post_review(client, company)
        if action == "interview":
            return post_interview(client, company)
        if action == "report":
            url = reverse("moderation:report_review", args=[review.public_id])
            return client.post(url, {"reason": "spam"})
        return client.post(reverse("reviews:helpful", args=[review.public_id]))

    saved = {
        "review": Review.objects.filter(author=user),
        "interview": InterviewExperience.objects.filter(author=user),
        "report": Report.objects.filter(reporter=user),
        "helpful": HelpfulVote.objects.filter(user=user),
    }[action]
    client.force_login(user)
    for i in range(2):
        assert submit(i).status_code == 302
    response = submit(2)
    assert response.status_code == 429
    assert "요청이 너무 많습니다" in response.content.decode()
    assert saved.count() == 2


@override_settings(SUBMISSION_RATE_LIMITS=limits(review="1/h/user,1/h/ip"))
def test_invalid_forms_do_not_count(client, user, company):
    client.force_login(user)
    url = reverse("reviews:create", args=[company.slug])
    for _ in range(10):
        assert client.post(url, review_form(title="")).status_code == 200
    assert post_review(client, company).status_code == 302
    assert post_review(client, CompanyFactory()).status_code == 429
    assert Review.objects.count() == 1


@override_settings(SUBMISSION_RATE_LIMITS=limits(interview="1/h/user,1/h/ip"))
def test_an_invalid_interview_or_a_question_row_does_not_count(client, user, company):
    client.force_login(user)
    url = reverse("interviews:create", args=[company.slug])
    assert client.post(url, interview_form(account="")).status_code == 200
    assert client.post(url, interview_form(add_question="1")).status_code == 200
    assert post_interview(client, company).status_code == 302


@override_settings(SUBMISSION_RATE_LIMITS=limits(interview="2/h/user,2/h/ip"))
def test_editing_a_pending_interview_does_not_count(client, user):
    first, second, third = CompanyFactory.create_batch(3)
    client.force_login(user)
    assert post_interview(client, first).status_code == 302
    experience = InterviewExperience.objects.get()
    edit = reverse("interviews:edit", args=[experience.public_id])
    assert client.post(edit, interview_form(tip="고친 팁입니다.")).status_code == 302
    experience.refresh_from_db()
    assert experience.tip == "고친 팁입니다."
    assert post_interview(client, second).status_code == 302
    assert post_interview(client, third).status_code == 429


@override_settings(SUBMISSION_RATE_LIMITS=limits(review="2/h/user,2/h/ip"))
def test_a_duplicate_does_not_count(client, user):
    first, second, third = CompanyFactory.create_batch(3)
    client.force_login(user)
    assert post_review(client, first).status_code == 302
    assert post_review(client, first).status_code == 409
    assert post_review(client, second).status_code == 302
    assert post_review(client, third).status_code == 429


@override_settings(SUBMISSION_RATE_LIMITS=limits(report="1/h/user,1/h/ip"))
def test_a_refused_report_does_not_count(client, user, company, publish):
    own = publish(ReviewFactory(company=company, author=user))
    other = publish(ReviewFactory(company=company))
    client.force_login(user)
    client.post(reverse("moderation:report_review", args=[own.public_id]), {"reason": "spam"})
    client.post(reverse("moderation:report_review", args=[other.public_id]), {"reason": ""})
    response = client.post(
        reverse("moderation:report_review", args=[other.public_id]), {"reason": "spam"}
    )
    assert response.status_code == 302
    assert Report.objects.get().item_id == other.pk


@override_settings(SUBMISSION_RATE_LIMITS=limits(helpful="1/h/user,1/h/ip"))
def test_a_refused_helpful_vote_does_not_count(client, user, company, publish):
    own = publish(ReviewFactory(company=company, author=user))
    other = publish(ReviewFactory(company=company))
    client.force_login(user)
    client.post(reverse("reviews:helpful", args=[own.public_id]))  # 내 리뷰에는 투표할 수 없습니다
    assert client.post(reverse("reviews:helpful", args=[other.public_id])).status_code == 302
    assert HelpfulVote.objects.get().review_id == other.pk


@override_settings(SUBMISSION_RATE_LIMITS=limits(review="100/h/user,2/h/ip"))
def test_accepted_submissions_from_one_address_count_whoever_is_logged_in(client, company):
    for _ in range(2):
        client.force_login(UserFactory())
        assert post_review(client, company).status_code == 302
    client.force_login(UserFactory())
    response = post_review(client, company)
    assert response.status_code == 429
    assert "요청이 너무 많습니다" in response.content.decode()
    assert Review.objects.count() == 2


def test_colleagues_behind_one_address_are_not_locked_out_at_the_defaults(client, company):
    # An office behind one NAT: more colleagues than the old per-address limit (30) each
    # submit a review in the same hour.
    for _ in range(40):
        client.force_login(UserFactory())
        assert post_review(client, company).status_code == 302
    assert Review.objects.count() == 40


@override_settings(SUBMISSION_RATE_LIMITS=limits(review="100/h/user,1/h/ip"), TRUSTED_PROXY_COUNT=0)
def test_without_a_trusted_proxy_a_forged_forwarded_for_gets_no_counter_of_its_own(client):
    first, second = CompanyFactory.create_batch(2)
    client.force_login(UserFactory())
    sent = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": CLIENT}
    assert post_review(client, first, **sent).status_code == 302
    client.force_login(UserFactory())
    sent = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": OTHER_CLIENT}
    assert post_review(client, second, **sent).status_code == 429


@override_settings(SUBMISSION_RATE_LIMITS=limits(review="100/h/user,1/h/ip"), TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_each_client_address_has_its_own_counter(client, company):
    for forwarded_for in (CLIENT, OTHER_CLIENT):
        client.force_login(UserFactory())
        sent = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": forwarded_for}
        assert post_review(client, company, **sent).status_code == 302
    # The first client again, under a forged entry of its own: nginx appended its address.
    client.force_login(UserFactory())
    sent = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"{FORGED}, {CLIENT}"}
    assert post_review(client, company, **sent).status_code == 429


@override_settings(SUBMISSION_RATE_LIMITS=limits(review="100/h/user,1/h/ip"))
def test_one_ipv6_network_of_a_host_shares_a_counter(client):
    first, second = CompanyFactory.create_batch(2)
    client.force_login(UserFactory())
    assert post_review(client, first, REMOTE_ADDR="2001:db8:1:2::1").status_code == 302
    client.force_login(UserFactory())
    assert post_review(client, second, REMOTE_ADDR="2001:db8:1:2::beef").status_code == 429


def test_a_malformed_rate_limit_names_the_setting(rf, user, settings):
    settings.SUBMISSION_RATE_LIMITS = limits(review="10/h/users")
    request = rf.post("/")
    request.user = user
    with pytest.raises(ImproperlyConfigured, match="10/h/users"):
        spent(request, "review")


def test_reading_is_not_rate_limited(client, user, company):
    client.force_login(user)
    for _ in range(30):
        assert client.get(reverse("reviews:create", args=["acme"])).status_code == 200


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "expected"),
    [
        (0, CLIENT, PROXY),  # no proxy trusted: the header is anyone's to write
        (1, CLIENT, CLIENT),  # nginx appended the address it was called from
        (1, f"{FORGED}, {CLIENT}", CLIENT),  # what stands left of nginx's entry is forged
        (2, f"{FORGED}, {CLIENT}, 192.0.2.4", CLIENT),  # two proxies: the outer one saw CLIENT
        (1, None, PROXY),  # a request that came round the proxy
    ],
)
def test_client_address_trusts_only_our_proxies(rf, settings, proxies, forwarded_for, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    headers = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for else {}
    request = rf.post("/", REMOTE_ADDR=PROXY, **headers)
    assert client_ip(request) == expected


def test_allauth_counts_per_the_same_client_address(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.post("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"{FORGED}, {CLIENT}")
    assert get_adapter(request).get_client_ip(request) == CLIENT


# --- Access control -------------------------------------------------------------------------


def urls_for(review, experience) -> dict[str, tuple[str, str]]:
    """Every URL that takes an id or a slug and acts for someone, with its method."""
    return {
        "review edit": ("get", reverse("reviews:edit", args=[review.public_id])),
        "review delete": ("post", reverse("reviews:delete", args=[review.public_id])),
        "interview edit": ("get", reverse("interviews:edit", args=[experience.public_id])),
        "interview delete": ("post", reverse("interviews:delete", args=[experience.public_id])),
        "my activity": ("get", reverse("me")),
        "my data": ("get", reverse("my_data")),
        "admin review": ("get", reverse("admin:reviews_review_change", args=[review.pk])),
        "admin user": ("get", reverse("admin:accounts_user_change", args=[review.author.pk])),
    }


# What each person gets: "ok" (200 or a redirect after success), 404, "login", 403.
EXPECTED = {
    "author": {
        "review edit": "ok",
        "review delete": "ok",
        "interview edit": "ok",
        "interview delete": "ok",
        "my activity": "ok",
        "my data": "ok",
        "admin review": "login",
        "admin user": "login",
    },
    "another user": {
        "review edit": 404,
        "review delete": 404,
        "interview edit": 404,
        "interview delete": 404,
        "my activity": "ok",
        "my data": "ok",
        "admin review": "login",
        "admin user": "login",
    },
    "anonymous": {
        "review edit": "login",
        "review delete": "login",
        "interview edit": "login",
        "interview delete": "login",
        "my activity": "login",
        "my data": "login",
        "admin review": "login",
        "admin user": "login",
    },
    "moderator": {
        "review edit": 404,
        "review delete": 404,
        "interview edit": 404,
        "interview delete": 404,
        "my activity": "ok",
        "my data": "ok",
        "admin review": "ok",
        "admin user": 403,
    },
}


def outcome(response) -> str | int:
    if response.status_code == 302 and response.url.startswith(
        ("/accounts/login/", "/admin/login/")
    ):
        return "login"
    if response.status_code in (200, 302):
        return "ok"
    return response.status_code


@pytest.mark.parametrize("person", list(EXPECTED))
def test_access_control_matrix(client, person, moderator):
    author = UserFactory()
    review = ReviewFactory(author=author)
    experience = InterviewFactory(author=author)
    if person == "author":
        client.force_login(author)
    elif person == "another user":
        client.force_login(UserFactory())
    elif person == "moderator":
        client.force_login(moderator)
    got = {}
    for name, (method, url) in urls_for(review, experience).items():
        got[name] = outcome(getattr(client, method)(url))
    assert got == EXPECTED[person]


def test_helpful_and_report_need_an_account_and_a_published_item(client, user, publish):
    pending = ReviewFactory()
    published = publish(ReviewFactory())
    for url in (
        reverse("reviews:helpful", args=[published.public_id]),
        reverse("moderation:report_review", args=[published.public_id]),
    ):
        assert outcome(client.post(url, {"reason": "spam"})) == "login"
    client.force_login(user)
    for url in (
        reverse("reviews:helpful", args=[pending.public_id]),
        reverse("moderation:report_review", args=[pending.public_id]),
    ):
        assert client.post(url, {"reason": "spam"}).status_code == 404
    assert not HelpfulVote.objects.exists() and not Report.objects.exists()


# --- Faults ---------------------------------------------------------------------------------


def test_a_database_outage_gives_the_korean_503_page(client, company):
    with mock.patch(
        "django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("down")
    ):
        response = client.get(company.get_absolute_url())
    assert response.status_code == 503
    content = response.content.decode()
    assert "잠시 서비스를 이용할 수 없습니다" in content
    assert "Traceback" not in content and "OperationalError" not in content


@pytest.mark.skipif(connection.vendor != "postgresql", reason="drops PostgreSQL connections")
@pytest.mark.django_db(transaction=True)
def test_the_next_request_succeeds_after_the_database_drops_its_connections():
    """Requests through the real WSGI handler (the test client would keep its connection
    out of Django's request cycle): the persistent connection is killed by the server, and
    the next request gets a fresh one instead of an error."""
    import psycopg
    from django.core.handlers.wsgi import WSGIHandler
    from django.test.client import RequestFactory

    handler = WSGIHandler()

    def healthz() -> str:
        environ = RequestFactory()._base_environ(PATH_INFO="/healthz", REQUEST_METHOD="GET")
        statuses = []
        b"".join(handler(environ, lambda status, headers: statuses.append(status)))
        return statuses[0]

    assert healthz() == "200 OK"
    pid = connection.connection.info.backend_pid  # kept open between requests (CONN_MAX_AGE)
    params = connection.settings_dict
    with psycopg.connect(
        host=params["HOST"],
        port=params["PORT"] or 5432,
        user=params["USER"],
        dbname="postgres",
        autocommit=True,
    ) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])
    assert healthz() == "200 OK"
    assert connection.connection.info.backend_pid != pid


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_twenty_threads_submitting_and_publishing_leave_scores_clean(capsys):
    company = CompanyFactory()
    job = JobCategoryFactory()
    authors = UserFactory.create_batch(20)

    def submit_and_publish(author):
        review = submissions.submit(
            kind=kind_of(Review),
            company=company,
            author=author,
            employment_status="current",
            job_category=job,
            culture=5,
            pay_benefits=4,
            career=3,
            work_life=2,
            leadership=1,
            title="동시에",
            pros="동시에 쓰는 리뷰입니다. 점수가 틀어지면 안 되는 상황을 시험합니다.",
            cons="동시에 게시되는 리뷰입니다. 점수 행의 잠금이 지켜 주어야 합니다.",
        )
        submissions.publish(item=review, moderator=None)

    errors = run_at_once(submit_and_publish, authors)
    assert errors == []
    assert CompanyScore.objects.get(company=company).review_count == 20
    call_command("verify_scores")
    assert "scores verified" in capsys.readouterr().out


# --- Leaving the site, and taking one's data -------------------------------------------------


def test_account_deletion_asks_for_the_password_again(client, user):
    client.force_login(user)
    response = client.get(reverse("account_delete"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))
    client.post(response.url, {"password": PASSWORD})
    assert "회원 탈퇴" in client.get(reverse("account_delete")).content.decode()


def test_account_deletion_erases_the_person_and_keeps_published_content(
    client, publish, publish_interview, capsys
):
    company = CompanyFactory()
    leaver = UserFactory(email="leaver@corp.example")
    published = publish(ReviewFactory(company=company, author=leaver, culture=1))
    publish(*ReviewFactory.create_batch(3, company=company))
    pending = ReviewFactory(company=company, author=leaver)
    experience = publish_interview(InterviewFactory(company=company, author=leaver))
    pending_interview = InterviewFactory(company=company, author=leaver, half="second")
    voted = publish(ReviewFactory(company=company))
    services.review_set_helpful(review=voted, user=leaver)
    Report.objects.create(item_type="review", item_id=voted.pk, reporter=leaver, reason="spam")
    score_before = CompanyScore.objects.get(company=company)

    client.force_login(leaver)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    response = client.post(reverse("account_delete"))
    assert response.status_code == 302

    assert not User.objects.filter(email="leaver@corp.example").exists()
    assert not EmailAddress.objects.filter(email="leaver@corp.example").exists()
    assert not Review.objects.filter(pk=pending.pk).exists()
    assert not InterviewExperience.objects.filter(pk=pending_interview.pk).exists()
    assert Review.objects.get(pk=published.pk).author is None
    assert InterviewExperience.objects.get(pk=experience.pk).author is None
    assert Review.objects.get(pk=voted.pk).helpful_count == 0
    assert not Report.objects.about(voted).exists()
    score_after = CompanyScore.objects.get(company=company)
    assert (score_after.review_count, score_after.total) == (
        score_before.review_count,
        score_before.total,
    )
    assert "_auth_user_id" not in client.session
    call_command("verify_scores")
    assert "scores verified" in capsys.readouterr().out


def test_data_export_has_my_submissions_only(client, user, other_user):
    ReviewFactory(author=user, title="내 리뷰")
    ReviewFactory(author=other_user, title="남의 리뷰")
    InterviewFactory(author=user, questions=["내 질문?"])
    client.force_login(user)
    response = client.get(reverse("my_data"))
    # Named for the site, in Korean (RFC 6266's filename*), not for the code name.
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%EC%9E%A1%EB%A6%AC%ED%8F%AC%ED%8A%B8-"
        "%EB%82%B4-%EB%8D%B0%EC%9D%B4%ED%84%B0.json"
    )
    data = json.loads(response.content)
    assert data["account"]["email"] == user.email
    assert [r["title"] for r in data["reviews"]] == ["내 리뷰"]
    assert data["interviews"][0]["questions"] == ["내 질문?"]
    assert "남의 리뷰" not in response.content.decode()


# --- Stored XSS --------------------------------------------------------------------------------


def test_stored_payloads_are_escaped_on_every_page_that_shows_them(client, moderator):
    from tests.xss_payloads import ADMIN_PAGES, PAYLOADS, PUBLIC_PAGES, submit_payloads

    assert len(PAYLOADS) >= 50
    submit_payloads(moderator)
    dangerous = [p for p in PAYLOADS if "<" in p]
    for url in PUBLIC_PAGES:
        content = client.get(url).content.decode()
        assert [p for p in dangerous if p[:40] in content] == [], url
    client.force_login(moderator)
    for url in ADMIN_PAGES:
        content = client.get(url).content.decode()
        assert [p for p in dangerous if p[:40] in content] == [], url
