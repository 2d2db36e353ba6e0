"""Employee reviews, the company scores computed from them, and what readers do with them.

Every state change goes through the submission services (nipa_reviews.submissions) and
`reviews.services`; the score rows change only through `CompanyScore.change` and
`CompanyScore.rebuild`, which those call.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from fractions import Fraction

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinLengthValidator
from django.db import connection, models, transaction
from django.db.models import Count, F, Max, Q, Sum
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy, pgettext_lazy

from companies.models import Company, JobCategory
from nipa_reviews.arithmetic import decimal_of, round_half_up
from nipa_reviews.pagecache import PageContentQuerySet, PageScope
from nipa_reviews.search.fields import LemmaVectorField
from nipa_reviews.submissions.models import CompanyAggregate, Status, Submission

# The five categories, in the report's order: (key, label). Canonical keys, PRODUCT.md.
CATEGORIES = [
    ("culture", _("조직문화/분위기")),
    ("pay_benefits", _("연봉/복지")),
    ("career", _("커리어/성장")),
    ("work_life", _("근무시간/휴가")),
    ("leadership", _("경영진/비전")),
]
CATEGORY_KEYS = [key for key, _ in CATEGORIES]

TEXT_MIN, TEXT_MAX = 30, 3000
# "C" of the Bayesian average: a company's score weighs like this many reviews at the mean.
BAYES_PRIOR_REVIEWS = 10


def text_validators(label: str) -> list:
    # format_lazy: the messages are built at import, and translated when shown.
    return [
        MinLengthValidator(
            TEXT_MIN,
            format_lazy(
                _("{label}을 {limit}자 이상 적어 주세요 (지금 %(show_value)s자)."),
                label=label,
                limit=TEXT_MIN,
            ),
        ),
        MaxLengthValidator(
            TEXT_MAX,
            format_lazy(
                _("{label}은 {limit:,}자 이하로 적어 주세요 (지금 %(show_value)s자)."),
                label=label,
                limit=TEXT_MAX,
            ),
        ),
    ]


class Review(Submission):
    class EmploymentStatus(models.TextChoices):
        CURRENT = "current", _("현직자")
        FORMER = "former", _("전직자")

    RATING_CHOICES = [
        (i, format_lazy(ngettext_lazy("{n}점", "{n}점", i), n=i)) for i in range(1, 6)
    ]

    company = models.ForeignKey(
        Company,
        on_delete=models.CASCADE,
        related_name="reviews",
        verbose_name=pgettext_lazy("a row's company", "기업"),
    )
    employment_status = models.CharField(
        _("재직 상태"), max_length=10, choices=EmploymentStatus.choices
    )
    job_category = models.ForeignKey(JobCategory, on_delete=models.PROTECT, verbose_name=_("직무"))
    culture = models.PositiveSmallIntegerField(_("조직문화/분위기"), choices=RATING_CHOICES)
    pay_benefits = models.PositiveSmallIntegerField(_("연봉/복지"), choices=RATING_CHOICES)
    career = models.PositiveSmallIntegerField(_("커리어/성장"), choices=RATING_CHOICES)
    work_life = models.PositiveSmallIntegerField(_("근무시간/휴가"), choices=RATING_CHOICES)
    leadership = models.PositiveSmallIntegerField(_("경영진/비전"), choices=RATING_CHOICES)
    rating_sum = models.GeneratedField(
        expression=F("culture")
        + F("pay_benefits")
        + F("career")
        + F("work_life")
        + F("leadership"),
        output_field=models.PositiveSmallIntegerField(),
        db_persist=True,
    )
    title = models.CharField(_("한 줄 요약"), max_length=100)
    pros = models.TextField(_("장점"), validators=text_validators(_("장점")))
    cons = models.TextField(_("단점"), validators=text_validators(_("단점")))
    advice = models.TextField(
        _("경영진에게 바라는 점"),
        blank=True,
        validators=[
            MaxLengthValidator(
                TEXT_MAX,
                format_lazy(
                    _(
                        "경영진에게 바라는 점은 {limit:,}자 이하로 적어 주세요 (지금 %(show_value)s자)."
                    ),
                    limit=TEXT_MAX,
                ),
            )
        ],
    )
    helpful_count = models.PositiveIntegerField(_("도움이 돼요"), default=0)
    # What the worker's analysis stores once the review is published (ReviewKind.analyse),
    # NULL while it is not shown: the lemmas of the title (weight A), pros and cons (B)
    # and advice (C) for search, and the nouns of pros and cons that its company's
    # keywords count ({"pros": [...], "cons": [...]}).
    search = LemmaVectorField(_("검색 색인"), null=True, editable=False)
    keywords = models.JSONField(_("키워드"), null=True, editable=False)

    # A helpful vote changes the company's review list, not the home page or the lists.
    page_scope = PageScope(
        company="company",
        lists=True,
        counters=frozenset({"helpful_count"}),
        shown=Submission.page_scope.shown,
    )

    class Meta:
        verbose_name = _("현직자 리뷰")
        verbose_name_plural = _("현직자 리뷰")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(**{f"{key}__gte": 1}) & Q(**{f"{key}__lte": 5}),
                name=f"review_{key}_1_to_5",
            )
            for key in CATEGORY_KEYS
        ]
        indexes = [
            # The review list's sorts: newest and most helpful first, per company.
            models.Index(
                fields=["company", "status", "-published_at", "-id"], name="review_company_newest"
            ),
            models.Index(
                fields=["company", "status", "-helpful_count", "-published_at"],
                name="review_company_helpful",
            ),
            # The rating sorts, each in its own order (lowest first is newest first among
            # equals), so a keyset page reads a range of one (nipa_reviews.keyset).
            models.Index(
                fields=["company", "status", "-rating_sum", "-published_at", "-id"],
                name="review_company_highest",
            ),
            models.Index(
                fields=["company", "status", "rating_sum", "-published_at", "-id"],
                name="review_company_lowest",
            ),
            # The home page's latest published reviews, across companies.
            models.Index(fields=["status", "-published_at", "-id"], name="review_latest"),
            # The site-wide search's order (reviews.selectors.ranked), walked until a
            # page of matches is found.
            models.Index(
                fields=["status", "-helpful_count", "-published_at"], name="review_helpful"
            ),
            models.Index(fields=["author", "company", "-created_at"], name="review_author_company"),
            # Manipulation signals: the company's recent submissions (burst, near duplicate).
            models.Index(fields=["company", "-created_at"], name="review_company_created"),
        ]

    def __str__(self) -> str:
        return self.title

    def ratings(self) -> list[tuple[str, str, int]]:
        return [(key, label, getattr(self, key)) for key, label in CATEGORIES]


@dataclass(frozen=True)
class Ratings:
    """One review's five ratings: what it adds to its company's score."""

    culture: int
    pay_benefits: int
    career: int
    work_life: int
    leadership: int

    @classmethod
    def of(cls, review: Review) -> Ratings:
        return cls(**{key: getattr(review, key) for key in CATEGORY_KEYS})


class RatingSums(models.Model):
    """Abstract: a count of published reviews and the sums of their ratings."""

    review_count = models.PositiveIntegerField(_("게시 리뷰 수"), default=0)
    sum_culture = models.PositiveBigIntegerField(default=0)
    sum_pay_benefits = models.PositiveBigIntegerField(default=0)
    sum_career = models.PositiveBigIntegerField(default=0)
    sum_work_life = models.PositiveBigIntegerField(default=0)
    sum_leadership = models.PositiveBigIntegerField(default=0)

    SUM_FIELDS = ["review_count", *[f"sum_{key}" for key in CATEGORY_KEYS]]

    class Meta:
        abstract = True

    def count_in(self, ratings: Ratings, sign: int) -> None:
        self.review_count += sign
        for key in CATEGORY_KEYS:
            name = f"sum_{key}"
            setattr(self, name, getattr(self, name) + sign * getattr(ratings, key))

    def mean_total(self) -> Fraction:
        """total = mean of the five category scores = 20 × (sum of ratings / 5) / count."""
        ratings = sum(getattr(self, f"sum_{key}") for key in CATEGORY_KEYS)
        return Fraction(4 * ratings, self.review_count) if self.review_count else Fraction(0)


class Scores(RatingSums, CompanyAggregate):
    """Abstract: a company's scores over the published reviews a subclass counts: sums and
    a count updated O(1) per change, and the scores derived from them (PRODUCT.md,
    scoring rules)."""

    culture = models.DecimalField(_("조직문화/분위기"), max_digits=5, decimal_places=2, null=True)
    pay_benefits = models.DecimalField(_("연봉/복지"), max_digits=5, decimal_places=2, null=True)
    career = models.DecimalField(_("커리어/성장"), max_digits=5, decimal_places=2, null=True)
    work_life = models.DecimalField(_("근무시간/휴가"), max_digits=5, decimal_places=2, null=True)
    leadership = models.DecimalField(_("경영진/비전"), max_digits=5, decimal_places=2, null=True)
    total = models.DecimalField(_("총 만족도 점수"), max_digits=5, decimal_places=2, null=True)

    FIELDS = [*RatingSums.SUM_FIELDS, *CATEGORY_KEYS, "total"]

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.company_id}: {self.total}"

    @property
    def is_shown(self) -> bool:
        return self.review_count >= settings.SCORE_MIN_REVIEWS

    def category_fraction(self, key: str) -> Fraction:
        """The exact category score: mean rating × 20."""
        return Fraction(getattr(self, f"sum_{key}") * 20, self.review_count)

    def total_fraction(self) -> Fraction:
        """The exact total: the mean of the five unrounded category scores."""
        return sum((self.category_fraction(key) for key in CATEGORY_KEYS), Fraction(0)) / 5

    def total_points(self) -> int:
        return round_half_up(self.total_fraction())

    def categories(self) -> list[ScoreLine]:
        return [
            ScoreLine(key, label, round_half_up(self.category_fraction(key)))
            for key, label in CATEGORIES
        ]

    # --- The aggregate (nipa_reviews.submissions.models.CompanyAggregate) -------------

    @classmethod
    def counted(cls, reviews):
        """The reviews these scores count, of a queryset of published ones."""
        return reviews

    @classmethod
    def counts(cls, review: Review) -> bool:
        """Whether these scores count `review` once published: `counted` for one row."""
        return True

    @classmethod
    def contribution(cls, review: Review) -> Ratings | None:
        return Ratings.of(review) if cls.counts(review) else None

    def derive(self) -> None:
        for key in CATEGORY_KEYS:
            value = self.category_fraction(key) if self.review_count else None
            setattr(self, key, decimal_of(value, "0.01") if value is not None else None)
        self.total = decimal_of(self.total_fraction(), "0.01") if self.review_count else None

    @classmethod
    def recomputed(cls) -> dict[int, Scores]:
        rows = (
            cls.counted(Review.objects.published())
            .values("company_id")
            .annotate(
                n=Count("id"), last=Max("published_at"), **{key: Sum(key) for key in CATEGORY_KEYS}
            )
            .order_by()
        )
        scores = {}
        for row in rows:
            score = cls(company_id=row["company_id"], review_count=row["n"])
            # The as-of date of a rebuilt row is the day of its latest publish.
            score.rebuilt_as_of = timezone.localdate(row["last"]) if row["last"] else None
            for key in CATEGORY_KEYS:
                setattr(score, f"sum_{key}", row[key])
            score.derive()
            scores[score.company_id] = score
        return scores


class CompanyScore(Scores):
    """A company's scores over all its published reviews: the site's main figure, with the
    as-of date and the list's sort keys."""

    company = models.OneToOneField(
        Company, on_delete=models.CASCADE, primary_key=True, related_name="score"
    )
    as_of = models.DateField(_("기준일"), null=True)

    REBUILD_EXTRA = ["as_of"]

    class Meta:
        verbose_name = _("기업 점수")
        verbose_name_plural = _("기업 점수")

    def ranking(self, *, site_mean: Fraction) -> Decimal:
        """The company list's sort key: the Bayesian average, 0 while the score is not shown."""
        if not self.is_shown:
            return Decimal(0)
        return decimal_of(
            bayesian_average(site_mean, self.review_count, self.total_fraction()), "0.001"
        )

    def changed_at(self, at: datetime) -> None:
        self.as_of = timezone.localdate(at)

    @classmethod
    def change(cls, company_id: int, *, add=None, remove=None, at=None) -> CompanyScore:
        """Also moves the site's totals and refreshes this company's list sort keys, with
        the site-wide mean read from its one row: O(1) whatever the number of companies."""
        score = super().change(company_id, add=add, remove=remove, at=at)
        site = SiteScore.change(add=add, remove=remove)
        company = score.company
        company.ranking = score.ranking(site_mean=site.mean_total())
        company.review_count = score.review_count
        company.save(update_fields=["ranking", "review_count"])
        return score

    @classmethod
    def drift(cls, expected=None) -> list[str]:
        """Besides the rows: the list's review counts and the site's totals."""
        expected = cls.recomputed() if expected is None else expected
        drift = super().drift(expected)
        for company_id, count in Company.objects.values_list("pk", "review_count"):
            want = expected[company_id].review_count if company_id in expected else 0
            if count != want:
                drift.append(
                    f"company {company_id}: list review_count stored {count}, recomputed {want}"
                )
        site, want = SiteScore.current(), SiteScore.summed(expected.values())
        for name in RatingSums.SUM_FIELDS:
            if getattr(site, name) != getattr(want, name):
                drift.append(
                    f"site: {name} stored {getattr(site, name)}, recomputed {getattr(want, name)}"
                )
        return drift

    @classmethod
    @transaction.atomic
    def rebuild(cls, expected=None) -> int:
        """Also rewrites the site's totals and refreshes every company's ranking.

        A publish refreshes only its own company's ranking; the site-wide mean it uses
        moves by a negligible amount per review, and this catches the others up.
        """
        expected = cls.recomputed() if expected is None else expected
        rows = super().rebuild(expected)
        site = SiteScore.summed(expected.values())
        SiteScore.objects.update_or_create(
            pk=1, defaults={name: getattr(site, name) for name in RatingSums.SUM_FIELDS}
        )
        site_mean = site.mean_total()
        companies = list(Company.objects.select_for_update().only("pk", "ranking", "review_count"))
        for company in companies:
            score = expected.get(company.pk) or cls(company_id=company.pk)
            company.ranking = score.ranking(site_mean=site_mean)
            company.review_count = score.review_count
        Company.objects.bulk_update(companies, ["ranking", "review_count"], batch_size=1000)
        return rows

    def rebuilt_from(self, fresh: CompanyScore) -> None:
        self.as_of = self.as_of or getattr(fresh, "rebuilt_as_of", None)


