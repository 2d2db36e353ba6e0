"""Moderation of every kind of submission: each action goes through the submission
services (so aggregates move at once), is audited, and tells the author. Nothing here
names a kind; each kind's declaration (nipa_reviews.submissions.kinds) says what differs."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from nipa_reviews.submissions import services as submissions
from nipa_reviews.submissions.kinds import kind_named, kind_of, kinds
from nipa_reviews.submissions.models import ReasonCategory, Status, Submission

from .models import AuditEntry, Redaction, Report

Action = AuditEntry.Action

# Each moderator action: the status it moves the item to.
ACTION_STATUS = {
    Action.PUBLISH: Status.PUBLISHED,
    Action.RESTORE: Status.PUBLISHED,
    Action.REJECT: Status.REJECTED,
    Action.HIDE: Status.HIDDEN,
    Action.TAKEDOWN: Status.HIDDEN,
    Action.TAKEDOWN_REMOVE: Status.HIDDEN,
}


# The actions that say why in a category too (the transparency figures count them).
CATEGORISED = {Action.REJECT, Action.HIDE, Action.TAKEDOWN_REMOVE}


def item_label(item: Submission) -> str:
    return kind_of(item).label


def audit(
    item: Submission, action: str, *, actor, reason: str = "", category: str = ""
) -> AuditEntry:
    """One line of the audit log; it names the item by kind and id, with no link to it."""
    kind = kind_of(item)
    return AuditEntry.objects.create(
        actor=actor,
        action=action,
        item_type=kind.name,
        item_id=item.pk,
        item_summary=kind.summary(item),
        reason=reason,
        category=category,
    )


@transaction.atomic
def moderate(
    *,
    item: Submission,
    action: str,
    moderator,
    reason: str = "",
    category: str = "",
    takedown_until: date | None = None,
) -> bool:
    """One moderator action on one item. Returns False when the item is already in the
    state the action leads to (nothing to do); raises ValidationError when the action does
    not apply to the item's state or lacks its reason (and, to reject or hide, its reason
    category). The item's state is read locked, not from the caller's copy."""
    item = submissions.locked(item)
    status = ACTION_STATUS[action]
    if action in CATEGORISED and category not in ReasonCategory.values:
        raise ValidationError({"category": _("사유 분류를 골라 주세요.")})
    if action == Action.TAKEDOWN and takedown_until is None:
        raise ValidationError({"takedown_until": _("임시조치 결정 기한을 정해 주세요 (30일 안).")})
    if action == Action.RESTORE and item.status != Status.HIDDEN:
        raise ValidationError(
            _("숨김 상태의 글만 복원할 수 있습니다 (%(what)s %(id)s).")
            % {"what": item_label(item), "id": item.pk}
        )
    if action == Action.TAKEDOWN_REMOVE and item.takedown_until is None:
        raise ValidationError(
            _("임시조치 중인 글이 아닙니다 (%(what)s %(id)s).")
            % {"what": item_label(item), "id": item.pk}
        )
    if item.status == status and action in (Action.PUBLISH, Action.REJECT, Action.HIDE):
        return False
    item = submissions.set_status(
        item=item,
        status=status,
        moderator=moderator,
        reason=reason,
        category=category,
        takedown_until=takedown_until,
    )
    audit(item, action, actor=moderator, reason=reason, category=category)
    if action in (Action.PUBLISH, Action.REJECT):
        _notify_author(item, action)
    return True


@transaction.atomic
def moderate_many(*, items, action: str, moderator, reason: str = "", **options) -> int:
    """The same action on every item, all or nothing; returns how many changed."""
    changed = 0
    for item in items:
        try:
            changed += moderate(
                item=item, action=action, moderator=moderator, reason=reason, **options
            )
        except ValidationError as error:
            raise ValidationError(
                _("%(what)s %(id)s: %(errors)s 아무것도 바꾸지 않았습니다.")
                % {"what": item_label(item), "id": item.pk, "errors": " ".join(error.messages)}
            ) from error
    return changed


def _notify_author(item: Submission, action: str) -> None:
    # In the site's language, not the moderator's: we do not know the author's.
    with translation.override(settings.LANGUAGE_CODE):
        what = item_label(item)
        summary = kind_of(item).summary(item)
        if action == Action.PUBLISH:
            subject = _("작성하신 %(what)s가 게시되었습니다") % {"what": what}
            body = _("%(summary)s\n\n검수를 마치고 게시했습니다. 고맙습니다.") % {
                "summary": summary
            }
        else:
            subject = _("작성하신 %(what)s가 반려되었습니다") % {"what": what}
            body = _("%(summary)s\n\n반려 사유: %(reason)s\n\n내 활동에서 다시 쓸 수 있습니다.") % {
                "summary": summary,
                "reason": item.moderation_reason,
            }
    _tell_author(item, subject, body)


def _tell_author(item: Submission, subject: str, body: str) -> None:
    """An email to the item's author, sent only if the moderation commits: a rolled-back
    bulk action tells nobody. Demo accounts and authors who left get none."""
    author = item.author
    if author is None or author.email.endswith("@demo.invalid"):
        return
    transaction.on_commit(
        lambda: send_mail(
            f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
            body,
            settings.DEFAULT_FROM_EMAIL,
            [author.email],
        )
    )


# --- Reports ----------------------------------------------------------------------------


@transaction.atomic
def report_submit(*, item: Submission, reporter, reason: str, detail: str = "") -> Report:
    """A user's report; enough distinct reporters hide the item until a moderator decides."""
    item = type(item).objects.select_for_update().select_related("company").get(pk=item.pk)
    if not item.is_published:
        raise PermissionDenied(_("게시된 글만 신고할 수 있습니다."))
    if item.author_id == reporter.pk:
        raise PermissionDenied(_("내가 쓴 글은 신고할 수 없습니다."))
    if Report.objects.about(item).filter(reporter=reporter).exists():
        raise ValidationError(_("이미 신고한 글입니다. 운영자가 검토하고 있습니다."))
    report = Report(
        item_type=kind_of(item).name,
        item_id=item.pk,
        reporter=reporter,
        reason=reason,
        detail=detail,
    )
    report.full_clean(validate_constraints=False)
    report.save()
    open_reports = Report.objects.about(item).open().count()
    if open_reports >= settings.REPORT_AUTOHIDE_THRESHOLD:
        # Stored text (the item's reason, the audit log): in the site's language, untranslated.
        reason = f"신고 {open_reports}건 누적으로 운영자 결정 전까지 자동 숨김"
        item = submissions.hide(item=item, moderator=None, reason=reason, by_reports=True)
        audit(item, Action.AUTO_HIDE, actor=None, reason=reason)
    return report


