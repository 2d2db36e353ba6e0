"""Writing, editing, deleting and reading reviews: permissions, bad input, one per year."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from nipa_reviews.moderation.models import Report
from nipa_reviews.submissions import services as submissions
from nipa_reviews.submissions.kinds import kind_of
from reviews import services
from reviews.models import HelpfulVote, Review
from tests.factories import CompanyFactory, JobCategoryFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db

PROS = "연차를 자유롭게 쓸 수 있고 팀 분위기가 좋아서 오래 다니고 싶은 회사입니다."
CONS = "성과 평가 기준이 모호해서 연말마다 평가 결과를 납득하기 어려울 때가 있습니다."


@pytest.fixture
def company(db):
    return CompanyFactory(slug="acme", name="에이크미")


def form_data(**overrides) -> dict:
    data = {
        "employment_status": "current",
        "job_category": JobCategoryFactory(name="개발").pk,
        "culture": "5",
        "pay_benefits": "4",
        "career": "3",
        "work_life": "5",
        "leadership": "2",
        "title": "성장할 수 있는 회사",
        "pros": PROS,
        "cons": CONS,
        "advice": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def create_url(company) -> str:
    return reverse("reviews:create", args=[company.slug])


# --- Submitting -----------------------------------------------------------------------


def test_verified_user_submits_a_pending_review(client, user, company):
    client.force_login(user)
    response = client.post(create_url(company), form_data())
    assert response.status_code == 302
    assert response.url == reverse("me")
    review = Review.objects.get()
    assert (review.author, review.company, review.status) == (user, company, "pending")
    assert (review.culture, review.leadership) == (5, 2)
    me = client.get(reverse("me")).content.decode()
    assert "검수중" in me
    assert "성장할 수 있는 회사" in me


def test_pending_review_is_not_shown_or_counted(client, user, company):
    client.force_login(user)
    client.post(create_url(company), form_data())
    client.logout()
    assert (
        "성장할 수 있는 회사"
        not in client.get(reverse("reviews:list", args=["acme"])).content.decode()
    )
    assert not hasattr(company, "score") or company.score.review_count == 0


def test_anonymous_visitor_is_sent_to_login(client, company):
    response = client.post(create_url(company), form_data())
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert not Review.objects.exists()


def test_unverified_user_cannot_submit(client, unverified_user, company):
    client.force_login(unverified_user)
    response = client.post(create_url(company), form_data())
    assert "account/verified_email_required.html" in [t.name for t in response.templates]
    assert not Review.objects.exists()


def test_unpublished_company_takes_no_reviews(client, user):
    hidden = CompanyFactory(is_published=False)
    client.force_login(user)
    assert client.get(create_url(hidden)).status_code == 404


def test_form_uses_star_radio_groups_with_labels(client, user, company):
    client.force_login(user)
    content = client.get(create_url(company)).content.decode()
    assert content.count('<fieldset id="div_id_culture"') == 1
    assert "<legend" in content and "조직문화/분위기" in content
    for value in range(1, 6):
        assert f'type="radio" name="culture" value="{value}"' in content
        assert f'<span class="visually-hidden">{value}점</span>' in content


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("culture", "0", "조직문화/분위기 별점은 1~5점 중 하나여야 합니다."),
        ("pay_benefits", "6", "연봉/복지 별점은 1~5점 중 하나여야 합니다."),
        ("career", "많이", "커리어/성장 별점은 1~5점 중 하나여야 합니다."),
        ("work_life", None, "근무시간/휴가 별점을 1~5점 중에서 골라 주세요."),
        ("pros", "짧아요", "장점을 30자 이상 적어 주세요 (지금 3자)."),
        ("cons", "가" * 3001, "단점은 3,000자 이하로 적어 주세요 (지금 3001자)."),
        ("advice", "나" * 3001, "경영진에게 바라는 점은 3,000자 이하로 적어 주세요"),
        ("title", "", "한 줄 요약을 적어 주세요."),
        ("employment_status", "ceo", "현직자와 전직자 중에서 골라 주세요."),
        ("job_category", "99999", "직무를 목록에서 골라 주세요."),
        ("title", "가" * 101, "한 줄 요약은 100자 이하로 줄여 주세요 (지금 101자)."),
        ("job_category", None, "직무를 골라 주세요."),
    ],
)
def test_bad_input_gets_a_korean_error_keeps_the_input_and_saves_nothing(
    client, user, company, field, value, message
):
    client.force_login(user)
    response = client.post(create_url(company), form_data(**{field: value}))
    content = response.content.decode()
    assert response.status_code == 200
    assert message in content
    assert "입력한 내용을 확인해 주세요" in content
    if field != "pros":
        assert PROS in content  # the rest of the input is kept
    assert 'value="5" id="id_culture_4" checked' in content or field == "culture"
    assert not Review.objects.exists()


def test_html_in_every_text_field_is_rendered_escaped(client, user, company, publish):
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    client.force_login(user)
    client.post(
        create_url(company),
        form_data(title=payload, pros=payload + PROS, cons=payload + CONS, advice=payload),
    )
    publish(Review.objects.get())
    for url in (reverse("reviews:list", args=["acme"]), reverse("home"), reverse("me")):
        content = client.get(url).content.decode()
        assert "<script>alert" not in content
        assert "<img src=x" not in content
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in content


# --- One review per author per company per 12 months ---------------------------------


def test_second_review_within_a_year_gets_a_message_and_an_edit_link(client, user, company):
    first = ReviewFactory(author=user, company=company)
    client.force_login(user)
    response = client.post(create_url(company), form_data())
    content = response.content.decode()
    assert response.status_code == 409
    assert "이 기업에는 최근 12개월 안에 이미 리뷰를 쓰셨습니다." in content
    assert reverse("reviews:edit", args=[first.public_id]) in content
    assert Review.objects.count() == 1
    # The form page itself says so before the user writes anything.
    assert "이미 쓴 글이 있습니다" in client.get(create_url(company)).content.decode()


def test_second_review_of_a_published_one_links_to_my_activity(client, user, company, publish):
    publish(ReviewFactory(author=user, company=company))
    client.force_login(user)
    content = client.get(create_url(company)).content.decode()
    assert "내 활동에서 보기" in content


def test_a_new_review_is_allowed_after_twelve_months(user, company):
    old = ReviewFactory(author=user, company=company)
    Review.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=366))
    submissions.submit(kind=kind_of(Review), company=company, author=user, **_service_fields())
    assert Review.objects.count() == 2


def test_a_rejected_review_does_not_block_a_new_one(user, company):
    submissions.reject(
        item=ReviewFactory(author=user, company=company), moderator=None, reason="개인정보 포함"
    )
    submissions.submit(kind=kind_of(Review), company=company, author=user, **_service_fields())
    assert Review.objects.count() == 2


def test_another_company_is_not_blocked(user, company):
    ReviewFactory(author=user, company=company)
    submissions.submit(
        kind=kind_of(Review), company=CompanyFactory(), author=user, **_service_fields()
    )
    assert Review.objects.count() == 2


def _service_fields() -> dict:
    data = form_data()
    data["job_category"] = JobCategoryFactory(name="개발")
    return {
        k: (int(v) if k in {"culture", "pay_benefits", "career", "work_life", "leadership"} else v)
        for k, v in data.items()
    }


# --- Editing and deleting: author, another user, anonymous visitor ----------------------


def test_author_edits_a_pending_review(client, user, company):
    review = ReviewFactory(author=user, company=company)
    client.force_login(user)
    response = client.post(
        reverse("reviews:edit", args=[review.public_id]), form_data(title="고친 제목")
    )
    assert response.status_code == 302
    assert Review.objects.get().title == "고친 제목"


def test_published_review_cannot_be_edited_by_its_author(client, user, company, publish):
    review = publish(ReviewFactory(author=user, company=company))
    client.force_login(user)
    assert client.get(reverse("reviews:edit", args=[review.public_id])).status_code == 404


@pytest.mark.parametrize("url_name", ["reviews:edit", "reviews:delete"])
def test_another_user_gets_404(client, other_user, url_name):
    review = ReviewFactory()
    client.force_login(other_user)
    assert client.get(reverse(url_name, args=[review.public_id])).status_code == 404
    assert client.post(reverse(url_name, args=[review.public_id]), form_data()).status_code == 404
    assert Review.objects.filter(pk=review.pk, title=review.title).exists()


@pytest.mark.parametrize("url_name", ["reviews:edit", "reviews:delete"])
def test_anonymous_visitor_is_sent_to_login_for_edit_and_delete(client, url_name):
    review = ReviewFactory()
    response = client.post(reverse(url_name, args=[review.public_id]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert Review.objects.filter(pk=review.pk).exists()


def test_author_deletes_a_published_review_and_the_score_follows(client, user, company, publish):
    mine = publish(ReviewFactory(author=user, company=company, culture=1))
    publish(*ReviewFactory.create_batch(3, company=company, culture=5))
    client.force_login(user)
    assert (
        "점수와 통계에서도 빠집니다"
        in client.get(reverse("reviews:delete", args=[mine.public_id])).content.decode()
    )
    client.post(reverse("reviews:delete", args=[mine.public_id]))
    assert not Review.objects.filter(pk=mine.pk).exists()
    company.score.refresh_from_db()
    assert (company.score.review_count, company.score.culture) == (3, 100)


def test_my_activity_shows_status_and_rejection_reason_only_to_me(client, user, other_user):
    review = ReviewFactory(author=user)
    submissions.reject(item=review, moderator=None, reason="회사 내부 정보가 포함되어 있습니다.")
    client.force_login(user)
    content = client.get(reverse("me")).content.decode()
    assert "반려" in content and "회사 내부 정보가 포함되어 있습니다." in content
    client.force_login(other_user)
    assert "회사 내부 정보가 포함되어 있습니다." not in client.get(reverse("me")).content.decode()


# --- Helpful votes and reports ------------------------------------------------------------


def test_helpful_vote_once_per_user_and_toggles(client, user, publish):
    review = publish(ReviewFactory())
    client.force_login(user)
    client.post(reverse("reviews:helpful", args=[review.public_id]))
    review.refresh_from_db()
    assert review.helpful_count == 1
    client.post(reverse("reviews:helpful", args=[review.public_id]))
    review.refresh_from_db()
    assert (review.helpful_count, HelpfulVote.objects.count()) == (0, 0)


def test_no_helpful_vote_on_ones_own_review(client, user, publish):
    review = publish(ReviewFactory(author=user))
    client.force_login(user)
    response = client.post(reverse("reviews:helpful", args=[review.public_id]), follow=True)
    assert "내 리뷰에는 투표할 수 없습니다." in response.content.decode()
    assert HelpfulVote.objects.count() == 0


def test_helpful_vote_needs_login_and_post(client, user, publish):
    review = publish(ReviewFactory())
    assert client.post(reverse("reviews:helpful", args=[review.public_id])).status_code == 302
    client.force_login(user)
    assert client.get(reverse("reviews:helpful", args=[review.public_id])).status_code == 405
    assert HelpfulVote.objects.count() == 0


def test_pending_review_takes_no_votes_or_reports(client, user):
    review = ReviewFactory()
    client.force_login(user)
    assert client.post(reverse("reviews:helpful", args=[review.public_id])).status_code == 404
    assert (
        client.post(
            reverse("moderation:report_review", args=[review.public_id]), {"reason": "spam"}
        ).status_code
        == 404
    )


def test_report_is_stored_once_per_user(client, user, publish):
    review = publish(ReviewFactory())
    client.force_login(user)
    client.post(
        reverse("moderation:report_review", args=[review.public_id]),
        {"reason": "abuse", "detail": "욕설"},
    )
    response = client.post(
        reverse("moderation:report_review", args=[review.public_id]),
        {"reason": "spam"},
        follow=True,
    )
    assert "이미 신고한 글입니다" in response.content.decode()
    report = Report.objects.get()
    assert (report.reporter, report.reason, report.status) == (user, "abuse", "open")


def test_report_without_a_reason_is_refused(client, user, publish):
    review = publish(ReviewFactory())
    client.force_login(user)
    response = client.post(
        reverse("moderation:report_review", args=[review.public_id]), {"detail": "이상함"}
    )
    assert "신고 사유를 골라 주세요." in response.content.decode()
    assert "이상함" in response.content.decode()
    assert not Report.objects.exists()


# --- The review list ------------------------------------------------------------------------


def test_review_list_filters_and_sorts(client, company, publish):
    dev = JobCategoryFactory(name="개발")
    design = JobCategoryFactory(name="디자인")
    low = publish(ReviewFactory(company=company, title="낮음", culture=1, job_category=dev))
    high = publish(
        ReviewFactory(
            company=company,
            title="높음",
            culture=5,
            employment_status="former",
            job_category=design,
        )
    )
    url = reverse("reviews:list", args=["acme"])

    def titles(**params):
        return [r.title for r in client.get(url, params).context["page"]]

    assert titles(sort="highest") == ["높음", "낮음"]
    assert titles(sort="lowest") == ["낮음", "높음"]
    assert titles(status="former") == ["높음"]
    assert titles(job=dev.pk) == ["낮음"]
    assert titles(sort="nonsense", status="nonsense", job="nonsense") == ["높음", "낮음"]
    services.review_set_helpful(review=low, user=UserFactory())
    assert titles(sort="helpful") == ["낮음", "높음"]
    assert high  # both published


def test_review_list_pages_by_twenty(client, company, publish):
    publish(*ReviewFactory.create_batch(21, company=company))
    url = reverse("reviews:list", args=["acme"])
    assert len(client.get(url).context["page"]) == 20
    assert len(client.get(url, {"page": 2}).context["page"]) == 1


@pytest.mark.parametrize("size", [3, 60])
def test_review_list_query_count_does_not_grow(
    client, company, publish, django_assert_num_queries, size
):
    publish(*ReviewFactory.create_batch(size, company=company))
    # company with its scores (the stored count pages the list), job categories for the
    # filter, the page of reviews, their published employer replies
    with django_assert_num_queries(4):
        client.get(reverse("reviews:list", args=["acme"]))


@pytest.mark.parametrize("size", [3, 60])
def test_company_page_query_count_does_not_grow_with_reviews(
    client, company, publish, django_assert_num_queries, size
):
    publish(*ReviewFactory.create_batch(size, company=company))
    # as in test_company_page: the top three reviews are one query at any number of reviews
    with django_assert_num_queries(12):
        client.get(company.get_absolute_url())


def test_anonymous_visitor_gets_a_login_link_instead_of_a_vote_form(client, company, publish):
    publish(ReviewFactory(company=company))
    content = client.get(reverse("reviews:list", args=["acme"])).content.decode()
    assert "csrfmiddlewaretoken" not in content
    assert f"{reverse('account_login')}?next=/companies/acme/reviews/" in content


def test_filtered_list_counts_what_it_shows(client, company, publish):
    publish(*ReviewFactory.create_batch(3, company=company))
    publish(ReviewFactory(company=company, employment_status="former"))
    url = reverse("reviews:list", args=["acme"])
    assert client.get(url).context["page"].paginator.count == 4
    assert client.get(url, {"status": "former"}).context["page"].paginator.count == 1


@pytest.mark.parametrize("size", [3, 60])
def test_signed_in_review_list_adds_two_queries_at_any_size(
    client, company, publish, user, django_assert_num_queries, size
):
    publish(*ReviewFactory.create_batch(size, company=company))
    client.force_login(user)
    # the session and the user, then as for a visitor (company with scores, job categories,
    # the page of reviews, their employer replies), then which of the page's reviews this
    # reader marked 도움이 돼요 and which they reported, and whether they represent the
    # company: one query each for the whole page.
    with django_assert_num_queries(9):
        client.get(reverse("reviews:list", args=["acme"]))


def card_of(content: str, review) -> str:
    start = content.index(f'id="review-{review.public_id}"')
    return content[start : content.index("</article>", start)]


def test_helpful_button_shows_whether_the_reader_pressed_it(client, company, publish, user):
    review = publish(ReviewFactory(company=company))
    client.force_login(user)
    url = reverse("reviews:list", args=["acme"])
    card = card_of(client.get(url).content.decode(), review)
    assert 'aria-pressed="false"' in card and 'name="on" value="1"' in card
    client.post(reverse("reviews:helpful", args=[review.public_id]), {"on": "1"})
    card = card_of(client.get(url).content.decode(), review)
    # pressed, and the form now takes the vote back instead of toggling blindly
    assert 'aria-pressed="true"' in card and 'name="on" value="0"' in card
    assert "도움이 돼요 1" in card
    client.post(reverse("reviews:helpful", args=[review.public_id]), {"on": "0"})
    assert 'aria-pressed="false"' in card_of(client.get(url).content.decode(), review)


def test_authors_get_no_vote_or_report_button_on_their_own_review(client, company, publish, user):
    review = publish(ReviewFactory(company=company, author=user))
    client.force_login(user)
    card = card_of(client.get(reverse("reviews:list", args=["acme"])).content.decode(), review)
    assert "내가 쓴 리뷰" in card
    assert reverse("reviews:helpful", args=[review.public_id]) not in card
    assert reverse("moderation:report_review", args=[review.public_id]) not in card


def test_a_reader_who_reported_sees_so_instead_of_the_button(client, company, publish, user):
    from nipa_reviews.moderation.services import report_submit

    review = publish(ReviewFactory(company=company))
    report_submit(item=review, reporter=user, reason="abuse")
    client.force_login(user)
    card = card_of(client.get(reverse("reviews:list", args=["acme"])).content.decode(), review)
    assert "신고한 리뷰입니다" in card
    assert reverse("moderation:report_review", args=[review.public_id]) not in card


@pytest.mark.parametrize(
    ("status", "heading"),
    [("", "현직자·전직자 리뷰"), ("current", "현직자 리뷰"), ("former", "전직자 리뷰")],
)
def test_list_heading_says_whose_reviews_it_shows(client, company, status, heading):
    content = client.get(reverse("reviews:list", args=["acme"]), {"status": status}).content
    assert f'<h1 class="h3 mb-0 me-auto">{heading}</h1>' in content.decode()


def test_the_report_form_says_at_once_when_it_would_be_refused(client, company, publish, user):
    own = publish(ReviewFactory(company=company, author=user))
    client.force_login(user)
    response = client.get(reverse("moderation:report_review", args=[own.public_id]), follow=True)
    assert "내가 쓴 글은 신고할 수 없습니다." in response.content.decode()
    other = publish(ReviewFactory(company=company))
    url = reverse("moderation:report_review", args=[other.public_id])
    client.post(url, {"reason": "abuse"})
    response = client.get(url, follow=True)
    assert "이미 신고한 글입니다. 운영자가 검토하고 있습니다." in response.content.decode()
    assert "신고하기" not in response.content.decode()
