"""Reads of reviews and scores that list and detail pages share."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from companies.models import Company
from nipa_reviews.search.analysis import Query
from nipa_reviews.search.fields import Matches

from .models import Highlight, Review

REVIEW_SORTS = {
    "newest": (("-published_at",), "최신순"),
    "helpful": (("-helpful_count", "-published_at"), "도움이 돼요 많은 순"),
    "highest": (("-rating_sum", "-published_at"), "별점 높은 순"),
    "lowest": (("rating_sum", "-published_at"), "별점 낮은 순"),
    # With a search, the default: matches in the title, pros or cons (weights A and B)
    # before those in the advice alone, then the most helpful, then the newest.
    "relevance": ((), "검색 관련도순"),
}

HIGHLIGHTS_PER_KIND = 3


def with_satisfaction(companies: QuerySet[Company]) -> QuerySet[Company]:
    """Adds the stored scores and keywords and the highlights of published reviews (two
    queries at most)."""
    return companies.select_related("score", "verified_score", "keywords").prefetch_related(
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
    sort: str = "",
    query: Query | None = None,
) -> QuerySet[Review]:
    """A company's published reviews, filtered; with a query, those holding every one of
    its lemmas (the GIN index on PostgreSQL), by relevance unless `sort` says otherwise."""
    reviews = Review.objects.published().for_company(company).select_related("job_category")
    reviews = reviews.defer("search", "keywords")
    if query is not None:
        reviews = matching(reviews, query)
        sort = sort or "relevance"
    if verified:
        reviews = reviews.filter(verified=True)
    if employment_status:
        reviews = reviews.filter(employment_status=employment_status)
    if job_category is not None:
        reviews = reviews.filter(job_category=job_category)
    if sort == "relevance" and query:
        return reviews.order_by(*by_relevance(query), "-id")
    order = REVIEW_SORTS.get(sort, REVIEW_SORTS["newest"])[0] or REVIEW_SORTS["newest"][0]
    return reviews.order_by(*order, "-id")


def matching(reviews: QuerySet[Review], query: Query) -> QuerySet[Review]:
    """The reviews holding every lemma of `query`; none for a query with nothing to find."""
    return reviews.filter(Matches("search", query.lemmas)) if query else reviews.none()


def by_relevance(query: Query) -> tuple:
    return (
        Matches("search", query.lemmas, weights="AB").desc(),
        "-helpful_count",
        "-published_at",
    )


def search_reviews(query: Query) -> QuerySet[Review]:
    """Published reviews of every company holding the query's lemmas, by relevance."""
    reviews = Review.objects.published().select_related("company", "job_category")
    reviews = reviews.defer("search", "keywords")
    return matching(reviews, query).order_by(*by_relevance(query), "-id")


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


def top_companies(limit: int = 5) -> QuerySet[Company]:
    """Published companies with a shown score, by the Bayesian ranking."""
    return (
        Company.objects.published()
        .filter(ranking__gt=0)
        .select_related("score")
        .order_by("-ranking", "name")[:limit]
    )
