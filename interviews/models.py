"""Interview experiences (면접 후기) and the company aggregates computed from them.

Every state change goes through the submission services (nipa_reviews.submissions),
which keep the aggregates through `CompanyInterviewStats.change`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from fractions import Fraction

from django.core.validators import (
    MaxLengthValidator,
    MaxValueValidator,
    MinLengthValidator,
    MinValueValidator,
)
from django.db import models
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from companies.models import Company, JobCategory
from nipa_reviews.arithmetic import decimal_of, round_half_up
from nipa_reviews.pagecache import PageContentQuerySet, PageScope
from nipa_reviews.search.fields import LemmaVectorField
from nipa_reviews.submissions.models import CompanyAggregate, Status, Submission

DIFFICULTY_LABELS = {
    1: _("매우 쉬움"),
    2: _("쉬움"),
    3: _("보통"),
    4: _("다소 어려움"),
    5: _("매우 어려움"),
}
ATMOSPHERE_LABELS = {1: _("편안함"), 2: _("보통"), 3: _("긴장됨")}
MAX_QUESTIONS = 20
QUESTION_MAX_LENGTH = 300


class InterviewExperience(Submission):
    class Half(models.TextChoices):
        FIRST = "first", _("상반기")
        SECOND = "second", _("하반기")

    class Level(models.TextChoices):
        NEW = "new", _("신입")
        EXPERIENCED = "experienced", _("경력")
        INTERN = "intern", _("인턴")

    class Result(models.TextChoices):
        PASSED = "passed", _("합격")
        FAILED = "failed", _("불합격")
        PENDING = "pending", _("진행중")

    company = models.ForeignKey(
        Company,
        on_delete=models.CASCADE,
        related_name="interview_experiences",
        verbose_name=_("기업"),
    )
    year = models.PositiveSmallIntegerField(
        _("면접 연도"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    half = models.CharField(_("시기"), max_length=10, choices=Half.choices)
    level = models.CharField(_("구분"), max_length=12, choices=Level.choices)
    job_category = models.ForeignKey(JobCategory, on_delete=models.PROTECT, verbose_name=_("직무"))
    difficulty = models.PositiveSmallIntegerField(
        _("면접난이도"), choices=sorted(DIFFICULTY_LABELS.items())
    )
    atmosphere = models.PositiveSmallIntegerField(
        _("면접분위기"), choices=sorted(ATMOSPHERE_LABELS.items())
    )
    result = models.CharField(_("결과"), max_length=10, choices=Result.choices)
    format = models.CharField(
        _("면접 형태"), max_length=50, blank=True, help_text=_("예: 1:6 면접, 발표면접")
    )
    account = models.TextField(
        _("면접평가"),
        validators=[
            MinLengthValidator(20, _("면접평가를 20자 이상 적어 주세요 (지금 %(show_value)s자).")),
            MaxLengthValidator(
                3000, _("면접평가는 3,000자 이하로 적어 주세요 (지금 %(show_value)s자).")
            ),
        ],
    )
    tip = models.TextField(
        _("면접TIP"),
        blank=True,
        validators=[
            MaxLengthValidator(
                1000, _("면접TIP은 1,000자 이하로 적어 주세요 (지금 %(show_value)s자).")
            )
        ],
    )

    class Meta:
        verbose_name = pgettext_lazy("singular", "면접 후기")
        verbose_name_plural = pgettext_lazy("plural", "면접 후기")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(difficulty__gte=1) & Q(difficulty__lte=5),
                name="interview_difficulty_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(atmosphere__gte=1) & Q(atmosphere__lte=3),
                name="interview_atmosphere_1_to_3",
            ),
            # One experience per author per company per period; a rejected one can be redone.
            models.UniqueConstraint(
                fields=["author", "company", "year", "half"],
                condition=~Q(status=Status.REJECTED),
                name="interview_once_per_period",
            ),
        ]
        indexes = [
            # The interview list, the question bank and the company page's latest three.
            models.Index(
                fields=["company", "status", "-published_at", "-id"],
                name="interview_company_newest",
            ),
            # Manipulation signals: the company's recent submissions (burst, near duplicate).
            models.Index(fields=["company", "-created_at"], name="interview_company_created"),
        ]

    def __str__(self) -> str:
        return f"{self.company_id} {self.period_label}"

    @property
    def period_label(self) -> str:
        return _("%(year)s년 %(half)s") % {"year": self.year, "half": self.get_half_display()}


class InterviewQuestion(models.Model):
    experience = models.ForeignKey(
        InterviewExperience, on_delete=models.CASCADE, related_name="questions"
    )
    order = models.PositiveSmallIntegerField(_("순서"), default=0)
    text = models.CharField(_("면접질문"), max_length=QUESTION_MAX_LENGTH)
    public_id = models.UUIDField(_("공개 번호"), default=uuid.uuid4, unique=True, editable=False)
    # Its lemmas (weight A), written by the worker once the experience is published
    # (InterviewKind.analyse); NULL while it is not shown.
    search = LemmaVectorField(_("검색 색인"), null=True, editable=False)

    objects = PageContentQuerySet.as_manager()
    # The site-wide search (a list page) shows questions too.
    page_scope = PageScope(
        company="experience__company",
        lists=True,
        shown=lambda q: Submission.page_scope.shown(q.experience),
    )

    class Meta:
        verbose_name = pgettext_lazy("singular", "면접질문")
        verbose_name_plural = pgettext_lazy("plural", "면접질문")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Contribution:
    """What one published experience adds to its company's aggregates."""

    difficulty: int
    atmosphere: int
    result: str


