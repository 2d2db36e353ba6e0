"""Reads of reviews and scores that list and detail pages share."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from companies.models import Company

from .models import EmployerReply, HelpfulVote, Highlight, Review

REVIEW_SORTS = {
    "newest": (("-published_at",), "최신순"),
    "helpful": (("-helpful_count", "-published_at"), "도움이 돼요 많은 순"),
    "highest": (("-rating_sum", "-published_at"), "별점 높은 순"),
    "lowest": (("rating_sum", "-published_at"), "별점 낮은 순"),
}

HIGHLIGHTS_PER_KIND = 3
# The company page shows the most helpful of the newest published reviews.
TOP_REVIEWS = 3
TOP_REVIEWS_AMONG_NEWEST = 20


def with_satisfaction(companies: QuerySet[Company]) -> QuerySet[Company]:
    """Adds the stored score and the highlights of published reviews (two queries at most)."""
    return companies.select_related("score", "verified_score").prefetch_related(
        Prefetch(
            "highlights",
            queryset=Highlight.objects.filter(review__status=Review.Status.PUBLISHED),
            to_attr="shown_highlights",
        )
    )


def highlights_by_kind(company: Company) -> dict[str, list[Highlight]]:
    shown = {kind: [] for kind in Highlight.Kind}
    for highlight in company.shown_highlights:
        if len(shown[highlight.kind]) < HIGHLIGHTS_PER_KIND:
            shown[highlight.kind].append(highlight)
    return {"positive": shown[Highlight.Kind.POSITIVE], "negative": shown[Highlight.Kind.NEGATIVE]}


def published_reviews(
    *,
    company: Company,
    employment_status: str = "",
    job_category=None,
    verified: bool = False,
    sort: str = "newest",
) -> QuerySet[Review]:
    reviews = (
        Review.objects.published()
        .for_company(company)
        .select_related("job_category")
        .prefetch_related(
            Prefetch(
                "replies",
                queryset=EmployerReply.objects.published().order_by("published_at"),
                to_attr="shown_replies",
            )
        )
    )
    if verified:
        reviews = reviews.filter(verified=True)
    if employment_status:
        reviews = reviews.filter(employment_status=employment_status)
    if job_category is not None:
        reviews = reviews.filter(job_category=job_category)
    order = REVIEW_SORTS.get(sort, REVIEW_SORTS["newest"])[0]
    return reviews.order_by(*order, "-id")


def helpful_recent_reviews(company: Company) -> list[Review]:
    """The company page's three reviews: the most helpful of its twenty newest published ones
    (newer first among equals), so readers see what others found useful without one old
    favourite staying on top for ever. One query, with the job categories the cards show."""
    newest = (
        Review.objects.published()
        .for_company(company)
        .order_by("-published_at", "-id")
        .values("pk")[:TOP_REVIEWS_AMONG_NEWEST]
    )
    return list(
        Review.objects.filter(pk__in=newest)
        .select_related("job_category")
        .order_by("-helpful_count", "-published_at", "-id")[:TOP_REVIEWS]
    )


def voted_by(user, reviews) -> set[int]:
    """Which of `reviews` (a page of them) `user` marked 도움이 돼요: one query, so that
    each card can show its button pressed or not."""
    if not user.is_authenticated:
        return set()
    return set(
        HelpfulVote.objects.filter(
            user=user, review__in=[review.pk for review in reviews]
        ).values_list("review_id", flat=True)
    )


def latest_reviews(limit: int = 5) -> list[Review]:
    """The latest published reviews across companies, newest month first and, within a
    month, in the order of their random public ids: the page shows which are recent
    without telling in what order different companies' reviews came (PRODUCT.md)."""
    latest = (
        Review.objects.published()
        .select_related("company", "job_category")
        .order_by("-published_at", "-id")[:limit]
    )

    def month(review: Review) -> int:
        published = timezone.localtime(review.published_at)
        return published.year * 12 + published.month

    return sorted(latest, key=lambda review: (-month(review), str(review.public_id)))


def most_reviewed_companies(limit: int = 5) -> QuerySet[Company]:
    """Published companies with the most published reviews (the stored count)."""
    return (
        Company.objects.published()
        .filter(review_count__gt=0)
        .select_related("score")
        .order_by("-review_count", "name")[:limit]
    )


def top_companies(limit: int = 5) -> QuerySet[Company]:
    """Published companies with a shown score, by the Bayesian ranking."""
    return (
        Company.objects.published()
        .filter(ranking__gt=0)
        .select_related("score")
        .order_by("-ranking", "name")[:limit]
    )
