"""Transparency figures (투명성 지표): how many submissions each company received and what
moderation made of them, as stored counts, never content.

One row counts one kind's submissions to one company that were submitted in one month
(Korean time) and are now in one moderation state. The submission services move an item
between rows in the transaction that changes its state (`change`), so pages read a few
stored rows and never aggregate over submissions; `recomputed()` gives every row from
scratch for `verify_scores`.

Counting by month of submission and current state, rather than by the month of each
moderation event, is what lets the figures be recomputed from the submissions alone: a
review submitted in March and hidden in May counts as "March, hidden". A deleted
submission leaves the figures with it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.db import models, transaction
from django.db.models import BooleanField, Count, DateField, ExpressionWrapper, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nipa_reviews.pagecache import PageContentQuerySet, PageScope
from nipa_reviews.submissions.kinds import kinds
from nipa_reviews.submissions.models import ReasonCategory, Status, Submission

Bucket = tuple[date, str, str]  # (month, state, category)


class State(models.TextChoices):
    PENDING = "pending", _("검수중")
    PUBLISHED = "published", _("게시")
    REJECTED = "rejected", _("반려")
    HIDDEN = "hidden", _("숨김")
    REPORTS = "reports", _("신고 누적 자동 숨김")
    TAKEDOWN = "takedown", _("임시조치")


def month_of(moment) -> date:
    return timezone.localtime(moment).date().replace(day=1)


def state_of(*, status: str, by_reports: bool, takedown: bool) -> str:
    """A hidden item under 임시조치 or hidden by reports waits for a moderator: counted
    apart from what a moderator hid with a reason."""
    if status == Status.HIDDEN and takedown:
        return State.TAKEDOWN
    if status == Status.HIDDEN and by_reports:
        return State.REPORTS
    return str(status)


def months_back(count: int, *, today: date | None = None) -> list[date]:
    """The first days of the last `count` months, this one last."""
    month = (today or timezone.localdate()).replace(day=1)
    months = []
    for _i in range(count):
        months.append(month)
        month = (month - timedelta(days=1)).replace(day=1)
    return months[::-1]


class ModerationTally(models.Model):
    kind = models.CharField(_("종류"), max_length=20)
    company = models.ForeignKey(
        "companies.Company",
        on_delete=models.CASCADE,
        related_name="moderation_tallies",
        verbose_name=_("기업"),
    )
    month = models.DateField(_("접수 월"))
    state = models.CharField(_("현재 상태"), max_length=10, choices=State.choices)
    # Why a moderator rejected or hid them; blank for the other states.
    category = models.CharField(
        _("사유 분류"), max_length=10, choices=ReasonCategory.choices, blank=True
    )
    count = models.IntegerField(_("건수"), default=0)

    objects = PageContentQuerySet.as_manager()
    # The company page's transparency box shows these rows. A pending submission changes
    # no cached page (tests/test_invalidation.py), so its count reaches the box with the
    # company's next change that shows: a publish, a rejection, a hide.
    page_scope = PageScope(company="company", shown=lambda row: row.state != State.PENDING)

    class Meta:
        verbose_name = _("투명성 집계")
        verbose_name_plural = _("투명성 집계")
        constraints = [
            models.UniqueConstraint(
                fields=["company", "kind", "month", "state", "category"],
                name="moderation_tally_one_row",
            )
        ]
        # The site-wide page sums every company's rows by month.
        indexes = [models.Index(fields=["month", "kind"], name="moderation_tally_month")]

    def __str__(self) -> str:
        return f"{self.company_id} {self.kind} {self.month:%Y.%m} {self.state} {self.count}"

    @staticmethod
    def bucket(item: Submission) -> Bucket:
        """Where one submission counts now."""
        state = state_of(
            status=item.status,
            by_reports=item.hidden_by_reports,
            takedown=item.takedown_until is not None,
        )
        category = item.moderation_category if state in (State.REJECTED, State.HIDDEN) else ""
        return month_of(item.created_at), state, category or ""

    @classmethod
    def change(
        cls, kind: str, company_id: int, *, add: Bucket | None = None, remove: Bucket | None = None
    ) -> None:
        """Moves one submission between rows, each locked so parallel moderation of one
        company's submissions queues up instead of losing a count. The two rows are
        locked in one order (by bucket) whichever way an item moves, so a hide and a
        restore running together cannot deadlock."""
        sides = sorted(
            (bucket, sign) for bucket, sign in ((remove, -1), (add, 1)) if bucket is not None
        )
        for (month, state, category), sign in sides:
            row, created = (
                cls.objects.select_for_update(of=("self",))
                .select_related("company")
                .get_or_create(
                    company_id=company_id,
                    kind=kind,
                    month=month,
                    state=state,
                    category=category,
                    defaults={"count": sign},
                )
            )
            if not created:
                row.count += sign
                row.save(update_fields=["count"])

    @classmethod
    def recomputed(cls) -> dict[tuple, int]:
        """Every non-zero count from scratch: one GROUP BY per kind, in SQL."""
        counts: dict[tuple, int] = {}
        for kind in kinds():
            rows = (
                kind.model.objects.order_by()
                .annotate(month=TruncMonth("created_at", output_field=DateField()))
                .values(
                    "company_id",
                    "month",
                    "status",
                    "moderation_category",
                    "hidden_by_reports",
                    takedown=ExpressionWrapper(
                        Q(takedown_until__isnull=False), output_field=BooleanField()
                    ),
                )
                .annotate(n=Count("pk"))
            )
            for row in rows:
                state = state_of(
                    status=row["status"],
                    by_reports=row["hidden_by_reports"],
                    takedown=bool(row["takedown"]),
                )
                category = (
                    row["moderation_category"] if state in (State.REJECTED, State.HIDDEN) else ""
                )
                key = (row["company_id"], kind.name, row["month"], state, category or "")
                counts[key] = counts.get(key, 0) + row["n"]
        return counts

    @classmethod
    def stored(cls) -> dict[tuple, int]:
        rows = cls.objects.exclude(count=0).values_list(
            "company_id", "kind", "month", "state", "category", "count"
        )
        return {tuple(row[:5]): row[5] for row in rows}

    @classmethod
    def drift(cls) -> list[str]:
        expected, stored = cls.recomputed(), cls.stored()
        return [
            f"company {key[0]}: transparency {key[1]} {key[2]:%Y-%m} {key[3]} {key[4]} "
            f"stored {stored.get(key, 0)}, recomputed {expected.get(key, 0)}"
            for key in sorted(set(expected) | set(stored), key=str)
            if stored.get(key, 0) != expected.get(key, 0)
        ]

    @classmethod
    @transaction.atomic
    def rebuild(cls) -> int:
        """Replaces every row with the recomputed counts; returns how many it wrote."""
        expected = cls.recomputed()
        cls.objects.all().delete()
        cls.objects.bulk_create(
            [
                cls(
                    company_id=company_id,
                    kind=kind,
                    month=month,
                    state=state,
                    category=category,
                    count=count,
                )
                for (company_id, kind, month, state, category), count in expected.items()
            ],
            batch_size=1000,
        )
        return len(expected)


def figures(rows: Iterable[dict], field: str = "n") -> dict:
    """The shown figures from rows of (kind, state, category, `field`): reviews submitted,
    published, still waiting, rejected and hidden by a moderator (each by reason category
    too), hidden by reports, under 임시조치, and published 기업 답변."""
    result = {
        "submitted": 0,
        "published": 0,
        "pending": 0,
        "rejected": 0,
        "hidden": 0,
        "reports": 0,
        "takedown": 0,
        "replies": 0,
        "rejected_by": dict.fromkeys(ReasonCategory.values, 0),
        "hidden_by": dict.fromkeys(ReasonCategory.values, 0),
    }
    for row in rows:
        n = row[field] or 0
        if row["kind"] == "reply":
            if row["state"] == State.PUBLISHED:
                result["replies"] += n
            continue
        if row["kind"] != "review":
            continue
        result["submitted"] += n
        result[row["state"]] += n
        if row["state"] in (State.REJECTED, State.HIDDEN) and row["category"]:
            result[f"{row['state']}_by"][row["category"]] += n
    return result


def company_figures(company_id: int, *, months: int = 12) -> dict:
    """The company's figures over its reviews submitted in the last `months` months and
    over all time: one query over its stored rows, never over submissions."""
    since = months_back(months)[0]
    rows = list(
        ModerationTally.objects.filter(company_id=company_id)
        .values("kind", "state", "category")
        .annotate(recent=Sum("count", filter=Q(month__gte=since)), all_time=Sum("count"))
        .order_by()
    )
    return {
        "since": since,
        "recent": figures(rows, "recent"),
        "all_time": figures(rows, "all_time"),
    }


def site_figures(*, months: int = 12) -> list[dict]:
    """Every company's figures by month of submission, the last `months` months, oldest
    first: one query over the stored rows."""
    wanted = months_back(months)
    rows = (
        ModerationTally.objects.filter(month__gte=wanted[0], kind__in=["review", "reply"])
        .values("month", "kind", "state", "category")
        .annotate(n=Sum("count"))
        .order_by()
    )
    by_month: dict[date, list[dict]] = {month: [] for month in wanted}
    for row in rows:
        by_month.setdefault(row["month"], []).append(row)
    return [{"month": month, **figures(by_month[month])} for month in wanted]


# The figures' rows on the pages, in order.
FIGURES = [
    ("submitted", _("접수된 리뷰")),
    ("published", _("게시")),
    ("pending", _("검수중")),
    ("rejected", _("반려")),
    ("hidden", _("운영자가 숨김")),
    ("reports", _("신고 누적으로 숨김 (운영자 결정 전)")),
    ("takedown", _("임시조치 중")),
    ("replies", _("기업 답변 게시")),
]


def table(*columns: dict) -> list[dict]:
    """Rows of (label, one count per column) in FIGURES' order; after 반려 and 숨김 one
    row per reason category that any column counts."""
    rows = []
    for key, label in FIGURES:
        rows.append({"label": label, "counts": [column[key] for column in columns]})
        if key in ("rejected", "hidden"):
            for value, reason in ReasonCategory.choices:
                counts = [column[f"{key}_by"][value] for column in columns]
                if any(counts):
                    rows.append({"label": reason, "counts": counts, "reason": True})
    return rows
