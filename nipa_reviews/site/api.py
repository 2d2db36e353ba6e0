"""The read-only JSON API: /api/, its OpenAPI schema at /api/openapi.json, docs at
/api/docs. Company profiles and scores; no author data, ever."""

from __future__ import annotations

from datetime import date

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from companies.models import Company
from interviews.models import CompanyInterviewStats
from nipa_reviews.arithmetic import decimal_of
from nipa_reviews.pagecache import cached, company_scope
from reviews.models import CATEGORY_KEYS

router = Router(tags=["companies"])


class Categories(Schema):
    culture: float | None
    pay_benefits: float | None
    career: float | None
    work_life: float | None
    leadership: float | None


class Satisfaction(Schema):
    total: float | None
    categories: Categories
    review_count: int
    as_of: date | None


class CompanyOut(Schema):
    slug: str
    name: str
    short_name: str
    organisation_type: str
    industry: str
    url: str
    satisfaction: Satisfaction

    @staticmethod
    def resolve_url(company: Company) -> str:
        return company.get_absolute_url()

    @staticmethod
    def resolve_satisfaction(company: Company) -> dict:
        return satisfaction(company, "score")


class InterviewResults(Schema):
    passed: int
    failed: int
    pending: int


class Interviews(Schema):
    count: int
    difficulty: float | None
    difficulty_label: str | None
    atmosphere: float | None
    atmosphere_label: str | None
    results: InterviewResults


class CompanyDetailOut(CompanyOut):
    satisfaction_verified: Satisfaction
    founded_year: int | None
    website: str
    summary: str
    interviews: Interviews

    @staticmethod
    def resolve_satisfaction_verified(company: Company) -> dict:
        """The same figures over the reviews of verified employees (재직 인증) only."""
        return satisfaction(company, "verified_score")

    @staticmethod
    def resolve_interviews(company: Company) -> dict:
        stats = getattr(company, "interview_stats", None) or CompanyInterviewStats()
        return {
            "count": stats.count,
            "difficulty": float(stats.difficulty) if stats.count else None,
            "difficulty_label": stats.difficulty_label,
            "atmosphere": float(stats.atmosphere) if stats.count else None,
            "atmosphere_label": stats.atmosphere_label,
            "results": {"passed": stats.passed, "failed": stats.failed, "pending": stats.pending},
        }


def satisfaction(company: Company, scores: str) -> dict:
    """The company's `scores` ("score", "verified_score") with one decimal; null until
    there are enough published reviews. The as-of date is the company's, for both."""
    score = getattr(company, scores, None)
    shown = score is not None and score.is_shown
    main = getattr(company, "score", None)

    def value(exact) -> float | None:
        # From the exact fraction, half up to 0.1, as the pages round (81.25 → 81.3).
        return float(decimal_of(exact(), "0.1")) if shown else None

    return {
        "total": value(lambda: score.total_fraction()),
        "categories": {
            key: value(lambda key=key: score.category_fraction(key)) for key in CATEGORY_KEYS
        },
        "review_count": score.review_count if score else 0,
        "as_of": main.as_of if shown and main else None,
    }


@router.get("/", response=list[CompanyOut], summary="Published companies, by name")
@paginate(PageNumberPagination, page_size=20)
def list_companies(request, q: str = ""):
    companies = Company.objects.published().search(q).select_related("score")
    return companies.order_by("name", "id")


@router.get("/{slug}/", response=CompanyDetailOut, summary="One company's profile and scores")
def company_detail(request, slug: str):
    """Served from the page cache until the company's data or scores change."""

    def detail() -> bytes:
        companies = Company.objects.published().select_related(
            "score", "verified_score", "interview_stats"
        )
        company = get_object_or_404(companies, slug=slug)
        return CompanyDetailOut.from_orm(company).model_dump_json().encode()

    body = cached(f"api:company:{slug}", company_scope(slug), detail)
    return HttpResponse(body, content_type="application/json")  # the documented shape


api = NinjaAPI(
    title="nipa_reviews API",
    version="1",
    description="Company profiles and satisfaction scores computed from published reviews. "
    "Read-only; no author data.",
    urls_namespace="api",
)
api.add_router("/companies/", router)