class CompanyVerifiedScore(Scores):
    """A company's scores over its published reviews by verified employees only (재직 인증
    at submission): kept exactly like the main scores, shown beside them."""

    company = models.OneToOneField(
        Company, on_delete=models.CASCADE, primary_key=True, related_name="verified_score"
    )

    DRIFT_LABEL = "verified "
    # Shown on the company's pages only: the lists show the main scores.
    page_scope = PageScope(company="company")

    class Meta:
        verbose_name = _("기업 점수 (인증된 리뷰)")
        verbose_name_plural = _("기업 점수 (인증된 리뷰)")

    @classmethod
    def counted(cls, reviews):
        return reviews.filter(verified=True)

    @classmethod
    def counts(cls, review: Review) -> bool:
        return review.verified


class SiteScore(RatingSums):
    """The site's totals over every published review, in one row: the ranking's m."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)

    class Meta:
        verbose_name = _("사이트 전체 점수")
        verbose_name_plural = _("사이트 전체 점수")

    def __str__(self) -> str:
        return f"site: {self.review_count}"

    @classmethod
    def current(cls) -> SiteScore:
        return cls.objects.filter(pk=1).first() or cls(pk=1)

    @classmethod
    def summed(cls, scores) -> SiteScore:
        site = cls(pk=1)
        for score in scores:
            for name in RatingSums.SUM_FIELDS:
                setattr(site, name, getattr(site, name) + getattr(score, name))
        return site

    @classmethod
    def change(cls, *, add: Ratings | None = None, remove: Ratings | None = None) -> SiteScore:
        """Locked after the company's row, always in that order, so publishes to different
        companies queue here only for the moment of the update."""
        site, _ = cls.objects.select_for_update().get_or_create(pk=1)
        for ratings, sign in ((add, 1), (remove, -1)):
            if ratings is not None:
                site.count_in(ratings, sign)
        site.save()
        return site


class Side(models.TextChoices):
    PROS = "pros", _("장점")
    CONS = "cons", _("단점")


@dataclass(frozen=True)
class Keywords:
    """One review's keyword nouns, each counted once per side: what it adds to its
    company's keyword counts."""

    pros: frozenset[str]
    cons: frozenset[str]

    @classmethod
    def of(cls, review: Review) -> Keywords | None:
        """None until the worker has analysed the review (Review.keywords)."""
        if review.keywords is None:
            return None
        return cls(*(frozenset(review.keywords.get(side, [])) for side in Side.values))

    def pairs(self):
        for side in Side.values:
            for lemma in getattr(self, side):
                yield side, lemma


