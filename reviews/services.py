"""Writes that belong to reviews alone: readers' helpful votes and moderators' highlights.
Submitting, editing, deleting and moderating a review go through the shared submission
services (nipa_reviews.submissions.services), which keep the scores."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from nipa_reviews.submissions.models import Status

from .models import CATEGORY_KEYS, HelpfulVote, Highlight, Review

EDITABLE_FIELDS = [
    "employment_status",
    "job_category",
    *CATEGORY_KEYS,
    "title",
    "pros",
    "cons",
    "advice",
]


@transaction.atomic
def review_set_helpful(*, review: Review, user, on: bool | None = None) -> bool:
    """Sets the user's 도움이 돼요 vote on (`on=True`) or off, or toggles it (`on=None`);
    returns whether it is on now. The review's row is locked, so a double click is
    two changes in turn, never a duplicate vote."""
    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.status != Status.PUBLISHED:
        raise PermissionDenied(_("게시된 리뷰에만 투표할 수 있습니다."))
    if review.author_id == user.pk:
        raise PermissionDenied(_("내 리뷰에는 투표할 수 없습니다."))
    voted = HelpfulVote.objects.filter(review=review, user=user).exists()
    want = not voted if on is None else on
    if want and not voted:
        HelpfulVote.objects.create(review=review, user=user)
        Review.objects.filter(pk=review.pk).update(helpful_count=F("helpful_count") + 1)
    elif voted and not want:
        HelpfulVote.objects.filter(review=review, user=user).delete()
        Review.objects.filter(pk=review.pk).update(helpful_count=F("helpful_count") - 1)
    return want


@transaction.atomic
def withdraw_helpful_votes(*, user) -> None:
    """Takes back every 도움이 돼요 of a user who leaves, keeping the counts right: two
    statements, whatever the number of votes (one vote per user per review)."""
    Review.objects.filter(votes__user=user).update(helpful_count=F("helpful_count") - 1)
    HelpfulVote.objects.filter(user=user).delete()


@transaction.atomic
def highlight_create(*, review: Review, kind: str, text: str, order: int = 0) -> Highlight:
    highlight = Highlight(
        company_id=review.company_id, review=review, kind=kind, text=text.strip(), order=order
    )
    highlight.full_clean()
    highlight.save()
    return highlight
