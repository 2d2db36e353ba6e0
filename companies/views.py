from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from . import selectors
from .forms import CompanySearchForm
from .models import Company

COMPANIES_PER_PAGE = 20


def company_list(request: HttpRequest) -> HttpResponse:
    form = CompanySearchForm(request.GET or None, industries=selectors.industries())
    filters = form.cleaned_data if form.is_valid() else {}
    companies = selectors.company_list(
        query=filters.get("q", ""),
        organisation_type=filters.get("type", ""),
        industry=filters.get("industry", ""),
        sort=filters.get("sort") or "name",
    )
    page = Paginator(companies, COMPANIES_PER_PAGE).get_page(request.GET.get("page"))
    querystring = request.GET.copy()
    querystring.pop("page", None)
    return render(
        request,
        "companies/company_list.html",
        {"form": form, "page": page, "querystring": querystring.urlencode(), "filters": filters},
    )


def _published_company(slug: str) -> Company:
    return get_object_or_404(Company.objects.published().with_profile(), slug=slug)


def company_detail(request: HttpRequest, slug: str) -> HttpResponse:
    company = _published_company(slug)
    return render(request, "companies/company_detail.html", {"company": company})


def company_report(request: HttpRequest, slug: str) -> HttpResponse:
    company = _published_company(slug)
    return render(request, "companies/company_report.html", {"company": company})