class CompanyInterviewStats(CompanyAggregate):
    """A company's interview aggregates over published experiences."""

    company = models.OneToOneField(
        Company, on_delete=models.CASCADE, primary_key=True, related_name="interview_stats"
    )
    count = models.PositiveIntegerField(_("게시 후기 수"), default=0)
    sum_difficulty = models.PositiveBigIntegerField(default=0)
    sum_atmosphere = models.PositiveBigIntegerField(default=0)
    passed = models.PositiveIntegerField(_("합격"), default=0)
    failed = models.PositiveIntegerField(_("불합격"), default=0)
    pending = models.PositiveIntegerField(_("진행중"), default=0)
    difficulty = models.DecimalField(_("평균 난이도"), max_digits=3, decimal_places=2, null=True)
    atmosphere = models.DecimalField(_("평균 분위기"), max_digits=3, decimal_places=2, null=True)

    FIELDS = [
        "count",
        "sum_difficulty",
        "sum_atmosphere",
        "passed",
        "failed",
        "pending",
        "difficulty",
        "atmosphere",
    ]
    # Shown on the company's pages only: the lists show no interview figures.
    page_scope = PageScope(company="company")
    DRIFT_LABEL = "interviews "

    class Meta:
        verbose_name = _("기업 면접 통계")
        verbose_name_plural = _("기업 면접 통계")

    def __str__(self) -> str:
        return f"{self.company_id}: {self.count}"

    @classmethod
    def contribution(cls, experience: InterviewExperience) -> Contribution:
        return Contribution(experience.difficulty, experience.atmosphere, experience.result)

    def count_in(self, contribution: Contribution, sign: int) -> None:
        self.count += sign
        self.sum_difficulty += sign * contribution.difficulty
        self.sum_atmosphere += sign * contribution.atmosphere
        setattr(self, contribution.result, getattr(self, contribution.result) + sign)

    def derive(self) -> None:
        if self.count:
            self.difficulty = decimal_of(Fraction(self.sum_difficulty, self.count), "0.01")
            self.atmosphere = decimal_of(Fraction(self.sum_atmosphere, self.count), "0.01")
        else:
            self.difficulty = self.atmosphere = None

    @classmethod
    def recomputed(cls) -> dict[int, CompanyInterviewStats]:
        Result = InterviewExperience.Result
        rows = (
            InterviewExperience.objects.published()
            .values("company_id")
            .annotate(
                count=Count("id"),
                sum_difficulty=Sum("difficulty"),
                sum_atmosphere=Sum("atmosphere"),
                **{r.value: Count("id", filter=Q(result=r.value)) for r in Result},
            )
            .order_by()
        )
        stats = {}
        for row in rows:
            item = cls(**row)
            item.derive()
            stats[item.company_id] = item
        return stats

    @property
    def difficulty_label(self) -> str | None:
        """The label of the mean rounded half up (4.5 → 매우 어려움)."""
        if not self.count:
            return None
        return str(DIFFICULTY_LABELS[round_half_up(Fraction(self.sum_difficulty, self.count))])

    @property
    def atmosphere_label(self) -> str | None:
        if not self.count:
            return None
        return str(ATMOSPHERE_LABELS[round_half_up(Fraction(self.sum_atmosphere, self.count))])