@transaction.atomic
def reports_resolve(
    *, item: Submission, upheld: bool, moderator, reason: str = "", category: str = ""
) -> int:
    """Decides every open report on `item`. Upheld: the item is hidden with the reason and
    its category. Dismissed: the item stays, and comes back if the reports had hidden it."""
    if upheld and not reason.strip():
        raise ValidationError(
            {"reason": _("신고를 인용하는 사유를 적어 주세요. 작성자에게 전달됩니다.")}
        )
    if upheld and category not in ReasonCategory.values:
        raise ValidationError({"category": _("사유 분류를 골라 주세요.")})
    count = (
        Report.objects.about(item)
        .open()
        .update(
            status=Report.Status.UPHELD if upheld else Report.Status.DISMISSED,
            resolved_by=moderator,
            resolved_at=timezone.now(),
        )
    )
    if upheld and item.status in (Status.PUBLISHED, Status.HIDDEN):
        submissions.hide(item=item, moderator=moderator, reason=reason, category=category)
    elif not upheld and item.hidden_by_reports:
        submissions.publish(item=item, moderator=moderator)
    action = Action.REPORTS_UPHELD if upheld else Action.REPORTS_DISMISSED
    audit(item, action, actor=moderator, reason=reason or f"신고 {count}건", category=category)
    return count


