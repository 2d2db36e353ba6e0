"""Leaving the site (회원 탈퇴) and the account holder's own data, across every app."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from interviews.models import InterviewExperience
from nipa_reviews.accounts.models import User
from nipa_reviews.moderation.models import Report
from nipa_reviews.submissions import services as submissions
from nipa_reviews.submissions.kinds import kinds
from nipa_reviews.submissions.models import Status
from reviews.models import CATEGORY_KEYS, HelpfulVote, Review
from reviews.services import withdraw_helpful_votes

UNPUBLISHED = [Status.PENDING, Status.REJECTED]


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Erases the account and its personal data.

    Submissions that never showed (pending, rejected) go with it; published and hidden
    ones stay, counted as before, with no link to anyone (their author becomes NULL).
    """
    for kind in kinds():
        for item in kind.model.objects.by_author(user).filter(status__in=UNPUBLISHED):
            submissions.delete(item=item)
    withdraw_helpful_votes(user=user)
    # Email addresses, social logins, sessions' owner, reports and 재직 인증 records go with
    # the row.
    user.delete()


def _moderation(item) -> dict[str, Any]:
    return {
        "status": item.status,
        "moderation_reason": item.moderation_reason,
        "created_at": item.created_at.isoformat(),
        "published_at": item.published_at.isoformat() if item.published_at else None,
    }


def account_export(user) -> dict[str, Any]:
    """Everything the site stores that the user gave it, in one JSON-ready document."""
    reviews = Review.objects.by_author(user).select_related("company", "job_category")
    interviews = (
        InterviewExperience.objects.by_author(user)
        .select_related("company", "job_category")
        .prefetch_related("questions")
    )
    return {
        "account": {"email": user.email, "date_joined": user.date_joined.isoformat()},
        "reviews": [
            {
                "company": review.company.name,
                "employment_status": review.employment_status,
                "job_category": review.job_category.name,
                "ratings": {key: getattr(review, key) for key in CATEGORY_KEYS},
                "title": review.title,
                "pros": review.pros,
                "cons": review.cons,
                "advice": review.advice,
                "helpful_count": review.helpful_count,
                **_moderation(review),
            }
            for review in reviews
        ],
        "interviews": [
            {
                "company": experience.company.name,
                "year": experience.year,
                "half": experience.half,
                "level": experience.level,
                "job_category": experience.job_category.name,
                "difficulty": experience.difficulty,
                "atmosphere": experience.atmosphere,
                "result": experience.result,
                "format": experience.format,
                "account": experience.account,
                "tip": experience.tip,
                "questions": [question.text for question in experience.questions.all()],
                **_moderation(experience),
            }
            for experience in interviews
        ],
        "reports": [
            {
                "reason": r.reason,
                "detail": r.detail,
                "status": r.status,
                "created_at": r.created_at.isoformat(),
            }
            for r in Report.objects.filter(reporter=user)
        ],
        "helpful_votes": HelpfulVote.objects.filter(user=user).count(),
        # The work email is not here because it is stored nowhere; nor is its hash, which
        # means nothing to anyone without the site's key.
        "employment_verifications": [
            {
                "company": v.company.name,
                "verified_at": v.verified_at.isoformat(),
                "expires_at": v.expires_at.isoformat(),
            }
            for v in user.employments.select_related("company").order_by("verified_at")
        ],
    }
