"""Reviews as a kind of submission (nipa_reviews.submissions.kinds)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import timezone

from nipa_reviews.submissions.kinds import Kind
from nipa_reviews.submissions.models import Status

from .admin import make_highlight
from .models import CompanyKeywords, CompanyScore, CompanyVerifiedScore, Review
from .services import EDITABLE_FIELDS

ONE_REVIEW_PER = timedelta(days=365)


class ReviewKind(Kind):
    name = "review"
    label = "리뷰"
    namespace = "reviews"
    url_prefix = "reviews"
    model = Review
    aggregates = (CompanyScore, CompanyVerifiedScore, CompanyKeywords)
    editable_fields = EDITABLE_FIELDS
    admin_options = {
        "list_filter": ["employment_status"],
        "search_fields": ["title", "pros", "cons", "advice"],
        "excerpt_field": "pros",
        "actions": [make_highlight],
    }

    def title(self, item: Review) -> str:
        return item.title

    def blocking(self, *, author, company, exclude=None, at: datetime | None = None, **fields):
        """One review per company per 12 months; a rejected one does not count."""
        at = at or timezone.now()
        reviews = (
            Review.objects.by_author(author)
            .for_company(company)
            .exclude(status=Status.REJECTED)
            .filter(created_at__gt=at - ONE_REVIEW_PER)
        )
        if exclude is not None:
            reviews = reviews.exclude(pk=exclude.pk)
        return reviews.order_by("-created_at").first()

    def duplicate_message(self, existing: Review) -> str:
        next_date = timezone.localdate(existing.created_at + ONE_REVIEW_PER)
        return (
            "이 기업에는 최근 12개월 안에 이미 리뷰를 쓰셨습니다. "
            f"{next_date:%Y.%m.%d}부터 새 리뷰를 쓸 수 있습니다."
        )

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
