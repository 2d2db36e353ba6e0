"""What reviews and interview experiences share: an author who stays private, and a
moderation status that decides whether the submission shows and counts."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone


class Status(models.TextChoices):
    PENDING = "pending", "검수중"
    PUBLISHED = "published", "게시"
    REJECTED = "rejected", "반려"
    HIDDEN = "hidden", "숨김"


class SubmissionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def for_company(self, company):
        return self.filter(company=company)

    def by_author(self, user):
        return self.filter(author=user)


class Submission(models.Model):
    """Abstract: a user's submission about a company, waiting for a moderator."""

    Status = Status

    # Private: never rendered on a public page or in the API (PRODUCT.md, anonymity).
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="작성자",
    )
    status = models.CharField("상태", max_length=10, choices=Status.choices, default=Status.PENDING)
    moderation_reason = models.TextField("검수 사유", blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="검수자",
    )
    moderated_at = models.DateTimeField("검수 일시", null=True, blank=True)
    published_at = models.DateTimeField("게시 일시", null=True, blank=True)
    # 임시조치 (Information Network Act art. 44-2): hidden on a rights-holder's claim until
    # a moderator decides, at the latest by this date.
    takedown_until = models.DateField("임시조치 결정 기한", null=True, blank=True)
    # Hidden automatically by distinct users' reports, until a moderator decides.
    hidden_by_reports = models.BooleanField("신고 누적 자동 숨김", default=False)
    created_at = models.DateTimeField("작성 일시", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("수정 일시", auto_now=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_editable(self) -> bool:
        """Its author may change it only while it waits for a moderator."""
        return self.status == Status.PENDING

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED


# The statuses each target status may be reached from.
ALLOWED_FROM = {
    Status.PUBLISHED: {Status.PENDING, Status.HIDDEN},
    Status.REJECTED: {Status.PENDING},
    Status.HIDDEN: {Status.PUBLISHED, Status.HIDDEN},
}
TAKEDOWN_MAX_DAYS = 30


def set_status(
    submission: Submission,
    status: str,
    *,
    moderator,
    reason: str,
    at: datetime | None = None,
    takedown_until: date | None = None,
    by_reports: bool = False,
) -> int:
    """Moves a locked submission to `status` and saves it. Returns the change in whether it
    counts: +1 when it became published, -1 when it stopped being published, 0 otherwise;
    the caller updates its aggregates by that, in the same transaction.

    Hiding a hidden submission again is how a temporary takedown is decided or extended.
    """
    if status != Status.PUBLISHED and not reason.strip():
        raise ValidationError({"moderation_reason": "사유를 적어 주세요. 작성자에게 전달됩니다."})
    if submission.status not in ALLOWED_FROM[status]:
        raise ValidationError(
            f"{submission.get_status_display()} 상태의 글은 {Status(status).label} 처리할 수 없습니다."
        )
    at = at or timezone.now()
    if takedown_until is not None:
        today = timezone.localdate(at)
        if not today <= takedown_until <= today + timedelta(days=TAKEDOWN_MAX_DAYS):
            raise ValidationError(
                {
                    "takedown_until": f"임시조치 기한은 오늘부터 {TAKEDOWN_MAX_DAYS}일 안이어야 합니다."
                }
            )
    was_published = submission.is_published
    submission.status = status
    submission.moderation_reason = reason.strip()
    submission.moderated_by = moderator
    submission.moderated_at = at
    submission.takedown_until = takedown_until
    submission.hidden_by_reports = by_reports
    if status == Status.PUBLISHED:
        submission.published_at = at
    submission.save()
    return int(submission.is_published) - int(was_published)


def aggregate_drift(
    *, expected: dict, stored: dict, fields: list[str], blank, what: str
) -> list[str]:
    """Compares stored per-company aggregates with ones recomputed from scratch; a company
    missing on either side compares as `blank(company_id)`."""
    drift = []
    for company_id in sorted(set(expected) | set(stored)):
        want = expected.get(company_id) or blank(company_id)
        have = stored.get(company_id) or blank(company_id)
        for name in fields:
            if getattr(have, name) != getattr(want, name):
                drift.append(
                    f"company {company_id}: {what}{name} stored {getattr(have, name)}, "
                    f"recomputed {getattr(want, name)}"
                )
    return drift
