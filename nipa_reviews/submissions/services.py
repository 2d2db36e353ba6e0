"""Every write to every kind of submission. Views, the admin, moderation, commands and
tests all call these, so an aggregate can never be changed by one path and forgotten by
another; cached pages follow the rows (nipa_reviews.pagecache).

Search follows the same path: publishing or editing a published submission queues its
analysis for the worker once the transaction commits (`analyse`, which stores the lemmas
and moves the aggregates that count them); hiding removes the analysis at once.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from nipa_reviews.search.analysis import analyser

from . import signals
from .kinds import Kind, kind_of, kinds
from .models import Status, Submission

# The statuses each target status may be reached from.
ALLOWED_FROM = {
    Status.PUBLISHED: {Status.PENDING, Status.HIDDEN},
    Status.REJECTED: {Status.PENDING},
    Status.HIDDEN: {Status.PUBLISHED, Status.HIDDEN},
}
TAKEDOWN_MAX_DAYS = 30


class Duplicate(ValidationError):
    """The author already has the one submission of this kind the rules allow."""

    def __init__(self, kind: Kind, existing: Submission):
        self.existing = existing
        super().__init__(kind.duplicate_message(existing))


def _contributions(kind: Kind, item: Submission) -> dict:
    """What the item adds to each of its kind's aggregates (None: it does not count there)."""
    return {aggregate: aggregate.contribution(item) for aggregate in kind.aggregates}


def _count(kind: Kind, item: Submission, *, sign: int, at: datetime | None = None) -> None:
    """Adds (1) or removes (-1) the item in every aggregate it counts in, each under its
    row lock, in the caller's transaction."""
    for aggregate, contribution in _contributions(kind, item).items():
        if contribution is not None:
            side = "add" if sign > 0 else "remove"
            aggregate.change(item.company_id, **{side: contribution}, at=at)


def _tally(kind: Kind, item: Submission, *, add=None, remove=None) -> None:
    """Moves the item between its kind's stored counts: `add` and `remove` map each tally
    to the item's bucket there after and before the change (missing: no such side)."""
    for tally in kind.tallies:
        after, before = (add or {}).get(tally), (remove or {}).get(tally)
        if after != before:
            tally.change(kind.name, item.company_id, add=after, remove=before)


def _buckets(kind: Kind, item: Submission) -> dict:
    return {tally: tally.bucket(item) for tally in kind.tallies}


@transaction.atomic
def counted_as_submitted(item: Submission) -> None:
    """Counts a submission made outside `submit` (test factories write rows directly) as
    `submit` does."""
    kind = kind_of(item)
    _tally(kind, item, add=_buckets(kind, item))


def _queue_analysis(kind: Kind, item: Submission) -> None:
    """The worker analyses the committed text (a task queued earlier would read the old)."""
    name, pk = kind.name, item.pk
    transaction.on_commit(lambda: queue_analysis(name, pk))


def queue_analysis(kind_name: str, pk: int) -> None:
    """Queued for the worker; run here and now when the broker is down (enqueue)."""
    from nipa_reviews.celery import enqueue

    from .tasks import analyse_submission

    enqueue(analyse_submission, kind_name, pk)


def locked(item: Submission) -> Submission:
    """The submission as stored, its row locked until the transaction ends."""
    return type(item).objects.select_for_update().select_related("company").get(pk=item.pk)


def _check_duplicate(kind: Kind, item: Submission, *, at: datetime | None = None) -> None:
    if item.author_id is None:
        return
    existing = kind.blocking(author=item.author, company=item.company, candidate=item, at=at)
    if existing is not None:
        raise Duplicate(kind, existing)


