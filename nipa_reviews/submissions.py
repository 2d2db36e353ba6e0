"""What reviews and interview experiences share: an author who stays private, and a
moderation status that decides whether the submission shows and counts."""

from __future__ import annotations

from datetime import datetime

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


def set_status(
    submission: Submission, status: str, *, moderator, reason: str, at: datetime | None
) -> bool:
    """Moves a locked submission to `status` and saves it. Returns the change in whether it
    counts: +1 when it became published, -1 when it stopped being published, 0 otherwise.
    The caller updates its aggregates by that, in the same transaction."""
    if status != Status.PUBLISHED and not reason.strip():
        raise ValidationError({"moderation_reason": "사유를 적어 주세요. 작성자에게 전달됩니다."})
    was_published = submission.is_published
    at = at or timezone.now()
    submission.status = status
    submission.moderation_reason = reason.strip()
    submission.moderated_by = moderator
    submission.moderated_at = at
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
