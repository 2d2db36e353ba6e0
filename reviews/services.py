"""Every write to reviews and company scores. Views, the admin, commands and tests all
call these, so a score can never be changed by one path and forgotten by another."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Max, Sum
from django.utils import timezone

from companies.models import Company, JobCategory
from nipa_reviews.pagecache import invalidate_company
from nipa_reviews.submissions import Status, aggregate_drift, set_status

from .models import (
    CATEGORY_KEYS,
    CompanyScore,
    HelpfulVote,
    Highlight,
    Review,
)

# "C" of the Bayesian average: a company's score weighs like this many reviews at the mean.
BAYES_PRIOR_REVIEWS = 10
ONE_REVIEW_PER = timedelta(days=365)


class DuplicateReview(ValidationError):
    """The author already reviewed this company in the last 12 months."""

    def __init__(self, existing: Review):
        self.existing = existing
        next_date = timezone.localdate(existing.created_at + ONE_REVIEW_PER)
        super().__init__(
            "이 기업에는 최근 12개월 안에 이미 리뷰를 쓰셨습니다. "
            f"{next_date:%Y.%m.%d}부터 새 리뷰를 쓸 수 있습니다."
        )


@dataclass(frozen=True)
class Ratings:
    culture: int
    pay_benefits: int
    career: int
    work_life: int
    leadership: int

    @classmethod
    def of(cls, review: Review) -> Ratings:
        return cls(**{key: getattr(review, key) for key in CATEGORY_KEYS})


# --- Reviews ------------------------------------------------------------------------


def existing_review(*, author, company: Company, at: datetime | None = None) -> Review | None:
    """The author's review of `company` that blocks a new one (rejected ones do not)."""
    at = at or timezone.now()
    return (
        Review.objects.by_author(author)
        .for_company(company)
        .exclude(status=Review.Status.REJECTED)
        .filter(created_at__gt=at - ONE_REVIEW_PER)
        .order_by("-created_at")
        .first()
    )


@transaction.atomic
def review_submit(
    *,
    company: Company,
    author,
    employment_status: str,
    job_category: JobCategory,
    culture: int,
    pay_benefits: int,
    career: int,
    work_life: int,
    leadership: int,
    title: str,
    pros: str,
    cons: str,
    advice: str = "",
    at: datetime | None = None,
) -> Review:
    """A new review, pending: not shown, not counted until a moderator publishes it."""
    # One author's submissions queue up here, so two tabs cannot both pass the check below.
    get_user_model().objects.select_for_update().filter(pk=author.pk).first()
    existing = existing_review(author=author, company=company, at=at)
    if existing is not None:
        raise DuplicateReview(existing)
    review = Review(
        company=company,
        author=author,
        employment_status=employment_status,
        job_category=job_category,
        culture=culture,
        pay_benefits=pay_benefits,
        career=career,
        work_life=work_life,
        leadership=leadership,
        title=title,
        pros=pros,
        cons=cons,
        advice=advice,
        created_at=at or timezone.now(),
    )
    review.full_clean()
    review.save()
    return review


EDITABLE_FIELDS = [
    "employment_status",
    "job_category",
    *CATEGORY_KEYS,
    "title",
    "pros",
    "cons",
    "advice",
]


@transaction.atomic
def review_update(*, review: Review, **fields) -> Review:
    """Changes a review's content; a published one's scores change with it."""
    review = _locked(review)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {', '.join(sorted(unknown))}")
    before = Ratings.of(review)
    for name, value in fields.items():
        setattr(review, name, value)
    review.full_clean()
    review.save()
    if review.status == Review.Status.PUBLISHED:
        if Ratings.of(review) != before:
            _change_score(review.company_id, remove=before, add=Ratings.of(review))
        else:
            invalidate_company(review.company_id)  # _change_score does it otherwise
    return review


@transaction.atomic
def review_delete(*, review: Review) -> None:
    review = _locked(review)
    if review.status == Review.Status.PUBLISHED:
        _change_score(review.company_id, remove=Ratings.of(review))
    review.delete()


def review_publish(*, review: Review, moderator, at: datetime | None = None) -> Review:
    return review_set_status(review=review, status=Status.PUBLISHED, moderator=moderator, at=at)


def review_reject(*, review: Review, moderator, reason: str) -> Review:
    return review_set_status(
        review=review, status=Status.REJECTED, moderator=moderator, reason=reason
    )


