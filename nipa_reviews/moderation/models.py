"""Reports (신고) on published submissions and the audit log of moderation."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from nipa_reviews.submissions.kinds import kind_of
from nipa_reviews.submissions.models import ReasonCategory

MODERATORS_GROUP = "Moderators"


class ReportQuerySet(models.QuerySet):
    def about(self, item):
        return self.filter(item_type=kind_of(item).name, item_id=item.pk)

    def open(self):
        return self.filter(status=Report.Status.OPEN)


class Report(models.Model):
    """One user's report of one published submission, of any kind."""

    class Reason(models.TextChoices):
        FALSE = "false", _("사실과 다른 내용")
        ABUSE = "abuse", _("욕설·비방")
        PERSONAL = "personal", _("개인정보 노출")
        SPAM = "spam", _("광고·도배")
        RIGHTS = "rights", _("권리 침해")
        OTHER = "other", _("기타")

    class Status(models.TextChoices):
        OPEN = "open", _("접수")
        DISMISSED = "dismissed", _("기각")
        UPHELD = "upheld", _("인용")

    # The reported submission: its kind's name and its id, as in the audit log. Deleting
    # the submission deletes its reports (moderation.apps).
    item_type = models.CharField(_("대상 종류"), max_length=20)
    item_id = models.PositiveBigIntegerField(_("대상 번호"))
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(_("신고 사유"), max_length=10, choices=Reason.choices)
    detail = models.TextField(
        _("자세한 내용"),
        blank=True,
        validators=[MaxLengthValidator(1000, _("자세한 내용은 1,000자 이하로 적어 주세요."))],
    )
    status = models.CharField(
        _("처리 상태"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(_("신고 일시"), auto_now_add=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(_("처리 일시"), null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("신고")
        verbose_name_plural = _("신고")
        ordering = ["created_at"]
        constraints = [
            # Distinct reporters: one report per user per item.
            models.UniqueConstraint(
                fields=["item_type", "item_id", "reporter"], name="report_item_once"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "created_at"], name="report_open_queue"),
            models.Index(fields=["item_type", "item_id", "status"], name="report_item_status"),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()}: {self.item_type} {self.item_id}"


class AuditEntry(models.Model):
    """Who did what to which item, and why. No foreign key to the item: the entry stays
    when the item is deleted."""

    class Action(models.TextChoices):
        PUBLISH = "publish", _("게시")
        REJECT = "reject", _("반려")
        HIDE = "hide", _("숨김")
        RESTORE = "restore", _("복원")
        TAKEDOWN = "takedown", _("임시조치")
        TAKEDOWN_REMOVE = "takedown_remove", _("임시조치 후 삭제")
        AUTO_HIDE = "auto_hide", _("신고 누적 자동 숨김")
        REPORTS_DISMISSED = "reports_dismissed", _("신고 기각")
        REPORTS_UPHELD = "reports_upheld", _("신고 인용")
        HIGHLIGHT = "highlight", _("하이라이트 지정")
        TAKEDOWN_EXPIRED = "takedown_expired", _("임시조치 기한 만료로 복원")
        REDACT = "redact", _("가림 처리")

    # Null means the system (an automatic hide, an expired 임시조치).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("처리자"),
    )
    action = models.CharField(_("조치"), max_length=20, choices=Action.choices)
    item_type = models.CharField(_("대상 종류"), max_length=20)
    item_id = models.PositiveBigIntegerField(_("대상 번호"))
    item_summary = models.CharField(_("대상"), max_length=200)
    reason = models.TextField(_("사유"), blank=True)
    category = models.CharField(
        _("사유 분류"), max_length=10, choices=ReasonCategory.choices, blank=True
    )
    created_at = models.DateTimeField(_("일시"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("검수 기록")
        verbose_name_plural = _("검수 기록")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.item_type} {self.item_id}"


class Redaction(models.Model):
    """가림 처리: a passage a moderator replaced in a submission's text. The original passage
    is kept here for superusers only (the admin shows this table to nobody else); the
    audit log says who, when and why, never what."""

    item_type = models.CharField(_("대상 종류"), max_length=20)
    item_id = models.PositiveBigIntegerField(_("대상 번호"))
    field = models.CharField(_("항목"), max_length=40)
    original = models.TextField(_("가린 원문"))
    reason = models.CharField(_("사유"), max_length=100)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("처리자"),
    )
    created_at = models.DateTimeField(_("일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("가림 처리")
        verbose_name_plural = _("가림 처리")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["item_type", "item_id"], name="redaction_item")]

    def __str__(self) -> str:
        return f"{self.item_type} {self.item_id}: {self.reason}"
