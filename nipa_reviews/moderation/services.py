"""Moderation of reviews and interview experiences: every action goes through the owning
app's service (so scores and aggregates move at once), is audited, and tells the author."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from interviews.models import InterviewExperience
from interviews.services import interview_set_status
from nipa_reviews.submissions import Status, Submission
from reviews.models import Highlight, Review
from reviews.services import highlight_create, review_set_status

from .models import AuditEntry, Report

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


def item_type(item: Submission) -> str:
    return "review" if isinstance(item, Review) else "interview"


def item_label(item: Submission) -> str:
    return "리뷰" if isinstance(item, Review) else "면접 후기"


def item_summary(item: Submission) -> str:
    text = item.title if isinstance(item, Review) else f"{item.period_label} {item.account}"
    return f"{item.company.name} · {text}"[:200]


def _set_status(item: Submission, **kwargs) -> Submission:
    if isinstance(item, Review):
        return review_set_status(review=item, **kwargs)
    return interview_set_status(experience=item, **kwargs)


def _audit(item: Submission, action: str, *, actor, reason: str = "") -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor,
        action=action,
        item_type=item_type(item),
        item_id=item.pk,
        item_summary=item_summary(item),
        reason=reason,
    )


@transaction.atomic
def moderate(
    *,
    item: Submission,
    action: str,
    moderator,
    reason: str = "",
    takedown_until: date | None = None,
) -> bool:
    """One moderator action on one item. Returns False when the item is already in the
    state the action leads to (nothing to do); raises ValidationError when the action does
    not apply to the item's state or lacks its reason."""
    status = ACTION_STATUS[action]
    if action == Action.TAKEDOWN and takedown_until is None:
        raise ValidationError({"takedown_until": "임시조치 결정 기한을 정해 주세요 (30일 안)."})
    if action == Action.RESTORE and item.status != Status.HIDDEN:
        raise ValidationError(
            f"숨김 상태의 글만 복원할 수 있습니다 ({item_label(item)} {item.pk})."
        )
    if action == Action.TAKEDOWN_REMOVE and item.takedown_until is None:
        raise ValidationError(f"임시조치 중인 글이 아닙니다 ({item_label(item)} {item.pk}).")
    if item.status == status and action in (Action.PUBLISH, Action.REJECT, Action.HIDE):
        return False
    item = _set_status(
        item, status=status, moderator=moderator, reason=reason, takedown_until=takedown_until
    )
    _audit(item, action, actor=moderator, reason=reason)
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
                f"{item_label(item)} {item.pk}: {' '.join(error.messages)} 아무것도 바꾸지 않았습니다."
            ) from error
    return changed


def _notify_author(item: Submission, action: str) -> None:
    author = item.author
    if author is None or author.email.endswith("@demo.invalid"):
        return
    what = item_label(item)
    if action == Action.PUBLISH:
        subject = f"작성하신 {what}가 게시되었습니다"
        body = f"{item_summary(item)}\n\n검수를 마치고 게시했습니다. 고맙습니다."
    else:
        subject = f"작성하신 {what}가 반려되었습니다"
        body = f"{item_summary(item)}\n\n반려 사유: {item.moderation_reason}\n\n내 활동에서 다시 쓸 수 있습니다."
    # Sent only if the moderation commits; a rolled-back bulk action tells nobody.
    transaction.on_commit(
        lambda: send_mail(
            f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
            body,
            settings.DEFAULT_FROM_EMAIL,
            [author.email],
        )
    )


# --- Reports ----------------------------------------------------------------------------


def _report_filter(item: Submission) -> dict:
    return {"review": item} if isinstance(item, Review) else {"interview": item}


@transaction.atomic
def report_submit(*, item: Submission, reporter, reason: str, detail: str = "") -> Report:
    """A user's report; enough distinct reporters hide the item until a moderator decides."""
    item = type(item).objects.select_for_update().select_related("company").get(pk=item.pk)
    if not item.is_published:
        raise PermissionDenied("게시된 글만 신고할 수 있습니다.")
    if item.author_id == reporter.pk:
        raise PermissionDenied("내가 쓴 글은 신고할 수 없습니다.")
    if Report.objects.filter(reporter=reporter, **_report_filter(item)).exists():
        raise ValidationError("이미 신고한 글입니다. 운영자가 검토하고 있습니다.")
    report = Report(reporter=reporter, reason=reason, detail=detail, **_report_filter(item))
    report.full_clean(validate_constraints=False)
    report.save()
    open_reports = Report.objects.filter(status=Report.Status.OPEN, **_report_filter(item)).count()
    if open_reports >= settings.REPORT_AUTOHIDE_THRESHOLD:
        reason = f"신고 {open_reports}건 누적으로 운영자 결정 전까지 자동 숨김"
        item = _set_status(
            item, status=Status.HIDDEN, moderator=None, reason=reason, by_reports=True
        )
        _audit(item, Action.AUTO_HIDE, actor=None, reason=reason)
    return report


@transaction.atomic
def reports_resolve(*, item: Submission, upheld: bool, moderator, reason: str = "") -> int:
    """Decides every open report on `item`. Upheld: the item is hidden with the reason.
    Dismissed: the item stays, and comes back if the reports had hidden it."""
    if upheld and not reason.strip():
        raise ValidationError(
            {"reason": "신고를 인용하는 사유를 적어 주세요. 작성자에게 전달됩니다."}
        )
    open_reports = Report.objects.filter(status=Report.Status.OPEN, **_report_filter(item))
    count = open_reports.update(
        status=Report.Status.UPHELD if upheld else Report.Status.DISMISSED,
        resolved_by=moderator,
        resolved_at=timezone.now(),
    )
    if upheld and item.status in (Status.PUBLISHED, Status.HIDDEN):
        _set_status(item, status=Status.HIDDEN, moderator=moderator, reason=reason)
    elif not upheld and item.hidden_by_reports:
        _set_status(item, status=Status.PUBLISHED, moderator=moderator)
    action = Action.REPORTS_UPHELD if upheld else Action.REPORTS_DISMISSED
    _audit(item, action, actor=moderator, reason=reason or f"신고 {count}건")
    return count


# --- Highlights ---------------------------------------------------------------------------


@transaction.atomic
def highlight_from_review(*, review: Review, kind: str, text: str, moderator) -> Highlight:
    highlight = highlight_create(review=review, kind=kind, text=text.strip())
    _audit(
        review,
        Action.HIGHLIGHT,
        actor=moderator,
        reason=f"{highlight.get_kind_display()}: {highlight.text}",
    )
    return highlight


def queue_counts() -> dict[str, int]:
    """The queue at a glance, for the admin index."""
    return {
        "pending_reviews": Review.objects.filter(status=Status.PENDING).count(),
        "pending_interviews": InterviewExperience.objects.filter(status=Status.PENDING).count(),
        "open_reports": Report.objects.filter(status=Report.Status.OPEN).count(),
    }