def review_hide(*, review: Review, moderator, reason: str, **options) -> Review:
    """Hides a published review; `takedown_until` for a 임시조치, `by_reports` when reports did it."""
    return review_set_status(
        review=review, status=Status.HIDDEN, moderator=moderator, reason=reason, **options
    )


@transaction.atomic
def review_set_status(
    *, review: Review, status: str, moderator, reason: str = "", **options
) -> Review:
    """Every status change of a review; the scores follow in the same transaction."""
    review = _locked(review)
    change = set_status(review, status, moderator=moderator, reason=reason, **options)
    if change > 0:
        _change_score(review.company_id, add=Ratings.of(review), at=review.moderated_at)
    elif change < 0:
        _change_score(review.company_id, remove=Ratings.of(review), at=review.moderated_at)
    return review


def _locked(review: Review) -> Review:
    return Review.objects.select_for_update().get(pk=review.pk)


# --- Scores -------------------------------------------------------------------------


def _change_score(
    company_id: int,
    *,
    add: Ratings | None = None,
    remove: Ratings | None = None,
    at: datetime | None = None,
) -> CompanyScore:
    """Adds and removes one review's ratings to the stored sums: O(1), whatever the count.

    The score row is locked, so parallel publishes to one company queue up instead of
    overwriting each other's sums.
    """
    CompanyScore.objects.get_or_create(company_id=company_id)
    score = CompanyScore.objects.select_for_update().get(company_id=company_id)
    for ratings, sign in ((add, 1), (remove, -1)):
        if ratings is None:
            continue
        score.review_count += sign
        for key in CATEGORY_KEYS:
            name = f"sum_{key}"
            setattr(score, name, getattr(score, name) + sign * getattr(ratings, key))
    derive_scores(score)
    score.as_of = timezone.localdate(at or timezone.now())
    score.save()
    ranking = ranking_of(score, site_mean=site_mean_total(including=score))
    Company.objects.filter(pk=company_id).update(ranking=ranking, review_count=score.review_count)
    invalidate_company(company_id)
    return score


def decimal_of(value: Fraction, places: str) -> Decimal:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def derive_scores(score: CompanyScore) -> None:
    """Fills the stored scores from the sums and count (no query)."""
    for key in CATEGORY_KEYS:
        value = score.category_fraction(key) if score.review_count else None
        setattr(score, key, decimal_of(value, "0.01") if value is not None else None)
    score.total = decimal_of(score.total_fraction(), "0.01") if score.review_count else None


def ranking_of(score: CompanyScore, *, site_mean: Fraction) -> Decimal:
    """The company list's sort key: the Bayesian average, 0 while the score is not shown."""
    if not score.is_shown:
        return Decimal(0)
    return decimal_of(
        bayesian_average(site_mean, score.review_count, score.total_fraction()), "0.001"
    )


def bayesian_average(site_mean: Fraction, count: int, total: Fraction) -> Fraction:
    """(C·m + n·x) / (C + n): one 5-star review does not top the list (PRODUCT.md)."""
    return (BAYES_PRIOR_REVIEWS * site_mean + count * total) / (BAYES_PRIOR_REVIEWS + count)


def site_mean_total(*, including: CompanyScore) -> Fraction:
    """m of the ranking: the mean total over every published review on the site, with
    `including`'s new sums standing in for its stored ones."""
    others = CompanyScore.objects.exclude(pk=including.pk).aggregate(
        review_count=Sum("review_count"),
        **{f"sum_{key}": Sum(f"sum_{key}") for key in CATEGORY_KEYS},
    )
    rest = CompanyScore(**{name: value or 0 for name, value in others.items()})
    return site_mean_from([rest, including])


def recomputed_scores() -> dict[int, CompanyScore]:
    """Every company's scores from scratch: one aggregate query over published reviews."""
    rows = (
        Review.objects.published()
        .values("company_id")
        .annotate(
            n=Count("id"), last=Max("published_at"), **{key: Sum(key) for key in CATEGORY_KEYS}
        )
        .order_by()
    )
    scores = {}
    for row in rows:
        # The as-of date of a rebuilt row is the day of its latest publish.
        as_of = timezone.localdate(row["last"]) if row["last"] else None
        score = CompanyScore(company_id=row["company_id"], review_count=row["n"], as_of=as_of)
        for key in CATEGORY_KEYS:
            setattr(score, f"sum_{key}", row[key])
        scores[score.company_id] = score
    for score in scores.values():
        derive_scores(score)
    return scores


