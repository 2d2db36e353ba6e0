"""기업 답변: a company's appointed representative answers a published review, once."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from companies.models import CompanyRepresentative
from reviews.models import CompanyReplyStats, EmployerReply
from tests.factories import (
    CompanyFactory,
    EmploymentVerificationFactory,
    ReviewFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TEXT = "소중한 의견 고맙습니다. 말씀하신 야근 문제는 올해 안에 개선하겠습니다."


@pytest.fixture
def company(db):
    return CompanyFactory(slug="acme", name="에이크미")


@pytest.fixture
def representative(company):
    verification = EmploymentVerificationFactory(company=company)
    CompanyRepresentative.objects.create(user=verification.user, company=company)
    return verification.user


@pytest.fixture
def review(company, publish):
    return publish(ReviewFactory(company=company, title="야근이 많은 회사"))


def reply_url(review) -> str:
    return reverse("reviews:reply", args=[review.public_id])


@pytest.mark.parametrize("who", ["the review's author", "another user", "another company's rep"])
def test_only_the_company_s_representative_may_reply(client, review, who):
    if who == "the review's author":
        user = review.author
    elif who == "another user":
        user = UserFactory()
    else:
        other = EmploymentVerificationFactory()
        CompanyRepresentative.objects.create(user=other.user, company=other.company)
        user = other.user
    client.force_login(user)
    response = client.post(reply_url(review), {"text": TEXT})
    assert response.status_code == 403
    assert "이 기업의 기업 담당자만 답변할 수 있습니다." in response.content.decode()
    assert not EmployerReply.objects.exists()


def test_an_anonymous_visitor_is_sent_to_log_in(client, review):
    response = client.get(reply_url(review))
    assert response.status_code == 302 and reverse("account_login") in response.url


def test_the_representative_replies_once_and_it_shows_after_moderation(
    client, representative, review, moderator
):
    from nipa_reviews.moderation import services as moderation

    client.force_login(representative)
    page = client.get(reverse("reviews:list", args=["acme"])).content.decode()
    assert reply_url(review) in page  # 기업 답변 쓰기
    assert "야근이 많은 회사" in client.get(reply_url(review)).content.decode()
    short = client.post(reply_url(review), {"text": "짧음"}).content.decode()
    assert "답변을 10자 이상 적어 주세요 (지금 2자)." in short and "짧음" in short
    assert client.post(reply_url(review), {"text": TEXT}).status_code == 302
    reply = EmployerReply.objects.get()
    assert (reply.status, reply.company, reply.review) == ("pending", review.company, review)
    second = client.post(reply_url(review), {"text": TEXT + " 덧붙입니다."})
    assert second.status_code == 409
    assert "리뷰 하나에 답변은 하나만 쓸 수 있습니다." in second.content.decode()
    assert EmployerReply.objects.count() == 1

    moderation.moderate(item=reply, action="publish", moderator=moderator)
    client.logout()
    page = client.get(reverse("reviews:list", args=["acme"])).content.decode()
    assert "기업 답변" in page and TEXT in page
    assert representative.email not in page and review.author.email not in page
    assert CompanyReplyStats.objects.get(company=review.company).count == 1
    company_page = client.get(review.company.get_absolute_url()).content.decode()
    assert "리뷰 100%에 기업 답변이 달려 있습니다." in company_page


def test_a_reply_to_an_unpublished_review_is_refused(client, representative, company):
    pending = ReviewFactory(company=company)
    client.force_login(representative)
    assert client.post(reply_url(pending), {"text": TEXT}).status_code == 404


def test_only_a_verified_account_can_be_appointed(company):
    representative = CompanyRepresentative(user=UserFactory(), company=company)
    with pytest.raises(ValidationError, match="재직 인증을 마친 계정만"):
        representative.full_clean()


def test_deleting_a_review_takes_its_reply_out_of_the_counts(representative, review):
    from nipa_reviews.submissions import services as submissions
    from nipa_reviews.submissions.kinds import kind_of

    reply = submissions.submit(
        kind=kind_of(EmployerReply),
        company=review.company,
        author=representative,
        review=review,
        text=TEXT,
    )
    submissions.publish(item=reply, moderator=None)
    assert CompanyReplyStats.objects.get(company=review.company).count == 1
    submissions.delete(item=review)
    assert not EmployerReply.objects.exists()
    assert CompanyReplyStats.objects.get(company=review.company).count == 0
    assert submissions.drift() == []
