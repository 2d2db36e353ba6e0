"""Reads of reviews and scores that list and detail pages share."""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from companies.models import Company
from nipa_reviews.search.analysis import SENTENCE_END, Query
from nipa_reviews.search.fields import Matches
from nipa_reviews.search.results import Tiered

from .models import EmployerReply, HelpfulVote, Highlight, Review

REVIEW_SORTS = {
    "newest": (("-published_at",), _("최신순")),
    "helpful": (("-helpful_count", "-published_at"), _("도움이 돼요 많은 순")),
    "highest": (("-rating_sum", "-published_at"), _("별점 높은 순")),
    "lowest": (("rating_sum", "-published_at"), _("별점 낮은 순")),
    # With a search, the default: matches in the title, pros or cons (weights A and B)
    # before those in the advice alone, then the most helpful, then the newest.
    "relevance": ((), _("검색 관련도순")),
}

HIGHLIGHTS_PER_KIND = 3
# The company page shows the most helpful of the newest published reviews.
TOP_REVIEWS = 3
TOP_REVIEWS_AMONG_NEWEST = 20


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
) -> QuerySet[Review] | Tiered:
    """A company's published reviews, filtered, with their published employer replies;
    with a query, those holding every one of its lemmas (`ranked`: relevance unless
    `sort` says otherwise)."""
    reviews = (
        Review.objects.published()
        .for_company(company)
        .select_related("job_category")
        .defer("search", "keywords")
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
    if query is not None:
        return ranked(reviews, query, sort)
    return reviews.order_by(*review_order(sort))


def review_order(sort: str) -> tuple[str, ...]:
    """The list's order for `sort` (newest by default), total: the id breaks ties, so
    keyset pages (nipa_reviews.keyset) never skip or repeat a review."""
    order = REVIEW_SORTS.get(sort, REVIEW_SORTS["newest"])[0] or REVIEW_SORTS["newest"][0]
    return (*order, "-id")


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


def ranked(reviews: QuerySet[Review], query: Query, sort: str = "") -> Tiered:
    """The reviews holding every lemma of `query` (none for a query with nothing to find).

    By relevance (the default): first those where every word is in the title, pros or
    cons (weights A and B), then those where some word is only in the advice; within each,
    the most helpful, then the newest. Each tier is ordered by an index of the table
    (company, status, helpful, published; or status, helpful, published site-wide), so a
    common word's first page stops after a few hundred rows, and a rare word's comes from
    the GIN index: PostgreSQL picks by the word's frequency. Another sort: one tier."""
    if not query:
        return Tiered([])
    anywhere = Matches("search", query.lemmas)
    if sort and sort != "relevance":
        order = REVIEW_SORTS.get(sort, REVIEW_SORTS["newest"])[0] or REVIEW_SORTS["newest"][0]
        return Tiered([reviews.filter(anywhere).order_by(*order, "-id")])
    # The first tier's one condition implies the other's: one estimate for the planner.
    in_text = Matches("search", query.lemmas, weights="AB")
    order = ("-helpful_count", "-published_at", "-id")
    return Tiered(
        [
            reviews.filter(in_text).order_by(*order),
            reviews.filter(anywhere).exclude(in_text).order_by(*order),
        ]
    )


def search_reviews(query: Query) -> Tiered:
    """Published reviews of every company holding the query's lemmas, by relevance."""
    reviews = Review.objects.published().select_related("company", "job_category")
    return ranked(reviews.defer("search", "keywords"), query)


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


@dataclass(frozen=True)
class HighlightCandidate:
    """A sentence of a published review that names some of its company's top keywords."""

    review: Review
    kind: str  # Highlight.Kind: positive (from pros) or negative (from cons)
    text: str
    words: tuple[str, ...]
    weight: int  # the summed counts of the keywords it names


def highlight_candidates(
    company: Company, *, per_kind: int = 15, scanned: int = 300
) -> dict[str, list[HighlightCandidate]]:
    """Sentences short enough to quote (Highlight.MAX_LENGTH) from the company's most
    helpful published reviews that name its top 장점/단점 keywords, best first: the most
    frequent keywords, then the most helpful review, then the newest. Sentences already
    quoted are left out. At most `scanned` reviews are read, whatever the company's size."""
    stored = getattr(company, "keywords", None)
    found: dict[str, list[HighlightCandidate]] = {kind: [] for kind in Highlight.Kind.values}
    if stored is None:
        return found
    quoted = set(Highlight.objects.filter(company=company).values_list("text", flat=True))
    sides = {Highlight.Kind.POSITIVE: "pros", Highlight.Kind.NEGATIVE: "cons"}
    counts = {kind: dict(stored.top(side)) for kind, side in sides.items()}
    words = {word for top in counts.values() for word in top}
    if not words:
        return found
    named = [Matches("search", [word]) for word in sorted(words)]
    condition = reduce(lambda a, b: a | b, named[1:], Q(named[0]))
    reviews = (
        Review.objects.published()
        .for_company(company)
        .filter(condition)
        .defer("search", "keywords")
        .order_by("-helpful_count", "-published_at", "-id")[:scanned]
    )
    for review in reviews:
        for kind, side in sides.items():
            for sentence in SENTENCE_END.split(getattr(review, side)):
                sentence = sentence.strip()
                if not sentence or len(sentence) > Highlight.MAX_LENGTH or sentence in quoted:
                    continue
                named_here = tuple(word for word in counts[kind] if word in sentence)
                if named_here:
                    weight = sum(counts[kind][word] for word in named_here)
                    found[kind].append(
                        HighlightCandidate(review, kind, sentence, named_here, weight)
                    )
    for kind, candidates in found.items():
        # Stable: among equal weights the review order above (helpful, newest) stays.
        candidates.sort(key=lambda candidate: -candidate.weight)
        seen: set[str] = set()
        kept = []
        for candidate in candidates:  # one sentence written in several reviews: once
            if candidate.text not in seen:
                seen.add(candidate.text)
                kept.append(candidate)
        found[kind] = kept[:per_kind]
    return found
