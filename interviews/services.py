"""Every write to interview experiences and their company aggregates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum

from companies.models import Company, JobCategory
from nipa_reviews.pagecache import invalidate_company
from nipa_reviews.submissions import Status, aggregate_drift, set_status
from reviews.services import decimal_of

from .models import MAX_QUESTIONS, CompanyInterviewStats, InterviewExperience, InterviewQuestion


class DuplicateInterview(ValidationError):
    """The author already shared an experience of this company for this period."""

    def __init__(self, existing: InterviewExperience):
        self.existing = existing
        super().__init__(
            f"{existing.period_label} {existing.company.name} 면접 후기를 이미 쓰셨습니다. "
            "같은 시기의 면접 후기는 하나만 쓸 수 있습니다."
        )


@dataclass(frozen=True)
class Contribution:
    """What one published experience adds to its company's aggregates."""

    difficulty: int
    atmosphere: int
    result: str

    @classmethod
    def of(cls, experience: InterviewExperience) -> Contribution:
        return cls(experience.difficulty, experience.atmosphere, experience.result)


def existing_interview(
    *, author, company: Company, year: int, half: str
) -> InterviewExperience | None:
    return (
        InterviewExperience.objects.by_author(author)
        .for_company(company)
        .filter(year=year, half=half)
        .exclude(status=Status.REJECTED)
        .select_related("company")
        .first()
    )


def _clean_questions(questions: list[str]) -> list[str]:
    questions = [q.strip() for q in questions if q and q.strip()]
    if not questions:
        raise ValidationError({"questions": "면접 질문을 하나 이상 적어 주세요."})
    if len(questions) > MAX_QUESTIONS:
        raise ValidationError({"questions": f"면접 질문은 {MAX_QUESTIONS}개까지 적을 수 있습니다."})
    return questions


def _save_questions(experience: InterviewExperience, questions: list[str]) -> None:
    rows = [
        InterviewQuestion(experience=experience, order=i, text=text)
        for i, text in enumerate(questions)
    ]
    for row in rows:
        row.full_clean(exclude=["experience"])
    experience.questions.all().delete()
    InterviewQuestion.objects.bulk_create(rows)


@transaction.atomic
def interview_submit(
    *,
    company: Company,
    author,
    year: int,
    half: str,
    level: str,
    job_category: JobCategory,
    difficulty: int,
    atmosphere: int,
    result: str,
    format: str = "",
    account: str,
    tip: str = "",
    questions: list[str],
    at: datetime | None = None,
) -> InterviewExperience:
    """A new experience with its questions, pending until a moderator publishes it."""
    get_user_model().objects.select_for_update().filter(pk=author.pk).first()
    existing = existing_interview(author=author, company=company, year=year, half=half)
    if existing is not None:
        raise DuplicateInterview(existing)
    questions = _clean_questions(questions)
    experience = InterviewExperience(
        company=company,
        author=author,
        year=year,
        half=half,
        level=level,
        job_category=job_category,
        difficulty=difficulty,
        atmosphere=atmosphere,
        result=result,
        format=format,
        account=account,
        tip=tip,
    )
    if at is not None:
        experience.created_at = at
    experience.full_clean(validate_constraints=False)
    experience.save()
    _save_questions(experience, questions)
    return experience


EDITABLE_FIELDS = [
    "year",
    "half",
    "level",
    "job_category",
    "result",
    "difficulty",
    "atmosphere",
    "format",
    "account",
    "tip",
]


@transaction.atomic
def interview_update(
    *, experience: InterviewExperience, questions: list[str] | None = None, **fields
) -> InterviewExperience:
    """Changes an experience; a published one's aggregates change with it."""
    experience = _locked(experience)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {', '.join(sorted(unknown))}")
    before = Contribution.of(experience)
    for name, value in fields.items():
        setattr(experience, name, value)
    experience.full_clean(validate_constraints=False)
    experience.save()
    if questions is not None:
        _save_questions(experience, _clean_questions(questions))
    after = Contribution.of(experience)
    if experience.is_published:
        if after != before:
            _change_stats(experience.company_id, remove=before, add=after)
        else:
            invalidate_company(experience.company_id)  # _change_stats does it otherwise
    return experience


