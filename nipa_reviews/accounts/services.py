"""Writes to accounts: leaving the site (회원 탈퇴)."""

from __future__ import annotations

from django.db import transaction

from interviews.models import InterviewExperience
from interviews.services import interview_delete
from nipa_reviews.submissions import Status
from reviews.models import Review
from reviews.services import review_delete, withdraw_helpful_votes

from .models import User

UNPUBLISHED = [Status.PENDING, Status.REJECTED]


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Erases the account and its personal data.

    Submissions that never showed (pending, rejected) go with it; published and hidden
    ones stay, counted as before, with no link to anyone (their author becomes NULL).
    """
    for review in Review.objects.by_author(user).filter(status__in=UNPUBLISHED):
        review_delete(review=review)
    for experience in InterviewExperience.objects.by_author(user).filter(status__in=UNPUBLISHED):
        interview_delete(experience=experience)
    withdraw_helpful_votes(user=user)
    # Email addresses, social logins, sessions' owner and reports go with the row.
    user.delete()
