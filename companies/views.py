from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from interviews.selectors import latest_interviews
from nipa_reviews.pagecache import cached_for_anonymous, cached_list_for_anonymous
from reviews.selectors import highlights_by_kind, with_satisfaction

from . import selectors
from .forms import CompanySearchForm
from .models import Company

COMPANIES_PER_PAGE = 20


@cached_list_for_anonymous
def company_list(request: HttpRequest) -> HttpResponse:
    form = CompanySearchForm(request.GET or None, industries=selectors.industries())
    filters = form.cleaned_data if form.is_valid() else {}
    companies = selectors.company_list(
        query=filters.get("q", ""),
        organisation_type=filters.get("type", ""),
        industry=filters.get("industry", ""),
        sort=filters.get("sort") or "score",
    )
    page = Paginator(companies, COMPANIES_PER_PAGE).get_page(request.GET.get("page"))
    querystring = request.GET.copy()
    querystring.pop("page", None)
    return render(
        request,
        "companies/company_list.html",
        {"form": form, "page": page, "querystring": querystring.urlencode(), "filters": filters},
    )


def _report_context(slug: str) -> dict:
    """Everything the company page and the printable report show."""
    companies = with_satisfaction(Company.objects.published().with_profile())
    company = get_object_or_404(companies.select_related("interview_stats"), slug=slug)
    return {
        "company": company,
        "latest_interviews": latest_interviews(company),
        "highlights": highlights_by_kind(company),
        "score_min_reviews": settings.SCORE_MIN_REVIEWS,
    }


@cached_for_anonymous
def company_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "companies/company_detail.html", _report_context(slug))


@cached_for_anonymous
def company_report(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "companies/company_report.html", _report_context(slug))
