"""No 500 on any input (issue 12): NUL bytes, huge and malformed numbers, tampered form
counts, over-size, over-full and undecodable bodies, odd addresses. Pages answer with the
Korean 400 page, the API with Korean JSON. Run on PostgreSQL too: there a NUL byte or a
bigint overflow that reaches the database is an error, where SQLite shrugs."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.test.client import encode_multipart
from django.urls import reverse

from interviews.models import InterviewExperience
from reviews.models import Review
from tests.factories import CompanyFactory, InterviewFactory, ReviewFactory
from tests.test_interviews import form_data as interview_form
from tests.test_reviews_views import form_data as review_form

pytestmark = pytest.mark.django_db

HANGUL = re.compile("[가-힣]")
BIGINT_MAX = "9223372036854775807"
HUGE = "9" * 30  # beyond any database integer
DIGITS_5000 = "9" * 5000  # beyond what Python's int() parses

# The sentences of the 400 page (nipa_reviews.views.bad_request_message) and the API.
NUL = "주소에 쓸 수 없는 문자(NUL, %00)가 들어 있습니다."
TOO_BIG = "보낸 내용이 너무 큽니다."
TOO_MANY = "보낸 값이 너무 많습니다."
UNREADABLE = "보낸 내용을 읽을 수 없습니다."
PAGE = "page는 1부터 100,000까지의 정수로 보내 주세요."
PAGE_SIZE = "page_size는 1부터 100까지의 정수로 보내 주세요."
SLUG = "slug는 기업 주소 이름입니다"
NO_COMPANY = "그런 기업이 없습니다."

LISTS = [
    "/companies/",
    "/companies/acme/reviews/",
    "/companies/acme/interviews/",
    "/companies/acme/interviews/questions/",
]
FILTERS = {
    "/companies/": ["q", "type", "industry", "sort", "page"],
    "/companies/acme/reviews/": ["status", "job", "sort", "page"],
    "/companies/acme/interviews/": ["level", "job", "year", "result", "page"],
    "/companies/acme/interviews/questions/": ["q", "page"],
    "/api/companies/": ["q", "page", "page_size"],
}


@pytest.fixture
def company(publish, publish_interview):
    """A company with shown scores and a published interview, so every list has rows."""
    company = CompanyFactory(slug="acme", name="에이크미")
    publish(*ReviewFactory.create_batch(3, company=company))
    publish_interview(InterviewFactory(company=company))
    return company


def check(response, status: int, text: str | None) -> None:
    """The status, and the answer in the right language and shape: a Korean page, or
    Korean JSON {"detail": ...} under /api/."""
    assert response.status_code == status, response.content[:500]
    if response.wsgi_request.path_info.startswith("/api/"):
        assert response["Content-Type"].startswith("application/json")
        body = response.json()
        if status != 200:
            assert list(body) == ["detail"] and HANGUL.search(body["detail"])
            assert text is None or text in body["detail"]
        return
    if status in (301, 302):
        return
    assert response["Content-Type"].startswith("text/html")
    content = response.content.decode()
    assert 'lang="ko"' in content and "Traceback" not in content
    if status == 400:
        assert "요청을 처리할 수 없습니다" in content
    assert text is None or text in content


# --- Anonymous GETs -------------------------------------------------------------------------

GETS = [
    # A NUL in every search box, filter, page number and parameter name: the 400 page.
    *[(f"{path}?{name}=a%00b", 400, NUL) for path, names in FILTERS.items() for name in names],
    ("/companies/?%00=1", 400, NUL),
    ("/api/companies/?%00=1", 400, NUL),
    # ... and in every kind of path segment.
    ("/companies/acme%00/", 400, NUL),
    ("/companies/%00/reviews/", 400, NUL),
    ("/companies/acme/interviews/1%00/", 400, NUL),
    ("/companies/acme/report/%00", 400, NUL),
    ("/api/companies/%00/", 400, NUL),
    ("/api/companies/acme%00/", 400, NUL),
    # Page numbers out of range or not numbers: the last page, or the first.
    *[
        (f"{path}?page={page}", 200, None)
        for path in LISTS
        for page in ("0", "-1", BIGINT_MAX, HUGE, DIGITS_5000, "abc", "1e308", "1.5", "")
    ],
    # Filter values of the wrong kind or size: no filter.
    *[
        (f"/companies/acme/{path}?{name}={value}", 200, None)
        for path, name in [("reviews/", "job"), ("interviews/", "job"), ("interviews/", "year")]
        for value in (HUGE, "-1", "abc", "가")
    ],
    ("/companies/?q=" + "가" * 51, 200, None),
    ("/companies/acme/interviews/questions/?q=" + "가" * 51, 200, None),
    # Unknown companies, odd slugs and huge ids: the 404 page.
    ("/companies/no-such-company/", 404, None),
    ("/companies/%ED%95%9C%EA%B8%80/", 404, None),
    ("/companies/a.b/", 404, None),
    ("/companies/" + "a" * 300 + "/", 404, None),
    ("/companies/no-such-company/reviews/?page=" + BIGINT_MAX, 404, None),
    ("/companies/acme/interviews/" + HUGE + "/", 404, None),
    ("/companies/acme/interviews/" + BIGINT_MAX + "/", 404, None),
    # The API: bounds are a 422 naming the parameter, unknown things a 404, all JSON.
    *[
        (f"/api/companies/?page={page}", 422, PAGE)
        for page in ("0", "-1", "100001", BIGINT_MAX, HUGE, DIGITS_5000, "abc", "1.5")
    ],
    *[
        (f"/api/companies/?page_size={size}", 422, PAGE_SIZE)
        for size in ("0", "-1", "101", "100000", BIGINT_MAX, HUGE, "abc")
    ],
    ("/api/companies/?page=100000&page_size=100", 200, None),  # past the end: no items
    ("/api/companies/?page_size=100", 200, None),
    ("/api/companies/?q=" + "가" * 51, 422, "q(검색어)는 50자 이하로 보내 주세요."),
    ("/api/companies/no-such-company/", 404, NO_COMPANY),
    ("/api/companies/%ED%95%9C%EA%B8%80/", 422, SLUG),
    ("/api/companies/a.b/", 422, SLUG),
    ("/api/companies/" + "a" * 61 + "/", 422, SLUG),
    ("/api/companies/acme/extra/", 404, "이 주소에는 API가 없습니다."),
    ("/api/no-such-thing", 404, "이 주소에는 API가 없습니다."),
]


@pytest.mark.parametrize(("url", "status", "text"), GETS, ids=[url[:70] for url, *_ in GETS])
def test_anonymous_get(client, company, url, status, text):
    check(client.get(url), status, text)


def test_too_many_query_parameters_are_a_korean_400(client, company):
    query = "&".join(f"p{i}=1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
    check(client.get(f"/companies/?{query}"), 400, TOO_MANY)
    check(client.get(f"/api/companies/?{query}"), 400, TOO_MANY)


def test_a_page_number_past_the_end_shows_the_last_page(client, company):
    CompanyFactory.create_batch(24)  # with acme, 25 companies: two pages of 20
    response = client.get(f"/companies/?page={BIGINT_MAX}")
    assert response.context["page"].number == 2
    assert len(response.context["page"]) == 5


def test_a_nul_in_the_session_cookie_starts_a_fresh_session(client, company):
    client.cookies["sessionid"] = "abcdefghij\x00klmnop"
    check(client.get("/companies/acme/"), 200, None)


def test_an_unknown_host_is_a_korean_400(client, company):
    check(client.get("/companies/", HTTP_HOST="evil.example"), 400, UNREADABLE)


def test_a_get_declaring_another_charset_still_answers(client, company):
    check(client.get("/companies/?q=acme", CONTENT_TYPE="text/plain; charset=utf-16"), 200, None)


# --- Form POSTs by a signed-in user ---------------------------------------------------------


def interview_url() -> str:
    return reverse("interviews:create", args=["acme"])


def review_url() -> str:
    return reverse("reviews:create", args=["acme"])


def questions(n: int) -> dict:
    return interview_form(questions=tuple(f"질문 {i}?" for i in range(n)))


def urlencoded(data: dict, charset: str) -> dict:
    return {
        "data": urlencode(data).encode(charset),
        "content_type": f"application/x-www-form-urlencoded; charset={charset}",
    }


POSTS = [
    # (what, url, request, status, text)
    ("2,000 question rows", interview_url, lambda: {"data": questions(2000)}, 400, TOO_MANY),
    ("25 question rows", interview_url, lambda: {"data": questions(25)}, 200, "20개까지"),
    (
        "too many fields",
        review_url,
        lambda: {"data": review_form(**{f"x{i}": "" for i in range(1001)})},
        400,
        TOO_MANY,
    ),
    (
        "an over-size body",
        review_url,
        lambda: {"data": review_form(pros="a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1))},
        400,
        TOO_BIG,
    ),
    ("a UTF-16 body", review_url, lambda: urlencoded(review_form(), "utf-16"), 400, UNREADABLE),
    ("a Latin-1 body", review_url, lambda: urlencoded(review_form(), "latin-1"), 400, UNREADABLE),
    (
        "an undecodable body",
        review_url,
        lambda: {
            "data": b"title=\xff\xfe&pros=\xc3",
            "content_type": "application/x-www-form-urlencoded",
        },
        200,
        "입력한 내용을 확인해 주세요",
    ),
    (
        "a multipart body without a boundary",
        review_url,
        lambda: {"data": b"title=x", "content_type": "multipart/form-data"},
        400,
        UNREADABLE,
    ),
    (
        "a multipart body declaring UTF-16",
        review_url,
        lambda: {
            "data": encode_multipart("BoUnDaRy", {"title": "제목"}),
            "content_type": "multipart/form-data; boundary=BoUnDaRy; charset=utf-16",
        },
        200,
        None,
    ),
    (
        "a NUL in a text field",
        review_url,
        lambda: {"data": review_form(pros="장점이 많은 회사입니다.\x00" * 3)},
        200,
        "null 문자는 사용할 수 없습니다",
    ),
    (
        "a NUL in a choice",
        review_url,
        lambda: {"data": review_form(employment_status="\x00")},
        200,
        "입력한 내용을 확인해 주세요",
    ),
    (
        "a huge job category",
        review_url,
        lambda: {"data": review_form(job_category=HUGE)},
        200,
        "입력한 내용을 확인해 주세요",
    ),
    (
        "a NUL in an interview question",
        interview_url,
        lambda: {"data": interview_form(questions=("질문\x00?",))},
        200,
        "null 문자는 사용할 수 없습니다",
    ),
]


@pytest.mark.parametrize(
    ("url", "request_", "status", "text"),
    [post[1:] for post in POSTS],
    ids=[post[0] for post in POSTS],
)
def test_signed_in_post(client, user, company, url, request_, status, text):
    client.force_login(user)
    check(client.generic("POST", url(), **_encoded(request_())), status, text)
    assert not Review.objects.filter(author=user).exists()
    assert not InterviewExperience.objects.filter(author=user).exists()


def _encoded(request: dict) -> dict:
    """client.generic sends bytes as they are; a dict is encoded as a browser would."""
    data = request["data"]
    if isinstance(data, dict):
        return {
            "data": urlencode(data, doseq=True),
            "content_type": "application/x-www-form-urlencoded",
        }
    return request


@pytest.mark.parametrize("count", ["abc", "-1", "99999", "", "1e3", HUGE, "\x00"])
def test_a_tampered_question_count_keeps_the_questions_for_another_row(
    client, user, company, count
):
    client.force_login(user)
    data = interview_form(questions=("첫 질문?", "둘째 질문?"), add_question="1")
    data["questions-TOTAL_FORMS"] = count
    response = client.post(interview_url(), data)
    check(response, 200, 'value="둘째 질문?"')
    content = response.content.decode()
    assert len(re.findall(r'name="questions-\d+-text"', content)) == 3  # the two, one more
    assert 'value="첫 질문?"' in content


@pytest.mark.parametrize("count", ["abc", "-1", "99999", "", "1e3", HUGE, "\x00"])
def test_a_tampered_question_count_still_submits_the_questions(client, user, company, count):
    client.force_login(user)
    data = interview_form(questions=("첫 질문?", "둘째 질문?"))
    data["questions-TOTAL_FORMS"] = count
    check(client.post(interview_url(), data), 302, None)
    experience = InterviewExperience.objects.get(author=user)
    assert [q.text for q in experience.questions.order_by("order")] == ["첫 질문?", "둘째 질문?"]


def test_huge_ids_in_signed_in_addresses_are_404(client, user, company):
    client.force_login(user)
    check(client.post(f"/reviews/{HUGE}/helpful/"), 404, None)
    check(client.get(f"/reviews/{HUGE}/edit/"), 404, None)
    check(client.get(f"/interviews/{HUGE}/edit/"), 404, None)
    check(client.post(f"/interviews/{BIGINT_MAX}/delete/"), 404, None)


# --- The admin, for a moderator -------------------------------------------------------------

ADMIN_GETS = [
    ("/admin/reviews/review/?status__exact=%00", 400, NUL),
    ("/admin/reviews/review/?employment_status__exact=%00", 400, NUL),
    ("/admin/reviews/review/?company__id__exact=%00", 400, NUL),
    ("/admin/reviews/review/?q=%00", 400, NUL),
    ("/admin/interviews/interviewexperience/?level__exact=%00", 400, NUL),
    ("/admin/moderation/report/?reason__exact=%00", 400, NUL),
    ("/admin/companies/company/?q=%00", 400, NUL),
    ("/admin/reviews/review/%00/change/", 400, NUL),
    ("/admin/reviews/review/?company__id__exact=" + HUGE, 200, None),
    ("/admin/reviews/review/?p=" + HUGE, 200, None),
    ("/admin/reviews/review/?status__exact=nope", 200, None),
    ("/admin/reviews/review/?created_at__gte=abc", 302, None),  # Django's "?e=1"
    ("/admin/reviews/review/" + HUGE + "/change/", 302, None),  # "no such review"
]


@pytest.mark.parametrize(("url", "status", "text"), ADMIN_GETS, ids=[g[0] for g in ADMIN_GETS])
def test_moderator_admin_get(client, moderator, company, url, status, text):
    client.force_login(moderator)
    check(client.get(url), status, text)


@pytest.mark.parametrize("selected", ["abc", "\x00", "1.5", "-1"])
def test_a_tampered_admin_selection_is_a_korean_400(client, moderator, company, selected):
    client.force_login(moderator)
    data = {"action": "publish", "_selected_action": selected, "index": "0"}
    check(client.post("/admin/reviews/review/", data), 400, "선택한 항목을 알아볼 수 없습니다")
