from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def company_list(request: HttpRequest) -> HttpResponse:
    return render(request, "companies/company_list.html", {"query": request.GET.get("q", "")})
