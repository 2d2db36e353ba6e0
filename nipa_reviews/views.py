"""Site-wide pages that belong to no app: home, my activity, health check."""

from __future__ import annotations

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from nipa_reviews.accounts.decorators import VerifiedEmailRequiredMixin


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html")


class MeView(VerifiedEmailRequiredMixin, TemplateView):
    template_name = "me.html"


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Answers 200 only when the database answers a query."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