class KeywordCount(models.Model):
    """How many published reviews of a company name a noun in their pros or cons."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    side = models.CharField(_("구분"), max_length=4, choices=Side.choices)
    lemma = models.CharField(_("키워드"), max_length=50)
    count = models.PositiveIntegerField(_("리뷰 수"))

    class Meta:
        verbose_name = _("키워드 빈도")
        verbose_name_plural = _("키워드 빈도")
        constraints = [
            models.UniqueConstraint(fields=["company", "side", "lemma"], name="keyword_once"),
        ]
        indexes = [
            models.Index(fields=["company", "side", "-count", "lemma"], name="keyword_top"),
        ]

    def __str__(self) -> str:
        return f"{self.company_id} {self.side} {self.lemma}: {self.count}"


class CompanyKeywords(CompanyAggregate):
    """A company's 장점/단점 keywords: the nouns its published reviews name most, as counts
    per (side, noun) in KeywordCount and the top ones here, which the company page and
    the API read in the company's own query.

    An aggregate like the scores, with one difference: a review's contribution is the
    worker's analysis of its text (Review.keywords), so a publish counts nothing until
    the worker has analysed the review, and then the analysis adds it (through
    `submissions.analyse`, under this row's lock). Hiding and deleting remove what was
    counted at once, as for the scores."""

    TOP = 8

    company = models.OneToOneField(
        Company, on_delete=models.CASCADE, primary_key=True, related_name="keywords"
    )
    review_count = models.PositiveIntegerField(_("분석된 게시 리뷰 수"), default=0)
    # [[noun, count], ...], most frequent first, then by the noun.
    pros = models.JSONField(_("장점 키워드"), default=list)
    cons = models.JSONField(_("단점 키워드"), default=list)

    FIELDS = ["review_count", "pros", "cons"]
    DRIFT_LABEL = "keywords "
    # Shown on the company's pages only: the worker's analysis moves no list.
    page_scope = PageScope(company="company")

    class Meta:
        verbose_name = _("기업 키워드")
        verbose_name_plural = _("기업 키워드")

    def __str__(self) -> str:
        return f"{self.company_id}: {self.review_count}"

    def top(self, side: str) -> list[tuple[str, int]]:
        return [(lemma, count) for lemma, count in getattr(self, side)]

    @classmethod
    def contribution(cls, review: Review) -> Keywords | None:
        return Keywords.of(review)

    def count_in(self, keywords: Keywords, sign: int) -> None:
        self.review_count += sign
        self._deltas = getattr(self, "_deltas", Counter())
        for pair in keywords.pairs():
            self._deltas[pair] += sign

    @classmethod
    def change(cls, company_id: int, *, add=None, remove=None, at=None) -> CompanyKeywords:
        """Also moves the per-noun counts and the top lists, under the same row lock: no
        other change to this company's keywords runs in between."""
        row = super().change(company_id, add=add, remove=remove, at=at)
        deltas = {pair: delta for pair, delta in getattr(row, "_deltas", {}).items() if delta}
        row._deltas = Counter()
        if deltas:
            row._apply(deltas)
            row.save(update_fields=["pros", "cons"])
        return row

    def _apply(self, deltas: dict[tuple[str, str], int]) -> None:
        rows = KeywordCount.objects.filter(company_id=self.company_id)
        existing = {
            (row.side, row.lemma): row
            for row in rows.filter(lemma__in={lemma for _, lemma in deltas})
        }
        changed, created, emptied = [], [], []
        for (side, lemma), delta in deltas.items():
            row = existing.get((side, lemma))
            if row is None:
                created.append(
                    KeywordCount(company_id=self.company_id, side=side, lemma=lemma, count=delta)
                )
            elif row.count + delta > 0:
                row.count += delta
                changed.append(row)
            else:
                emptied.append(row.pk)
        KeywordCount.objects.bulk_create(created)
        KeywordCount.objects.bulk_update(changed, ["count"])
        KeywordCount.objects.filter(pk__in=emptied).delete()
        for side in Side.values:
            top = rows.filter(side=side).order_by("-count", "lemma")[: self.TOP]
            setattr(self, side, [[row.lemma, row.count] for row in top])

    # --- From scratch: what drift compares and rebuild writes ------------------------

    @classmethod
    def counted(cls) -> dict[int, dict[tuple[str, str], int]]:
        """Every company's counts from published reviews' analyses, summed in SQL."""
        review = Review._meta.db_table
        if connection.vendor == "postgresql":
            branch = (
                "SELECT company_id, '{side}' AS side, "
                "jsonb_array_elements_text(keywords->'{side}') AS lemma "
                f"FROM {review} WHERE status = %s AND keywords IS NOT NULL"
            )
        else:
            branch = (
                "SELECT r.company_id AS company_id, '{side}' AS side, j.value AS lemma "
                f"FROM {review} r, json_each(r.keywords, '$.{{side}}') j "
                "WHERE r.status = %s AND r.keywords IS NOT NULL"
            )
        union = " UNION ALL ".join(branch.format(side=side) for side in Side.values)
        sql = f"SELECT company_id, side, lemma, COUNT(*) FROM ({union}) k GROUP BY 1, 2, 3"
        counts: dict[int, dict[tuple[str, str], int]] = {}
        with connection.cursor() as cursor:
            cursor.execute(sql, [Status.PUBLISHED] * len(Side.values))
            for company_id, side, lemma, count in cursor.fetchall():
                counts.setdefault(company_id, {})[(side, lemma)] = count
        return counts

    @classmethod
    def recomputed(cls) -> dict[int, CompanyKeywords]:
        reviews = (
            Review.objects.published()
            .filter(keywords__isnull=False)
            .values("company_id")
            .annotate(n=Count("id"))
            .order_by()
        )
        counts = cls.counted()
        rows = {}
        for found in reviews:
            row = cls(company_id=found["company_id"], review_count=found["n"])
            row.counts = counts.get(row.company_id, {})
            for side in Side.values:
                ranked = sorted(
                    ((lemma, n) for (s, lemma), n in row.counts.items() if s == side),
                    key=lambda item: (-item[1], item[0]),
                )
                setattr(row, side, [[lemma, n] for lemma, n in ranked[: cls.TOP]])
            rows[row.company_id] = row
        return rows

    @classmethod
    def drift(cls, expected=None) -> list[str]:
        """Besides the rows: every per-noun count."""
        expected = cls.recomputed() if expected is None else expected
        drift = super().drift(expected)
        stored: dict[int, dict[tuple[str, str], int]] = {}
        for company_id, side, lemma, count in KeywordCount.objects.values_list(
            "company_id", "side", "lemma", "count"
        ):
            stored.setdefault(company_id, {})[(side, lemma)] = count
        for company_id in sorted(set(expected) | set(stored)):
            want = expected[company_id].counts if company_id in expected else {}
            have = stored.get(company_id, {})
            for side, lemma in sorted(set(want) | set(have)):
                if want.get((side, lemma), 0) != have.get((side, lemma), 0):
                    drift.append(
                        f"company {company_id}: keyword {side} {lemma} stored "
                        f"{have.get((side, lemma), 0)}, recomputed {want.get((side, lemma), 0)}"
                    )
        return drift

    @classmethod
    @transaction.atomic
    def rebuild(cls, expected=None) -> int:
        """Also rewrites every per-noun count."""
        expected = cls.recomputed() if expected is None else expected
        rows = super().rebuild(expected)
        KeywordCount.objects.all().delete()
        KeywordCount.objects.bulk_create(
            (
                KeywordCount(company_id=company_id, side=side, lemma=lemma, count=count)
                for company_id, row in expected.items()
                for (side, lemma), count in row.counts.items()
            ),
            batch_size=5000,
        )
        return rows


def bayesian_average(site_mean: Fraction, count: int, total: Fraction) -> Fraction:
    """(C·m + n·x) / (C + n): one 5-star review does not top the list (PRODUCT.md)."""
    return (BAYES_PRIOR_REVIEWS * site_mean + count * total) / (BAYES_PRIOR_REVIEWS + count)


@dataclass(frozen=True)
class ScoreLine:
    key: str
    label: str
    points: int


class Highlight(models.Model):
    """A quote from a published review, chosen by a moderator for the company page."""

    class Kind(models.TextChoices):
        POSITIVE = "positive", _("긍정적평가")
        NEGATIVE = "negative", _("부정적평가")

    MAX_LENGTH = 60

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="highlights")
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="highlights")
    kind = models.CharField(_("구분"), max_length=10, choices=Kind.choices)
    text = models.CharField(_("인용문"), max_length=MAX_LENGTH)
    order = models.PositiveSmallIntegerField(_("순서"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PageContentQuerySet.as_manager()
    page_scope = PageScope(company="company")

    class Meta:
        verbose_name = _("하이라이트")
        verbose_name_plural = _("하이라이트")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text

    def clean(self):
        if self.review_id is None:
            return
        source = self.review.pros if self.kind == self.Kind.POSITIVE else self.review.cons
        if self.text and self.text not in source:
            where = _("장점") if self.kind == self.Kind.POSITIVE else _("단점")
            raise ValidationError(
                {
                    "text": _("인용문은 리뷰의 %(where)s에 있는 문장 그대로여야 합니다.")
                    % {"where": where}
                }
            )
        if self.review.status != Status.PUBLISHED:
            raise ValidationError({"review": _("게시된 리뷰에서만 하이라이트를 고를 수 있습니다.")})


REPLY_MIN, REPLY_MAX = 10, 2000


class EmployerReply(Submission):
    """기업 답변: the company's public answer to one published review, written by its
    appointed representative and moderated like any submission. It names no one."""

    company = models.ForeignKey(
        Company,
        on_delete=models.CASCADE,
        related_name="employer_replies",
        verbose_name=pgettext_lazy("a row's company", "기업"),
    )
    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="replies", verbose_name=_("리뷰")
    )
    text = models.TextField(
        _("답변"),
        validators=[
            MinLengthValidator(
                REPLY_MIN,
                format_lazy(
                    _("답변을 {limit}자 이상 적어 주세요 (지금 %(show_value)s자)."), limit=REPLY_MIN
                ),
            ),
            MaxLengthValidator(
                REPLY_MAX,
                format_lazy(
                    _("답변은 {limit:,}자 이하로 적어 주세요 (지금 %(show_value)s자)."),
                    limit=REPLY_MAX,
                ),
            ),
        ],
    )

    page_scope = PageScope(company="company", shown=Submission.page_scope.shown)

    class Meta:
        verbose_name = _("기업 답변")
        verbose_name_plural = _("기업 답변")
        ordering = ["-created_at"]
        constraints = [
            # One reply per review; a rejected one can be written again.
            models.UniqueConstraint(
                fields=["review"],
                condition=~Q(status=Status.REJECTED),
                name="reply_once_per_review",
            ),
        ]
        indexes = [
            models.Index(fields=["review", "status"], name="reply_review_status"),
            # Manipulation signals: the company's recent replies (burst, near duplicate).
            models.Index(fields=["company", "-created_at"], name="reply_company_created"),
        ]

    def __str__(self) -> str:
        return self.text[:40]

    def clean(self):
        if self.review_id is None:
            return
        if self.review.company_id != self.company_id:
            raise ValidationError({"review": _("이 기업의 리뷰에만 답변할 수 있습니다.")})
        if self.review.status != Status.PUBLISHED:
            raise ValidationError({"review": _("게시된 리뷰에만 답변할 수 있습니다.")})


class CompanyReplyStats(CompanyAggregate):
    """How many of a company's published reviews carry its published reply."""

    company = models.OneToOneField(
        Company, on_delete=models.CASCADE, primary_key=True, related_name="reply_stats"
    )
    count = models.PositiveIntegerField(_("게시된 기업 답변 수"), default=0)

    FIELDS = ["count"]
    DRIFT_LABEL = "replies "

    class Meta:
        verbose_name = _("기업 답변 통계")
        verbose_name_plural = _("기업 답변 통계")

    def __str__(self) -> str:
        return f"{self.company_id}: {self.count}"

    @classmethod
    def contribution(cls, reply: EmployerReply) -> int:
        return 1

    def count_in(self, contribution: int, sign: int) -> None:
        self.count += sign * contribution

    @classmethod
    def recomputed(cls) -> dict[int, CompanyReplyStats]:
        rows = (
            EmployerReply.objects.published()
            .values("company_id")
            .annotate(count=Count("id"))
            .order_by()
        )
        return {row["company_id"]: cls(**row) for row in rows}


class HelpfulVote(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("도움이 돼요")
        verbose_name_plural = _("도움이 돼요")
        constraints = [
            models.UniqueConstraint(fields=["review", "user"], name="helpful_vote_once"),
        ]

    def __str__(self) -> str:
        return f"review {self.review_id}"


# Scores over time live in their own module.
from .history import CompanyMonthlyScore  # noqa: E402, F401
