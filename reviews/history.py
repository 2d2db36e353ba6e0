"""Scores over time: a company's published reviews summed by month of publication
(Korean time), kept O(1) per change in the transaction of the change like the scores, and
checked by `verify_scores`. From a few of these rows and the all-time sums come the
last-12-months score, the 24-month trend, the API's history and the report of a past
year, without reading a review."""

from __future__ import annotations

from datetime import date

from django.db import models, transaction
from django.db.models import Count, DateField, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from companies.transparency import month_of, months_back
from nipa_reviews.pagecache import PageContentQuerySet, PageScope
from nipa_reviews.submissions.models import row_drift

from .models import CATEGORY_KEYS, CompanyScore, Ratings, RatingSums, Review


class CompanyMonthlyScore(RatingSums):
    """The sums of one company's reviews published in one month that are still published."""

    company = models.ForeignKey(
        "companies.Company",
        on_delete=models.CASCADE,
        related_name="monthly_scores",
        verbose_name=pgettext_lazy("a row's company", "기업"),
    )
    month = models.DateField(_("게시 월"))

    objects = PageContentQuerySet.as_manager()
    page_scope = PageScope(company="company")

    class Meta:
        verbose_name = _("월별 점수 합계")
        verbose_name_plural = _("월별 점수 합계")
        constraints = [
            models.UniqueConstraint(fields=["company", "month"], name="monthly_score_one_row")
        ]

    def __str__(self) -> str:
        return f"{self.company_id} {self.month:%Y.%m}: {self.review_count}"

    # --- The aggregate: the same hooks as CompanyAggregate, one row per month ----------

    @classmethod
    def contribution(cls, review: Review) -> tuple[date, Ratings] | None:
        if review.published_at is None:
            return None
        return month_of(review.published_at), Ratings.of(review)

    @classmethod
    def change(cls, company_id: int, *, add=None, remove=None, at=None) -> None:
        """Adds and removes one review's ratings in its month's row, locked; two months'
        rows are locked in month order."""
        sides = sorted(
            (
                (contribution, sign)
                for contribution, sign in ((remove, -1), (add, 1))
                if contribution is not None
            ),
            key=lambda side: side[0][0],
        )
        for (month, ratings), sign in sides:
            row, _created = (
                cls.objects.select_for_update(of=("self",))
                .select_related("company")
                .get_or_create(company_id=company_id, month=month)
            )
            row.count_in(ratings, sign)
            row.save()

    @classmethod
    def recomputed(cls) -> dict[tuple[int, date], CompanyMonthlyScore]:
        rows = (
            Review.objects.published()
            .filter(published_at__isnull=False)  # as `contribution`: no month, no row
            .annotate(month=TruncMonth("published_at", output_field=DateField()))
            .values("company_id", "month")
            .annotate(n=Count("id"), **{key: Sum(key) for key in CATEGORY_KEYS})
            .order_by()
        )
        result = {}
        for row in rows:
            monthly = cls(company_id=row["company_id"], month=row["month"], review_count=row["n"])
            for key in CATEGORY_KEYS:
                setattr(monthly, f"sum_{key}", row[key])
            result[(monthly.company_id, monthly.month)] = monthly
        return result

    @classmethod
    def drift(cls) -> list[str]:
        stored = cls.objects.exclude(review_count=0)
        return row_drift(
            expected=cls.recomputed(),
            stored={(row.company_id, row.month): row for row in stored},
            fields=RatingSums.SUM_FIELDS,
            blank=lambda key: cls(company_id=key[0], month=key[1]),
            where=lambda key: f"company {key[0]}: monthly {key[1]:%Y-%m} ",
        )

    @classmethod
    @transaction.atomic
    def rebuild(cls) -> int:
        expected = cls.recomputed()
        cls.objects.all().delete()
        cls.objects.bulk_create(list(expected.values()), batch_size=1000)
        return len(expected)


def scores_of(company_id: int, sums: dict[str, int]) -> CompanyScore:
    """Unsaved scores from sums: the same arithmetic and rounding as the stored ones."""
    score = CompanyScore(company_id=company_id, **sums)
    score.derive()
    return score


def _sums(rows) -> dict[str, int]:
    return {name: sum(getattr(row, name) for row in rows) for name in RatingSums.SUM_FIELDS}


def _minus(total: dict[str, int], part: dict[str, int]) -> dict[str, int]:
    return {name: total[name] - part[name] for name in RatingSums.SUM_FIELDS}


def company_history(company, *, months: int = 24, recent: int = 12) -> dict:
    """The last-`recent`-months scores and, for each of the last `months` months, the
    scores as they stood at its end (reviews published by then that are still published):
    one query over the company's monthly rows."""
    wanted = months_back(months)
    rows = list(CompanyMonthlyScore.objects.filter(company=company, month__gte=wanted[0]))
    score = getattr(company, "score", None)
    all_time = {name: getattr(score, name) if score else 0 for name in RatingSums.SUM_FIELDS}
    since = wanted[-recent]
    points = []
    for month in wanted:
        later = [row for row in rows if row.month > month]
        points.append(
            {"month": month, "score": scores_of(company.pk, _minus(all_time, _sums(later)))}
        )
    shown = [(i, point) for i, point in enumerate(points) if point["score"].is_shown]
    # The trend's polyline in a 0..TREND_WIDTH × 0..100 box: x by month, y from the top.
    step = TREND_WIDTH / (months - 1)
    polyline = " ".join(
        f"{i * step:.1f},{100 - float(point['score'].total_fraction()):.1f}" for i, point in shown
    )
    return {
        "recent": scores_of(company.pk, _sums([row for row in rows if row.month >= since])),
        "recent_since": since,
        "points": points,
        "polyline": polyline if len(shown) > 1 else "",
        "trend_width": TREND_WIDTH,
    }


TREND_WIDTH = 230


def scores_at_year_end(company, year: int) -> CompanyScore:
    """The scores from the reviews published by the end of `year` that are still
    published: the all-time sums less what was published after it (one query)."""
    score = getattr(company, "score", None)
    all_time = {name: getattr(score, name) if score else 0 for name in RatingSums.SUM_FIELDS}
    later = CompanyMonthlyScore.objects.filter(company=company, month__gt=date(year, 12, 1))
    totals = later.aggregate(**{name: Sum(name) for name in RatingSums.SUM_FIELDS})
    at_year_end = scores_of(
        company.pk, _minus(all_time, {name: totals[name] or 0 for name in totals})
    )
    as_of = getattr(score, "as_of", None)
    year_end = date(year, 12, 31)
    at_year_end.as_of = as_of if as_of is not None and as_of <= year_end else year_end
    return at_year_end
