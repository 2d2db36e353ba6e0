from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from nipa_reviews.pagecache import cached_list_for_anonymous

from . import selectors
from .forms import CompanySearchForm

COMPANIES_PER_PAGE = 20


@cached_list_for_anonymous(params=("q", "type", "industry", "sort", "page"))
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
    return render(
        request, "companies/company_list.html", {"form": form, "page": page, "filters": filters}
    )
