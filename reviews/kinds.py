"""Reviews as a kind of submission (nipa_reviews.submissions.kinds)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from companies.transparency import ModerationTally
from nipa_reviews.submissions.kinds import Kind
from nipa_reviews.submissions.models import Status
from nipa_reviews.submissions.signals import Code, signal

from .admin import make_highlight
from .history import CompanyMonthlyScore
from .models import (
    CompanyKeywords,
    CompanyReplyStats,
    CompanyScore,
    CompanyVerifiedScore,
    EmployerReply,
    Review,
)
from .services import EDITABLE_FIELDS

ONE_REVIEW_PER = timedelta(days=365)


class ReviewKind(Kind):
    name = "review"
    # In sentences ("Your submission (Review) ..."): one review, where the plain "리뷰" of
    # tabs and links means reviews.
    label = pgettext_lazy("submission kind", "리뷰")
    namespace = "reviews"
    url_prefix = "reviews"
    model = Review
    aggregates = (CompanyScore, CompanyVerifiedScore, CompanyMonthlyScore, CompanyKeywords)
    tallies = (ModerationTally,)
    editable_fields = EDITABLE_FIELDS
    text_fields = ("title", "pros", "cons", "advice")
    admin_options = {
        "list_filter": ["employment_status"],
        "search_fields": ["title", "pros", "cons", "advice"],
        "excerpt_field": "pros",
        "actions": [make_highlight],
    }

    def title(self, item: Review) -> str:
        return item.title

    def blocking(self, *, author, company, candidate=None, at: datetime | None = None):
        """One review per company per 12 months; a rejected one does not count."""
        at = at or timezone.now()
        reviews = (
            Review.objects.by_author(author)
            .for_company(company)
            .exclude(status=Status.REJECTED)
            .filter(created_at__gt=at - ONE_REVIEW_PER)
        )
        if candidate is not None and candidate.pk:
            reviews = reviews.exclude(pk=candidate.pk)
        return reviews.order_by("-created_at").first()

    def duplicate_message(self, existing: Review) -> str:
        next_date = timezone.localdate(existing.created_at + ONE_REVIEW_PER)
        return _(
            "이 기업에는 최근 12개월 안에 이미 리뷰를 쓰셨습니다. "
            "%(date)s부터 새 리뷰를 쓸 수 있습니다."
        ) % {"date": date_format(next_date, "SHORT_DATE_FORMAT")}

    def analysis_source(self, item: Review) -> tuple:
        return (item.title, item.pros, item.cons, item.advice)

    def analyse(self, item: Review, analyser) -> dict:
        """Search weighs the title first (A), then pros and cons (B), then advice (C)."""
        return {
            "search": analyser.vector(
                [("A", item.title), ("B", item.pros), ("B", item.cons), ("C", item.advice)]
            ),
            "keywords": {
                "pros": analyser.keywords(item.pros),
                "cons": analyser.keywords(item.cons),
            },
        }

    def store_analysis(self, item: Review, analysis: dict | None) -> None:
        fields = analysis or {"search": None, "keywords": None}
        Review.objects.filter(pk=item.pk).update(**fields)
        for name, value in fields.items():
            setattr(item, name, value)

    def analysed(self, items, *, stored: bool = True):
        return items.filter(search__isnull=not stored)

    def public_url(self, item: Review) -> str:
        return reverse("reviews:list", args=[item.company.slug]) + f"#review-{item.public_id}"

    def dependents(self, item: Review) -> list[EmployerReply]:
        return list(item.replies.all())

    def signals(self, item: Review) -> list[dict[str, str]]:
        """Extreme: all five ratings 5, or all five 1."""
        ratings = {rating for _key, _label, rating in item.ratings()}
        if ratings == {5}:
            return [signal(Code.EXTREME, _("다섯 항목 모두 5점"))]
        if ratings == {1}:
            return [signal(Code.EXTREME, _("다섯 항목 모두 1점"))]
        return []


class ReplyKind(Kind):
    """기업 답변: a company representative's public answer to a published review."""

    name = "reply"
    label = _("기업 답변")
    namespace = "reviews"
    url_prefix = "replies"
    model = EmployerReply
    aggregates = (CompanyReplyStats,)
    tallies = (ModerationTally,)
    editable_fields = ["text"]
    text_fields = ("text",)
    admin_options = {
        "search_fields": ["text"],
        "excerpt_field": "text",
    }

    def title(self, item: EmployerReply) -> str:
        return item.text[:40] + ("…" if len(item.text) > 40 else "")

    def blocking(self, *, author, company, candidate=None, at=None):
        """One reply per review, whoever of the company's representatives writes it."""
        if candidate is None:
            return None
        replies = EmployerReply.objects.filter(review_id=candidate.review_id).exclude(
            status=Status.REJECTED
        )
        if candidate.pk:
            replies = replies.exclude(pk=candidate.pk)
        return replies.select_related("company").first()

    def duplicate_message(self, existing: EmployerReply) -> str:
        return _("이 리뷰에는 이미 기업 답변이 있습니다. 리뷰 하나에 답변은 하나만 쓸 수 있습니다.")

    def public_url(self, item: EmployerReply) -> str:
        return (
            reverse("reviews:list", args=[item.company.slug]) + f"#review-{item.review.public_id}"
        )

    def edit_url(self, item: EmployerReply) -> str:
        return reverse("reviews:reply_edit", args=[item.public_id])

    def delete_url(self, item: EmployerReply) -> str:
        return reverse("reviews:reply_delete", args=[item.public_id])
