"""What every kind of submission shares: an author who stays private, a moderation status
that decides whether the submission shows and counts, and the per-company aggregate its
published submissions add up to."""

from __future__ import annotations

import uuid
from collections.abc import Hashable
from datetime import datetime
from typing import ClassVar

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nipa_reviews.pagecache import PageContentQuerySet, PageScope


class Status(models.TextChoices):
    PENDING = "pending", _("검수중")
    PUBLISHED = "published", _("게시")
    REJECTED = "rejected", _("반려")
    HIDDEN = "hidden", _("숨김")


class ReasonCategory(models.TextChoices):
    """Why a moderator rejected or hid a submission: counted in the transparency figures."""

    ABUSE = "abuse", _("욕설·비방")
    PERSONAL = "personal", _("개인정보 노출")
    FALSE = "false", _("허위 의심")
    PROMOTION = "promotion", _("광고·홍보")
    DUPLICATE = "duplicate", _("중복")
    OTHER = "other", _("기타")


class SubmissionQuerySet(PageContentQuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def for_company(self, company):
        return self.filter(company=company)

    def by_author(self, user):
        return self.filter(author=user)


class Submission(models.Model):
    """Abstract: a user's submission about a company, waiting for a moderator."""

    Status = Status

    # How pages, URLs and the API address it: random, so that two of one author's
    # submissions carry nothing that links them (the primary key counts up).
    public_id = models.UUIDField(_("공개 번호"), default=uuid.uuid4, unique=True, editable=False)
    # Private: never rendered on a public page or in the API (PRODUCT.md, anonymity).
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("작성자"),
    )
    status = models.CharField(
        _("상태"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    moderation_reason = models.TextField(_("검수 사유"), blank=True)
    moderation_category = models.CharField(
        _("검수 사유 분류"), max_length=10, choices=ReasonCategory.choices, blank=True
    )
    # Whether the author held a valid 재직 인증 at this company when submitting: copied
    # then, not a link to the record, so it stays when the record expires or goes.
    verified = models.BooleanField(_("재직 인증"), default=False, editable=False)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("검수자"),
    )
    moderated_at = models.DateTimeField(_("검수 일시"), null=True, blank=True)
    published_at = models.DateTimeField(_("게시 일시"), null=True, blank=True)
    # 임시조치 (Information Network Act art. 44-2): hidden on a rights-holder's claim until
    # a moderator decides, at the latest by this date.
    takedown_until = models.DateField(_("임시조치 결정 기한"), null=True, blank=True)
    # Hidden automatically by distinct users' reports, until a moderator decides.
    hidden_by_reports = models.BooleanField(_("신고 누적 자동 숨김"), default=False)
    created_at = models.DateTimeField(_("작성 일시"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("수정 일시"), auto_now=True)
    # Manipulation signals found when it arrived ([{"code", "reason"}], see signals.py):
    # shown to moderators, never acted on. The count is stored to sort the queue by it.
    signals = models.JSONField(_("조작 의심 신호"), default=list, blank=True, editable=False)
    signal_count = models.PositiveSmallIntegerField(_("신호 수"), default=0, editable=False)

    objects = SubmissionQuerySet.as_manager()
    # A submission shows on its company's pages while published; hiding one changes them
    # too. Pending and rejected ones show nowhere.
    page_scope = PageScope(
        company="company",
        lists=True,
        shown=lambda item: item.status in (Status.PUBLISHED, Status.HIDDEN),
    )

    class Meta:
        abstract = True

    @property
    def is_editable(self) -> bool:
        """Its author may change it only while it waits for a moderator."""
        return self.status == Status.PENDING

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED


class CompanyAggregate(models.Model):
    """Abstract: a company's stored aggregate over one kind's published submissions
    (scores, interview statistics). It changes O(1) per submission, under a row lock, in
    the transaction of the change; `recomputed()` gives it from scratch for drift checks
    and rebuilds. A subclass declares `company` (a one-to-one primary key) and FIELDS."""

    # The stored fields that drift compares and rebuild writes.
    FIELDS: ClassVar[list[str]] = []
    DRIFT_LABEL: ClassVar[str] = ""

    objects = PageContentQuerySet.as_manager()
    page_scope = PageScope(company="company", lists=True)

    class Meta:
        abstract = True

    @classmethod
    def contribution(cls, item) -> Hashable:
        """What one published submission adds: compared before and after an edit."""
        raise NotImplementedError

    def count_in(self, contribution, sign: int) -> None:
        """Adds (sign 1) or removes (sign -1) one contribution to the stored sums."""
        raise NotImplementedError

    def derive(self) -> None:
        """Fills the derived fields from the sums (no query)."""

    @classmethod
    def recomputed(cls) -> dict[int, CompanyAggregate]:
        """Every company's aggregate from scratch, in SQL over published submissions."""
        raise NotImplementedError

    @classmethod
    def change(cls, company_id: int, *, add=None, remove=None, at: datetime | None = None):
        """Adds and removes one submission's contribution; returns the saved row.

        The row is locked, so parallel publishes to one company queue up instead of
        overwriting each other's sums."""
        rows = cls.objects.select_for_update(of=("self",)).select_related("company")
        row, _ = rows.get_or_create(company_id=company_id)
        for contribution, sign in ((add, 1), (remove, -1)):
            if contribution is not None:
                row.count_in(contribution, sign)
        row.derive()
        row.changed_at(at or timezone.now())
        row.save()
        return row

    def changed_at(self, at: datetime) -> None:
        """A hook for what a change records besides the sums (the scores' as-of date)."""

    @classmethod
    def drift(cls, expected: dict[int, CompanyAggregate] | None = None) -> list[str]:
        """Each difference between the stored rows and those recomputed from scratch
        (`expected`, when the caller has them already); a company missing on either side
        compares as an empty row."""
        return row_drift(
            expected=cls.recomputed() if expected is None else expected,
            stored={row.company_id: row for row in cls.objects.all()},
            fields=cls.FIELDS,
            blank=lambda company_id: cls(company_id=company_id),
            where=lambda company_id: f"company {company_id}: {cls.DRIFT_LABEL}",
        )

    @classmethod
    @transaction.atomic
    def rebuild(cls, expected: dict[int, CompanyAggregate] | None = None) -> int:
        """Writes the recomputed rows (`expected`, when the caller has them already);
        returns how many rows it wrote."""
        expected = dict(cls.recomputed() if expected is None else expected)
        rows = list(cls.objects.select_for_update())
        for row in rows:
            fresh = expected.pop(row.company_id, None) or cls(company_id=row.company_id)
            for name in cls.FIELDS:
                setattr(row, name, getattr(fresh, name))
            row.rebuilt_from(fresh)
        cls.objects.bulk_update(rows, [*cls.FIELDS, *cls.REBUILD_EXTRA], batch_size=1000)
        for row in expected.values():
            row.rebuilt_from(row)
        cls.objects.bulk_create(list(expected.values()), batch_size=1000)
        return len(rows) + len(expected)

    # Fields besides FIELDS that `rebuilt_from` may set.
    REBUILD_EXTRA: ClassVar[list[str]] = []

    def rebuilt_from(self, fresh: CompanyAggregate) -> None:
        """A hook: what a rebuilt row keeps or takes besides FIELDS."""


def row_drift(*, expected: dict, stored: dict, fields, blank, where) -> list[str]:
    """Each field that differs between stored rows and rows recomputed from scratch, by
    key; a row missing on either side compares as `blank(key)`, and `where(key)` starts
    each line."""
    drift = []
    for key in sorted(set(expected) | set(stored)):
        want = expected.get(key) or blank(key)
        have = stored.get(key) or blank(key)
        for name in fields:
            if getattr(have, name) != getattr(want, name):
                drift.append(
                    f"{where(key)}{name} stored {getattr(have, name)}, "
                    f"recomputed {getattr(want, name)}"
                )
    return drift
