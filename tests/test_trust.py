"""What an author rated is the author's: the admin cannot change it; moderators act through
actions with a reason category, and 가림 처리 replaces a passage in daylight."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from nipa_reviews.moderation.models import AuditEntry, Redaction
from nipa_reviews.submissions import services as submissions
from reviews.models import CompanyScore, Review
from tests.factories import CompanyFactory, InterviewFactory, ReviewFactory

pytestmark = pytest.mark.django_db

REVIEWS = reverse("admin:reviews_review_changelist")


def act(client, url, action, items, **extra):
    data = {"action": action, "_selected_action": [item.pk for item in items], **extra}
    return client.post(url, data, follow=True)


@pytest.fixture
def company(db):
    return CompanyFactory(slug="acme", name="에이크미")


@pytest.mark.parametrize("who", ["moderator", "superuser"])
def test_the_admin_cannot_change_what_an_author_rated_or_wrote(
    client, request, company, publish, who
):
    review = publish(ReviewFactory(company=company, culture=2, title="원래 제목"))
    before = CompanyScore.objects.get(company=company).sum_culture
    client.force_login(request.getfixturevalue(who))
    url = reverse("admin:reviews_review_change", args=[review.pk])
    form = client.get(url).content.decode()
    for name in ["culture", "pay_benefits", "title", "pros", "cons", "advice"]:
        assert f'name="{name}"' not in form  # shown read-only, never an input
    crafted = {"culture": "5", "title": "바꾼 제목", "pros": "가" * 40, "_save": "저장"}
    client.post(url, crafted)
    review = Review.objects.get(pk=review.pk)
    assert (review.culture, review.title) == (2, "원래 제목")
    assert CompanyScore.objects.get(company=company).sum_culture == before


def test_rejecting_needs_a_reason_category_and_keeps_what_was_typed(client, moderator, company):
    review = ReviewFactory(company=company)
    client.force_login(moderator)
    page = act(client, REVIEWS, "reject", [review], apply="1", reason="광고성 글입니다.")
    content = page.content.decode()
    assert "사유 분류를 골라 주세요." in content and "광고성 글입니다." in content
    assert Review.objects.get(pk=review.pk).status == "pending"
    act(
        client,
        REVIEWS,
        "reject",
        [review],
        apply="1",
        reason="광고성 글입니다.",
        category="promotion",
    )
    review = Review.objects.get(pk=review.pk)
    assert (review.status, review.moderation_category) == ("rejected", "promotion")
    entry = AuditEntry.objects.get(action="reject")
    assert (entry.category, entry.reason) == ("promotion", "광고성 글입니다.")


def test_redaction_replaces_the_passage_audits_and_tells_the_author(
    client, moderator, superuser, company, publish, django_capture_on_commit_callbacks
):
    review = publish(
        ReviewFactory(
            company=company,
            pros="팀장 홍길동 씨가 친절하고 배울 점이 많아서 성장하기 좋은 환경입니다.",
            culture=3,
        )
    )
    scores = CompanyScore.objects.get(company=company).total
    client.force_login(moderator)
    form = act(client, REVIEWS, "redact", [review]).content.decode()
    assert 'name="passage"' in form
    missing = act(
        client,
        REVIEWS,
        "redact",
        [review],
        apply="1",
        field="pros",
        passage="없는 말",
        reason="실명",
    ).content.decode()
    assert "가릴 부분은 글에 있는 그대로 적어 주세요" in missing
    with django_capture_on_commit_callbacks(execute=True):
        act(
            client,
            REVIEWS,
            "redact",
            [review],
            apply="1",
            field="pros",
            passage="홍길동",
            reason="실명 노출",
        )
    review = Review.objects.get(pk=review.pk)
    assert review.pros.startswith("팀장 [운영자가 가린 내용: 실명 노출] 씨가")
    assert review.culture == 3 and CompanyScore.objects.get(company=company).total == scores
    assert submissions.drift() == []
    entry = AuditEntry.objects.get(action="redact")
    assert entry.actor == moderator and "실명 노출" in entry.reason and "홍길동" not in entry.reason
    assert Redaction.objects.get().original == "홍길동"
    assert "일부를 운영자가 가렸습니다" in mail.outbox[-1].subject
    assert mail.outbox[-1].to == [review.author.email] and "홍길동" not in mail.outbox[-1].body
    page = client.get(reverse("reviews:list", args=["acme"])).content.decode()
    assert "[운영자가 가린 내용: 실명 노출]" in page and "홍길동" not in page
    # The original, for superusers only.
    redactions = reverse("admin:moderation_redaction_changelist")
    assert client.get(redactions).status_code == 403
    client.force_login(superuser)
    assert (
        "홍길동"
        in client.get(
            reverse("admin:moderation_redaction_change", args=[Redaction.objects.get().pk])
        ).content.decode()
    )
    client.force_login(review.author)
    assert "운영자가 일부 내용을 가렸습니다" in client.get(reverse("me")).content.decode()


def test_an_interview_can_be_redacted_too(moderator, company, publish_interview):
    from nipa_reviews.moderation import services as moderation

    experience = publish_interview(InterviewFactory(company=company))
    moderation.redact(
        item=experience, field="account", passage="지원동기", reason="기타", moderator=moderator
    )
    experience.refresh_from_db()
    assert "[운영자가 가린 내용: 기타]" in experience.account


def test_a_redaction_that_would_overflow_the_title_is_refused(moderator, company, publish):
    from django.core.exceptions import ValidationError

    from nipa_reviews.moderation import services as moderation

    review = publish(ReviewFactory(company=company, title="가" * 98 + "나다"))
    with pytest.raises(ValidationError, match="사유를 더 짧게"):
        moderation.redact(
            item=review, field="title", passage="나다", reason="긴 사유" * 10, moderator=moderator
        )
    assert Review.objects.get(pk=review.pk).title.endswith("나다")
    assert not Redaction.objects.exists()
