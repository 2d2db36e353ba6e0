"""The English UI of what nipa_reviews/ and reviews/ say: model labels and choices, form,
service and API errors, flash and admin messages. Korean stays the default; canonical keys
and what is stored (signals, author emails) stay in the site's language."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from nipa_reviews.moderation import services as moderation
from nipa_reviews.moderation.models import AuditEntry, Report
from nipa_reviews.submissions.kinds import kind_named
from nipa_reviews.submissions.models import Status
from reviews import services
from reviews.models import CATEGORIES, CATEGORY_KEYS, Review
from tests.factories import CompanyFactory, ReviewFactory, UserFactory
from tests.test_moderation import REVIEWS, act
from tests.test_reviews_views import PROS, create_url, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def company(db):
    return CompanyFactory(slug="acme", name="에이크미")


@pytest.fixture
def english(client, settings):
    """A visitor who chose English (the cookie the language switch writes)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_labels_and_choices_are_english_and_the_keys_stay():
    with translation.override("en"):
        assert [str(label) for _, label in CATEGORIES] == [
            "Culture and atmosphere",
            "Pay and benefits",
            "Career and growth",
            "Working hours and leave",
            "Leadership and vision",
        ]
        assert Review.EmploymentStatus.FORMER.label == "Former employee"
        assert Status.PENDING.label == "Pending"
        assert Report.Reason.RIGHTS.label == "Rights infringement"
        assert AuditEntry.Action.TAKEDOWN.label == "Temporary takedown"
        assert str(kind_named("reply").label) == "Employer reply"
        assert str(Review._meta.get_field("helpful_count").verbose_name) == "Helpful"
        # English needs a plural where Korean has none.
        assert [str(label) for _, label in Review.RATING_CHOICES[:2]] == ["1 point", "2 points"]
    assert CATEGORY_KEYS == ["culture", "pay_benefits", "career", "work_life", "leadership"]
    assert (Status.PENDING.value, Review.EmploymentStatus.FORMER.value) == ("pending", "former")
    with translation.override("ko"):
        assert str(Review.RATING_CHOICES[0][1]) == "1점"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("culture", "0", "The Culture and atmosphere rating must be from 1 to 5 stars."),
        ("work_life", None, "Please rate Working hours and leave from 1 to 5 stars."),
        ("pros", "짧아요", "Please write at least 30 characters for Pros (currently 3)."),
        ("cons", "가" * 3001, "Please keep Cons to 3,000 characters or fewer (currently 3001)."),
        ("title", "", "Please write a one-line summary."),
        ("employment_status", "ceo", "Please choose current employee or former employee."),
    ],
)
def test_review_form_errors_in_english_keep_the_input_and_save_nothing(
    english, user, company, field, value, message
):
    english.force_login(user)
    response = english.post(create_url(company), form_data(**{field: value}))
    content = response.content.decode()
    assert response.status_code == 200
    assert message in content
    if field != "pros":
        assert PROS in content
    assert not Review.objects.exists()


def test_review_flash_message_and_duplicate_rule_in_english(english, user, company):
    english.force_login(user)
    response = english.post(create_url(company), form_data(), follow=True)
    assert "Your review has been received." in response.content.decode()
    again = english.post(create_url(company), form_data())
    assert again.status_code == 409
    assert "You have already reviewed this company in the last 12 months." in (
        again.content.decode()
    )


def test_delete_message_names_the_kind_in_english(english, user, company):
    review = ReviewFactory(company=company, author=user)
    english.force_login(user)
    response = english.post(reverse("reviews:delete", args=[review.public_id]), follow=True)
    assert "Your submission (Review) has been deleted." in response.content.decode()


def test_service_errors_in_english(company, publish):
    review = publish(ReviewFactory(company=company))
    with translation.override("en"):
        with pytest.raises(PermissionDenied, match="You cannot vote on your own review."):
            services.review_set_helpful(review=review, user=review.author)
        with pytest.raises(PermissionDenied, match="You cannot report your own submission."):
            moderation.report_submit(item=review, reporter=review.author, reason="spam")
        with pytest.raises(ValidationError) as error:
            moderation.moderate(
                item=review, action=AuditEntry.Action.RESTORE, moderator=UserFactory()
            )
    assert error.value.messages == [
        f"Only hidden submissions can be restored (Review {review.pk})."
    ]


@pytest.mark.parametrize(
    ("count", "message"), [(1, "Published: 1 item."), (2, "Published: 2 items.")]
)
def test_admin_action_messages_in_english_with_plurals(english, moderator, company, count, message):
    reviews = ReviewFactory.create_batch(count, company=company)
    english.force_login(moderator)
    assert "Reject (enter a reason)" in english.get(REVIEWS).content.decode()
    response = act(english, REVIEWS, "publish", reviews)
    assert message in response.content.decode()


def test_author_emails_are_in_the_sites_language_not_the_moderators(
    english, moderator, company, settings, django_capture_on_commit_callbacks
):
    first, second = ReviewFactory.create_batch(2, company=company)
    english.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        act(english, REVIEWS, "publish", [first])
    assert mail.outbox[-1].subject.endswith("작성하신 리뷰가 게시되었습니다")
    settings.LANGUAGE_CODE = "en"
    with django_capture_on_commit_callbacks(execute=True):
        act(english, REVIEWS, "publish", [second])
    assert mail.outbox[-1].subject.endswith("Your submission (Review) has been published")
    assert "It has been reviewed and published. Thank you." in mail.outbox[-1].body


def test_signals_are_stored_in_the_sites_language(english, user, company):
    english.force_login(user)
    ratings = dict.fromkeys(CATEGORY_KEYS, "5")
    english.post(create_url(company), form_data(**ratings))
    reasons = [signal["reason"] for signal in Review.objects.get().signals]
    assert "다섯 항목 모두 5점" in reasons
    assert "All five categories rated 5" not in reasons


def test_api_errors_in_english(english):
    response = english.get("/api/companies/no-such-company/")
    assert response.status_code == 404
    assert response.json()["detail"].startswith("There is no such company.")