@transaction.atomic
def submit(*, kind: Kind, company, author, at: datetime | None = None, **fields) -> Submission:
    """A new submission, pending: not shown, not counted until a moderator publishes it."""
    # One author's submissions queue up here, so two tabs cannot both pass the check.
    get_user_model().objects.select_for_update().filter(pk=author.pk).first()
    # And one company's: every change of its stored counts (the transparency tally here,
    # the scores on publish) then happens under this one lock, as `locked()` takes it for
    # status changes, so their row locks cannot deadlock.
    type(company)._default_manager.select_for_update().filter(pk=company.pk).first()
    extras = kind.take_extras(fields, creating=True)
    item = kind.model(company=company, author=author, **fields)
    item.verified = company.has_verified_employee(author, at)
    if at is not None:
        item.created_at = at
    _check_duplicate(kind, item, at=at)
    # The one-per-period rule was checked above and the rating ranges are field choices;
    # the database constraints stay as the backstop.
    item.full_clean(validate_constraints=False)
    # Found before the insert, so they are written with it; only ever shown to moderators.
    item.signals = signals.detect(kind, item, at=item.created_at)
    item.signal_count = len(item.signals)
    item.save()
    kind.save_extras(item, extras)
    _tally(kind, item, add=_buckets(kind, item))
    return item


@transaction.atomic
def update(*, item: Submission, **fields) -> Submission:
    """Changes a submission's content; a published one's aggregate changes with it."""
    kind = kind_of(item)
    item = locked(item)
    extras = kind.take_extras(fields, creating=False)
    unknown = set(fields) - set(kind.editable_fields)
    if unknown:
        raise TypeError(f"not editable: {', '.join(sorted(unknown))}")
    before = _contributions(kind, item)
    source = kind.analysis_source(item)
    for name, value in fields.items():
        setattr(item, name, value)
    _check_duplicate(kind, item)
    item.full_clean(validate_constraints=False)
    item.save()
    kind.save_extras(item, extras)
    if item.is_published:
        for aggregate, after in _contributions(kind, item).items():
            if after != before[aggregate]:
                aggregate.change(item.company_id, add=after, remove=before[aggregate])
        # Until the worker has analysed the new text, search and keywords keep the old.
        if kind.analysis_source(item) != source:
            _queue_analysis(kind, item)
    return item


@transaction.atomic
def delete(*, item: Submission) -> None:
    kind = kind_of(item)
    item = locked(item)
    for dependent in kind.dependents(item):
        delete(item=dependent)
    # The tally rows before the aggregate's: every writer takes them in that order.
    _tally(kind, item, remove=_buckets(kind, item))
    if item.is_published:
        _count(kind, item, sign=-1)
    item.delete()


@transaction.atomic
def set_status(
    *,
    item: Submission,
    status: str,
    moderator,
    reason: str = "",
    category: str = "",
    at: datetime | None = None,
    takedown_until: date | None = None,
    by_reports: bool = False,
) -> Submission:
    """Every status change; the kind's aggregate follows in the same transaction.

    Hiding a hidden submission again is how a temporary takedown is decided or extended.
    """
    kind = kind_of(item)
    item = locked(item)
    if status != Status.PUBLISHED and not reason.strip():
        raise ValidationError(
            {"moderation_reason": _("사유를 적어 주세요. 작성자에게 전달됩니다.")}
        )
    if item.status not in ALLOWED_FROM[status]:
        raise ValidationError(
            _("%(current)s 상태의 글은 %(target)s 처리할 수 없습니다.")
            % {"current": item.get_status_display(), "target": Status(status).label}
        )
    at = at or timezone.now()
    if takedown_until is not None:
        today = timezone.localdate(at)
        if not today <= takedown_until <= today + timedelta(days=TAKEDOWN_MAX_DAYS):
            raise ValidationError(
                {
                    "takedown_until": ngettext(
                        "임시조치 기한은 오늘부터 %(days)d일 안이어야 합니다.",
                        "임시조치 기한은 오늘부터 %(days)d일 안이어야 합니다.",
                        TAKEDOWN_MAX_DAYS,
                    )
                    % {"days": TAKEDOWN_MAX_DAYS}
                }
            )
    was_published = item.is_published
    before = _buckets(kind, item)
    item.status = status
    item.moderation_reason = reason.strip()
    item.moderation_category = "" if status == Status.PUBLISHED else category
    item.moderated_by = moderator
    item.moderated_at = at
    item.takedown_until = takedown_until
    item.hidden_by_reports = by_reports
    if status == Status.PUBLISHED:
        item.published_at = at
    item.save()
    # The tally rows before the aggregate's: every writer takes them in that order, so a
    # submit and a publish in one transaction cannot deadlock with another publish.
    _tally(kind, item, add=_buckets(kind, item), remove=before)
    if item.is_published != was_published:
        _count(kind, item, sign=1 if item.is_published else -1, at=at)
        if item.is_published:
            _queue_analysis(kind, item)
        else:
            # Removed from search now, after the aggregates took back what it counted.
            kind.store_analysis(item, None)
    return item


