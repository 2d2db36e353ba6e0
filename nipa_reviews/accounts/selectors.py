"""The account holder's own data, as /me/ offers it for download."""

from __future__ import annotations

from typing import Any

from interviews.models import InterviewExperience
from nipa_reviews.moderation.models import Report
from reviews.models import CATEGORY_KEYS, HelpfulVote, Review


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
    }
