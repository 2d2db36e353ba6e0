"""The read-only JSON API: /api/, its OpenAPI schema at /api/openapi.json, docs at
/api/docs. Company profiles and scores; no author data, ever.

Every operation declares each status it answers with (200, and 400/404/422 as `Error`),
and every parameter its bounds, so the schema says what a client may send and what it
gets back; tests/test_api_fuzz.py holds the API to it."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Path, Query, Router, Schema
from ninja.errors import ValidationError
from ninja.pagination import PageNumberPagination, paginate

from companies import transparency
from companies.models import Company
from interviews.models import CompanyInterviewStats
from nipa_reviews.arithmetic import decimal_of
from nipa_reviews.pagecache import cached, company_scope
from reviews.history import company_history
from reviews.models import CATEGORY_KEYS

router = Router(tags=["companies"])

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
# Far beyond the last page of any real list, and small enough that the OFFSET it makes
# (page × page size) fits the database's bigint.
MAX_PAGE = 100_000
QUERY_MAX_LENGTH = 50
# Company.slug: Django's slug characters, at most 60.
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
SLUG_MAX_LENGTH = 60


class Error(Schema):
    detail: str = Field(description="What was wrong and how to send it right, in Korean.")


class CompanyPagination(PageNumberPagination):
    """Page numbers and sizes with bounds the schema states: a page size over 100 or a page
    number whose OFFSET would overflow is a 422, not a silent cap or a database error."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description="From 1; past the last page, no items.")
        page_size: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Companies per page.")


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


class ReasonCounts(Schema):
    abuse: int
    personal: int
    false: int
    promotion: int
    duplicate: int
    other: int


class Transparency(Schema):
    """The company's reviews submitted since `since` (the last 12 months), by what
    moderation made of them; counts only."""

    since: date
    submitted: int
    published: int
    pending: int
    rejected: int
    rejected_by: ReasonCounts
    hidden: int
    hidden_by: ReasonCounts
    hidden_by_reports: int
    takedown: int
    replies: int


class HistoryPoint(Schema):
    """The scores as they stood at the end of `month` (its first day): from the reviews
    published by then that are still published; null below the minimum review count."""

    month: date
    total: float | None
    categories: Categories
    review_count: int


class Keyword(Schema):
    word: str = Field(description="A noun (or nouns written as one word).")
    count: int = Field(description="How many published reviews use it on that side.")


class Keywords(Schema):
    pros: list[Keyword] = Field(description="장점 키워드, most frequent first (at most 8).")
    cons: list[Keyword] = Field(description="단점 키워드, most frequent first (at most 8).")


class CompanyDetailOut(CompanyOut):
    satisfaction_verified: Satisfaction
    founded_year: int | None
    website: str
    summary: str
    interviews: Interviews
    transparency: Transparency
    history: list[HistoryPoint]

    @staticmethod
    def resolve_history(company: Company) -> list[dict]:
        """The last 24 months, oldest first."""
        points = []
        for point in company_history(company)["points"]:
            score = point["score"]

            def value(exact, score=score) -> float | None:
                return float(decimal_of(exact(), "0.1")) if score.is_shown else None

            points.append(
                {
                    "month": point["month"],
                    "total": value(score.total_fraction),
                    "categories": {
                        key: value(lambda key=key, score=score: score.category_fraction(key))
                        for key in CATEGORY_KEYS
                    },
                    "review_count": score.review_count,
                }
            )
        return points

    @staticmethod
    def resolve_transparency(company: Company) -> dict:
        figures = transparency.company_figures(company.pk)
        recent = dict(figures["recent"])
        recent["hidden_by_reports"] = recent.pop("reports")
        return {"since": figures["since"], **recent}

    keywords: Keywords

    @staticmethod
    def resolve_keywords(company: Company) -> dict:
        """The nouns published reviews name most in their pros and in their cons."""
        stored = getattr(company, "keywords", None)
        return {
            side: [{"word": word, "count": count} for word, count in getattr(stored, side, [])]
            for side in ("pros", "cons")
        }

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


@router.get(
    "/",
    response={200: list[CompanyOut], 400: Error, 422: Error},
    summary="Published companies, by name",
)
@paginate(CompanyPagination, page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
def list_companies(
    request,
    q: str = Query(
        "", max_length=QUERY_MAX_LENGTH, description="Part of a name, acronym or alias."
    ),
):
    companies = Company.objects.published().search(q).select_related("score")
    return companies.order_by("name", "id")


@router.get(
    "/{slug}/",
    response={200: CompanyDetailOut, 400: Error, 404: Error, 422: Error},
    summary="One company's profile and scores",
)
def company_detail(
    request,
    slug: str = Path(..., pattern=SLUG_PATTERN, max_length=SLUG_MAX_LENGTH, example="nipa"),
):
    """Served from the page cache until the company's data or scores change."""

    def detail() -> bytes:
        companies = Company.objects.published().select_related(
            "score", "verified_score", "interview_stats", "keywords"
        )
        company = get_object_or_404(companies, slug=slug)
        return CompanyDetailOut.from_orm(company).model_dump_json().encode()

    body = cached(f"api:company:{slug}", company_scope(slug), detail)
    return HttpResponse(body, content_type="application/json")  # the documented shape


api = NinjaAPI(
    title=f"{settings.SITE_NAME} API",
    version="1",
    description="Company profiles and satisfaction scores computed from published reviews. "
    "Read-only; no author data.",
    urls_namespace="api",
)
api.add_router("/companies/", router)


# Errors in the shape every operation declares (`Error`), in Korean. 400 and a 404 for an
# address no operation serves come from nipa_reviews.views, before the API is reached.


def parameter_hint(name: str) -> str:
    """What a client sent wrong in the parameter `name`, and how to send it right."""
    hints = {
        "page": _("page는 1부터 {max:,}까지의 정수로 보내 주세요.").format(max=MAX_PAGE),
        "page_size": _("page_size는 1부터 {max}까지의 정수로 보내 주세요.").format(
            max=MAX_PAGE_SIZE
        ),
        "q": _("q(검색어)는 {max}자 이하로 보내 주세요.").format(max=QUERY_MAX_LENGTH),
        "slug": _(
            "slug는 기업 주소 이름입니다: 영문, 숫자, -, _ 로 된 {max}자 이하 (예: nipa)."
        ).format(max=SLUG_MAX_LENGTH),
    }
    return hints.get(name) or _("{name} 값이 올바르지 않습니다.").format(name=name)


@api.exception_handler(ValidationError)
def invalid_parameters(request, exc: ValidationError):
    names = dict.fromkeys(str(error["loc"][-1]) for error in exc.errors)
    hints = [parameter_hint(name) for name in names]
    return api.create_response(request, {"detail": " ".join(hints)}, status=422)


@api.exception_handler(Http404)
def not_found(request, exc: Http404):
    detail = _("그런 기업이 없습니다. slug를 GET /api/companies/ 목록에서 확인해 주세요.")
    return api.create_response(request, {"detail": detail}, status=404)