@transaction.atomic
def redact(*, item: Submission, field: str, passage: str, replacement: str) -> Submission:
    """Replaces every occurrence of `passage` in one of the item's text fields. Nothing
    else changes: not the ratings, not the aggregates, not the status."""
    kind = kind_of(item)
    item = locked(item)
    if field not in kind.text_fields:
        raise ValidationError({"field": _("가릴 수 있는 항목이 아닙니다.")})
    text = getattr(item, field)
    if not passage.strip() or passage not in text:
        raise ValidationError(
            {"passage": _("가릴 부분은 글에 있는 그대로 적어 주세요 (띄어쓰기와 문장부호까지).")}
        )
    redacted = text.replace(passage, replacement)
    limit = item._meta.get_field(field).max_length
    if limit is not None and len(redacted) > limit:
        raise ValidationError(
            {
                "reason": ngettext(
                    "가린 뒤 %(limit)d자를 넘습니다. 사유를 더 짧게 적어 주세요.",
                    "가린 뒤 %(limit)d자를 넘습니다. 사유를 더 짧게 적어 주세요.",
                    limit,
                )
                % {"limit": limit}
            }
        )
    setattr(item, field, redacted)
    item.save(update_fields=[field, "updated_at"])
    return item


def publish(*, item: Submission, moderator, at: datetime | None = None) -> Submission:
    return set_status(item=item, status=Status.PUBLISHED, moderator=moderator, at=at)


def reject(*, item: Submission, moderator, reason: str) -> Submission:
    return set_status(item=item, status=Status.REJECTED, moderator=moderator, reason=reason)


def hide(*, item: Submission, moderator, reason: str, **options) -> Submission:
    """Hides a published submission; `takedown_until` for a 임시조치, `by_reports` when
    reports did it."""
    return set_status(
        item=item, status=Status.HIDDEN, moderator=moderator, reason=reason, **options
    )


def analyse(*, kind: Kind, pk: int) -> bool:
    """Analyses a published submission and stores the result (the worker's task); False
    when there is nothing to do: it is gone, not published, or edited since (the edit
    queued another analysis).

    The analysis runs before any lock is taken; the write then checks, under the row's
    lock, that the texts are still the ones analysed, and moves every aggregate whose
    contribution the analysis changes (the keywords) in the same transaction."""
    item = kind.model.objects.filter(pk=pk).first()
    if item is None or not item.is_published:
        return False
    source = kind.analysis_source(item)
    analysis = kind.analyse(item, analyser())
    with transaction.atomic():
        try:
            item = locked(item)
        except kind.model.DoesNotExist:
            return False
        if not item.is_published or kind.analysis_source(item) != source:
            return False
        before = _contributions(kind, item)
        kind.store_analysis(item, analysis)
        for aggregate, after in _contributions(kind, item).items():
            if after != before[aggregate]:
                aggregate.change(item.company_id, add=after, remove=before[aggregate])
    return True


def queue_missing_analyses() -> int:
    """Queues the analysis of every published submission that has none (data from before
    search, a task lost with its queue); returns how many."""
    queued = 0
    for kind in kinds():
        published = kind.model.objects.published()
        for pk in kind.analysed(published, stored=False).values_list("pk", flat=True):
            queue_analysis(kind.name, pk)
            queued += 1
    return queued


def _aggregates():
    """Every kind's aggregates and tallies, each once."""
    return list(
        dict.fromkeys(stored for kind in kinds() for stored in (*kind.aggregates, *kind.tallies))
    )


def drift() -> list[str]:
    """Each difference between every stored aggregate and its recomputation."""
    return [line for aggregate in _aggregates() for line in aggregate.drift()]


@transaction.atomic
def rebuild() -> int:
    """Rewrites every aggregate from the submissions; returns rows written."""
    return sum(aggregate.rebuild() for aggregate in _aggregates())