# Written into the item's text, which is content: in the site's language, untranslated.
REDACTED = "[운영자가 가린 내용: {reason}]"


@transaction.atomic
def redact(*, item: Submission, field: str, passage: str, reason: str, moderator) -> Redaction:
    """가림 처리: a passage of the item's text is replaced by a notice with the reason. The
    original passage is kept for superusers only (Redaction); the audit log records who,
    when and why, never the passage; the author is told."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("가리는 사유를 적어 주세요. 글에 그대로 보입니다.")})
    item = submissions.redact(
        item=item, field=field, passage=passage, replacement=REDACTED.format(reason=reason)
    )
    redaction = Redaction.objects.create(
        item_type=kind_of(item).name,
        item_id=item.pk,
        field=field,
        original=passage,
        reason=reason,
        actor=moderator,
    )
    # The audit log and the email in the site's language, not the moderator's.
    with translation.override(settings.LANGUAGE_CODE):
        label = str(item._meta.get_field(field).verbose_name)
        audit(item, Action.REDACT, actor=moderator, reason=f"{label}: {reason}")
        _tell_author(
            item,
            _("작성하신 %(what)s의 일부를 운영자가 가렸습니다") % {"what": item_label(item)},
            _(
                "%(summary)s\n\n가린 항목: %(field)s\n사유: %(reason)s\n\n"
                "내 활동에서 확인할 수 있습니다."
            )
            % {"summary": kind_of(item).summary(item), "field": label, "reason": reason},
        )
    return redaction


def takedowns_expire(*, today: date | None = None) -> int:
    """Every 임시조치 whose decision date has passed without a decision: the item returns
    (published again) and the audit log says so. A daily job (nipa_reviews.tasks) and
    `manage.py expire_takedowns` run it; returns how many returned."""
    today = today or timezone.localdate()
    returned = 0
    for kind in kinds():
        expired = kind.model.objects.filter(
            status=Status.HIDDEN, takedown_until__isnull=False, takedown_until__lt=today
        )
        for item in expired.select_related("company"):
            with transaction.atomic():
                item = submissions.locked(item)
                if item.takedown_until is None or item.takedown_until >= today:
                    continue  # a moderator decided in the meantime
                until = item.takedown_until
                item = submissions.publish(item=item, moderator=None)
                audit(
                    item,
                    Action.TAKEDOWN_EXPIRED,
                    actor=None,
                    reason=f"결정 기한 {until:%Y.%m.%d}까지 결정이 없어 다시 게시",
                )
                returned += 1
    return returned


def attach_items(reports) -> None:
    """Loads the reported submissions of `reports`: one query per kind."""
    wanted: dict[str, set[int]] = {}
    for report in reports:
        wanted.setdefault(report.item_type, set()).add(report.item_id)
    loaded = {
        name: kind_named(name).model.objects.select_related("company").in_bulk(ids)
        for name, ids in wanted.items()
    }
    for report in reports:
        report.loaded_item = loaded[report.item_type].get(report.item_id)


def reported_item(report: Report) -> Submission | None:
    """The submission a report is about; None once it has been deleted."""
    if not hasattr(report, "loaded_item"):
        attach_items([report])
    return report.loaded_item


def queue_counts() -> list[tuple[str, str, int]]:
    """The queue at a glance, for the admin index: (label, changelist URL, count)."""
    rows = [
        (
            _("검수 대기 %(kind)s") % {"kind": kind.label},
            reverse(f"admin:{kind.model._meta.app_label}_{kind.model._meta.model_name}_changelist")
            + "?status__exact=pending",
            kind.model.objects.filter(status=Status.PENDING).count(),
        )
        for kind in kinds()
    ]
    rows.append(
        (
            _("처리 안 된 신고"),
            reverse("admin:moderation_report_changelist") + "?status__exact=open",
            Report.objects.open().count(),
        )
    )
    return rows
