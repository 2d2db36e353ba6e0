"""Employee reviews, the company scores computed from them, and what readers do with them.

Every state change goes through `reviews.services`; nothing here updates a score.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinLengthValidator
from django.db import models
from django.db.models import F, Q

from companies.models import Company, JobCategory
from nipa_reviews.submissions import Submission

# The five categories, in the report's order: (key, label). Canonical keys, PRODUCT.md.
CATEGORIES = [
    ("culture", "조직문화/분위기"),
    ("pay_benefits", "연봉/복지"),
    ("career", "커리어/성장"),
    ("work_life", "근무시간/휴가"),
    ("leadership", "경영진/비전"),
]
CATEGORY_KEYS = [key for key, _ in CATEGORIES]

TEXT_MIN, TEXT_MAX = 30, 3000


def round_half_up(value: Fraction) -> int:
    """82.5 → 83, exactly (Python's round() would give 82; floats would drift)."""
    return (2 * value.numerator + value.denominator) // (2 * value.denominator)


def text_validators(label: str) -> list:
    return [
        MinLengthValidator(
            TEXT_MIN, f"{label}을 {TEXT_MIN}자 이상 적어 주세요 (지금 %(show_value)s자)."
        ),
        MaxLengthValidator(
            TEXT_MAX, f"{label}은 {TEXT_MAX:,}자 이하로 적어 주세요 (지금 %(show_value)s자)."
        ),
    ]


class Review(Submission):
    class EmploymentStatus(models.TextChoices):
        CURRENT = "current", "현직자"
        FORMER = "former", "전직자"

    RATING_CHOICES = [(i, f"{i}점") for i in range(1, 6)]

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="reviews", verbose_name="기업"
    )
    employment_status = models.CharField(
        "재직 상태", max_length=10, choices=EmploymentStatus.choices
    )
    job_category = models.ForeignKey(JobCategory, on_delete=models.PROTECT, verbose_name="직무")
    culture = models.PositiveSmallIntegerField("조직문화/분위기", choices=RATING_CHOICES)
    pay_benefits = models.PositiveSmallIntegerField("연봉/복지", choices=RATING_CHOICES)
    career = models.PositiveSmallIntegerField("커리어/성장", choices=RATING_CHOICES)
    work_life = models.PositiveSmallIntegerField("근무시간/휴가", choices=RATING_CHOICES)
    leadership = models.PositiveSmallIntegerField("경영진/비전", choices=RATING_CHOICES)
    rating_sum = models.GeneratedField(
        expression=F("culture")
        + F("pay_benefits")
        + F("career")
        + F("work_life")
        + F("leadership"),
        output_field=models.PositiveSmallIntegerField(),
        db_persist=True,
    )
    title = models.CharField("한 줄 요약", max_length=100)
    pros = models.TextField("장점", validators=text_validators("장점"))
    cons = models.TextField("단점", validators=text_validators("단점"))
    advice = models.TextField(
        "경영진에게 바라는 점",
        blank=True,
        validators=[
            MaxLengthValidator(
                TEXT_MAX,
                f"경영진에게 바라는 점은 {TEXT_MAX:,}자 이하로 적어 주세요 (지금 %(show_value)s자).",
            )
        ],
    )
    helpful_count = models.PositiveIntegerField("도움이 돼요", default=0)

    class Meta:
        verbose_name = "현직자 리뷰"
        verbose_name_plural = "현직자 리뷰"
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
            # The home page's latest published reviews, across companies.
            models.Index(fields=["status", "-published_at", "-id"], name="review_latest"),
            models.Index(fields=["author", "company", "-created_at"], name="review_author_company"),
        ]

    def __str__(self) -> str:
        return self.title

    def ratings(self) -> list[tuple[str, str, int]]:
        return [(key, label, getattr(self, key)) for key, label in CATEGORIES]


class CompanyScore(models.Model):
    """A company's stored scores: sums and a count updated O(1) per change, and the
    scores derived from them (PRODUCT.md, scoring rules)."""

    company = models.OneToOneField(
        Company, on_delete=models.CASCADE, primary_key=True, related_name="score"
    )
    review_count = models.PositiveIntegerField("게시 리뷰 수", default=0)
    sum_culture = models.PositiveBigIntegerField(default=0)
    sum_pay_benefits = models.PositiveBigIntegerField(default=0)
    sum_career = models.PositiveBigIntegerField(default=0)
    sum_work_life = models.PositiveBigIntegerField(default=0)
    sum_leadership = models.PositiveBigIntegerField(default=0)
    culture = models.DecimalField("조직문화/분위기", max_digits=5, decimal_places=2, null=True)
    pay_benefits = models.DecimalField("연봉/복지", max_digits=5, decimal_places=2, null=True)
    career = models.DecimalField("커리어/성장", max_digits=5, decimal_places=2, null=True)
    work_life = models.DecimalField("근무시간/휴가", max_digits=5, decimal_places=2, null=True)
    leadership = models.DecimalField("경영진/비전", max_digits=5, decimal_places=2, null=True)
    total = models.DecimalField("총 만족도 점수", max_digits=5, decimal_places=2, null=True)
    as_of = models.DateField("기준일", null=True)

    class Meta:
        verbose_name = "기업 점수"
        verbose_name_plural = "기업 점수"

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


@dataclass(frozen=True)
class ScoreLine:
    key: str
    label: str
    points: int


class Highlight(models.Model):
    """A quote from a published review, chosen by a moderator for the company page."""

    class Kind(models.TextChoices):
        POSITIVE = "positive", "긍정적평가"
        NEGATIVE = "negative", "부정적평가"

    MAX_LENGTH = 60

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="highlights")
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="highlights")
    kind = models.CharField("구분", max_length=10, choices=Kind.choices)
    text = models.CharField("인용문", max_length=MAX_LENGTH)
    order = models.PositiveSmallIntegerField("순서", default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "하이라이트"
        verbose_name_plural = "하이라이트"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text

    def clean(self):
        if self.review_id is None:
            return
        source = self.review.pros if self.kind == self.Kind.POSITIVE else self.review.cons
        if self.text and self.text not in source:
            where = "장점" if self.kind == self.Kind.POSITIVE else "단점"
            raise ValidationError(
                {"text": f"인용문은 리뷰의 {where}에 있는 문장 그대로여야 합니다."}
            )
        if self.review.status != Review.Status.PUBLISHED:
            raise ValidationError({"review": "게시된 리뷰에서만 하이라이트를 고를 수 있습니다."})


class HelpfulVote(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "도움이 돼요"
        verbose_name_plural = "도움이 돼요"
        constraints = [
            models.UniqueConstraint(fields=["review", "user"], name="helpful_vote_once"),
        ]

    def __str__(self) -> str:
        return f"review {self.review_id}"
