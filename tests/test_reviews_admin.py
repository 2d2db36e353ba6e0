"""For now a superuser publishes from the admin, through the same service."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reviews.models import CompanyScore, Review
from tests.factories import CompanyFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_superuser_publishes_from_the_admin_and_scores_change(client, superuser):
    company = CompanyFactory()
    reviews = ReviewFactory.create_batch(3, company=company, culture=5)
    client.force_login(superuser)
    response = client.post(
        reverse("admin:reviews_review_changelist"),
        {"action": "publish", "_selected_action": [r.pk for r in reviews]},
        follow=True,
    )
    assert "3건을 게시 처리했습니다." in response.content.decode()
    assert set(Review.objects.values_list("status", flat=True)) == {"published"}
    score = CompanyScore.objects.get(company=company)
    assert (score.review_count, score.culture) == (3, 100)
    assert Review.objects.first().moderated_by == superuser


def test_admin_cannot_edit_a_published_review_s_ratings(client, superuser, publish):
    """Issue 13 reversed the old rule (an admin edit moved the score): what an author
    rated is the author's, for superusers too (tests/test_trust.py has the rest)."""
    company = CompanyFactory()
    review, *_ = publish(*ReviewFactory.create_batch(3, company=company, culture=5))
    client.force_login(superuser)
    url = reverse("admin:reviews_review_change", args=[review.pk])
    assert not client.get(url).context["adminform"].form.fields  # every field read-only
    response = client.post(url, {"culture": 2, "_save": "저장"})
    assert response.status_code == 302
    assert CompanyScore.objects.get(company=company).culture == 100


def test_admin_delete_of_a_published_review_moves_the_score(client, superuser, publish):
    company = CompanyFactory()
    review, *_ = publish(*ReviewFactory.create_batch(4, company=company, culture=5))
    client.force_login(superuser)
    client.post(reverse("admin:reviews_review_delete", args=[review.pk]), {"post": "yes"})
    assert CompanyScore.objects.get(company=company).review_count == 3


def test_plain_staff_cannot_publish(client):
    staff = UserFactory(is_staff=True)
    review = ReviewFactory()
    client.force_login(staff)
    response = client.post(
        reverse("admin:reviews_review_changelist"),
        {"action": "publish", "_selected_action": [review.pk]},
    )
    assert response.status_code == 403
    assert Review.objects.get().status == "pending"


def test_highlight_must_quote_the_review(client, superuser, publish):
    review = publish(ReviewFactory())
    client.force_login(superuser)
    response = client.post(
        reverse("admin:reviews_highlight_add"),
        {"review": review.pk, "kind": "positive", "text": "지어낸 문장입니다.", "order": 0},
    )
    assert "인용문은 리뷰의 장점에 있는 문장 그대로여야 합니다." in response.content.decode()
    response = client.post(
        reverse("admin:reviews_highlight_add"),
        {"review": review.pk, "kind": "positive", "text": "동료들이 친절하고", "order": 0},
    )
    assert response.status_code == 302
    assert review.company.highlights.get().text == "동료들이 친절하고"