def site_mean_from(scores) -> Fraction:
    # total = mean of the five category scores = 20 × (sum of ratings / 5) / count
    count = sum(score.review_count for score in scores)
    ratings = sum(getattr(score, f"sum_{key}") for score in scores for key in CATEGORY_KEYS)
    return Fraction(4 * ratings, count) if count else Fraction(0)


SCORE_FIELDS = [
    "review_count",
    *[f"sum_{key}" for key in CATEGORY_KEYS],
    *CATEGORY_KEYS,
    "total",
]


def score_drift() -> list[str]:
    """Each difference between the stored scores (and the list's review counts) and those
    recomputed from scratch."""
    expected = recomputed_scores()
    drift = aggregate_drift(
        expected=expected,
        stored={s.company_id: s for s in CompanyScore.objects.all()},
        fields=SCORE_FIELDS,
        blank=lambda company_id: CompanyScore(company_id=company_id),
        what="",
    )
    for company_id, count in Company.objects.values_list("pk", "review_count"):
        want = expected[company_id].review_count if company_id in expected else 0
        if count != want:
            drift.append(
                f"company {company_id}: list review_count stored {count}, recomputed {want}"
            )
    return drift


@transaction.atomic
def scores_rebuild() -> int:
    """Writes the recomputed scores and refreshes every ranking; returns rows written.

    A publish refreshes only its own company's ranking; the site-wide mean it uses moves
    by a negligible amount per review, and this catches the others up.
    """
    expected = recomputed_scores()
    site_mean = site_mean_from(expected.values())
    companies = list(Company.objects.select_for_update().only("pk", "ranking", "review_count"))
    for company in companies:
        score = expected.get(company.pk) or CompanyScore(company_id=company.pk)
        company.ranking = ranking_of(score, site_mean=site_mean)
        company.review_count = score.review_count
    Company.objects.bulk_update(companies, ["ranking", "review_count"], batch_size=1000)
    rows = list(CompanyScore.objects.select_for_update())
    for score in rows:
        fresh = expected.pop(score.company_id, None) or CompanyScore(company_id=score.company_id)
        for name in SCORE_FIELDS:
            setattr(score, name, getattr(fresh, name))
        score.as_of = score.as_of or fresh.as_of
    CompanyScore.objects.bulk_update(rows, [*SCORE_FIELDS, "as_of"], batch_size=1000)
    CompanyScore.objects.bulk_create(list(expected.values()), batch_size=1000)
    return len(rows) + len(expected)


# --- Readers' actions -------------------------------------------------------------


@transaction.atomic
def review_toggle_helpful(*, review: Review, user) -> bool:
    """Adds the user's 도움이 돼요 vote, or takes it back; returns whether it is on now."""
    if review.status != Review.Status.PUBLISHED:
        raise PermissionDenied("게시된 리뷰에만 투표할 수 있습니다.")
    if review.author_id == user.pk:
        raise PermissionDenied("내 리뷰에는 투표할 수 없습니다.")
    invalidate_company(review.company_id)  # the review list shows the count
    deleted, _ = HelpfulVote.objects.filter(review=review, user=user).delete()
    if deleted:
        Review.objects.filter(pk=review.pk).update(helpful_count=F("helpful_count") - 1)
        return False
    HelpfulVote.objects.create(review=review, user=user)
    Review.objects.filter(pk=review.pk).update(helpful_count=F("helpful_count") + 1)
    return True


@transaction.atomic
def withdraw_helpful_votes(*, user) -> None:
    """Takes back every 도움이 돼요 of a user who leaves, keeping the counts right."""
    for vote in HelpfulVote.objects.filter(user=user).select_related("review"):
        Review.objects.filter(pk=vote.review_id).update(helpful_count=F("helpful_count") - 1)
        invalidate_company(vote.review.company_id)
    HelpfulVote.objects.filter(user=user).delete()


@transaction.atomic
def highlight_create(*, review: Review, kind: str, text: str, order: int = 0) -> Highlight:
    highlight = Highlight(
        company_id=review.company_id, review=review, kind=kind, text=text, order=order
    )
    highlight.full_clean()
    highlight.save()
    invalidate_company(review.company_id)
    return highlight