@transaction.atomic
def interview_delete(*, experience: InterviewExperience) -> None:
    experience = _locked(experience)
    if experience.is_published:
        _change_stats(experience.company_id, remove=Contribution.of(experience))
    experience.delete()


def interview_publish(
    *, experience: InterviewExperience, moderator, at=None
) -> InterviewExperience:
    return interview_set_status(
        experience=experience, status=Status.PUBLISHED, moderator=moderator, at=at
    )


def interview_reject(
    *, experience: InterviewExperience, moderator, reason: str
) -> InterviewExperience:
    return interview_set_status(
        experience=experience, status=Status.REJECTED, moderator=moderator, reason=reason
    )


def interview_hide(
    *, experience: InterviewExperience, moderator, reason: str, **options
) -> InterviewExperience:
    return interview_set_status(
        experience=experience, status=Status.HIDDEN, moderator=moderator, reason=reason, **options
    )


@transaction.atomic
def interview_set_status(
    *, experience: InterviewExperience, status: str, moderator, reason: str = "", **options
) -> InterviewExperience:
    """Every status change of an experience; the aggregates follow in the same transaction."""
    experience = _locked(experience)
    change = set_status(experience, status, moderator=moderator, reason=reason, **options)
    if change > 0:
        _change_stats(experience.company_id, add=Contribution.of(experience))
    elif change < 0:
        _change_stats(experience.company_id, remove=Contribution.of(experience))
    return experience


def _locked(experience: InterviewExperience) -> InterviewExperience:
    return InterviewExperience.objects.select_for_update().get(pk=experience.pk)


def _change_stats(
    company_id: int, *, add: Contribution | None = None, remove: Contribution | None = None
) -> CompanyInterviewStats:
    """O(1) per change, under a row lock so parallel publishes queue up."""
    CompanyInterviewStats.objects.get_or_create(company_id=company_id)
    stats = CompanyInterviewStats.objects.select_for_update().get(company_id=company_id)
    for contribution, sign in ((add, 1), (remove, -1)):
        if contribution is None:
            continue
        stats.count += sign
        stats.sum_difficulty += sign * contribution.difficulty
        stats.sum_atmosphere += sign * contribution.atmosphere
        setattr(stats, contribution.result, getattr(stats, contribution.result) + sign)
    derive_stats(stats)
    stats.save()
    invalidate_company(company_id)
    return stats


def derive_stats(stats: CompanyInterviewStats) -> None:
    if stats.count:
        stats.difficulty = decimal_of(Fraction(stats.sum_difficulty, stats.count), "0.01")
        stats.atmosphere = decimal_of(Fraction(stats.sum_atmosphere, stats.count), "0.01")
    else:
        stats.difficulty = stats.atmosphere = None


STATS_FIELDS = [
    "count",
    "sum_difficulty",
    "sum_atmosphere",
    "passed",
    "failed",
    "pending",
    "difficulty",
    "atmosphere",
]


def recomputed_stats() -> dict[int, CompanyInterviewStats]:
    """Every company's aggregates from scratch, in one query over published experiences."""
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
        item = CompanyInterviewStats(**row)
        derive_stats(item)
        stats[item.company_id] = item
    return stats


def stats_drift() -> list[str]:
    """Each difference between the stored aggregates and those recomputed from scratch."""
    return aggregate_drift(
        expected=recomputed_stats(),
        stored={s.company_id: s for s in CompanyInterviewStats.objects.all()},
        fields=STATS_FIELDS,
        blank=lambda company_id: CompanyInterviewStats(company_id=company_id),
        what="interviews ",
    )


@transaction.atomic
def stats_rebuild() -> int:
    expected = recomputed_stats()
    rows = list(CompanyInterviewStats.objects.select_for_update())
    for stats in rows:
        fresh = expected.pop(stats.company_id, None) or CompanyInterviewStats(
            company_id=stats.company_id
        )
        for name in STATS_FIELDS:
            setattr(stats, name, getattr(fresh, name))
    CompanyInterviewStats.objects.bulk_update(rows, STATS_FIELDS)
    CompanyInterviewStats.objects.bulk_create(list(expected.values()))
    return len(rows) + len(expected)
