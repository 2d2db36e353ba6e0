"""Site-wide pages that belong to no app: home, my activity, health check."""

from __future__ import annotations

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from interviews.models import InterviewExperience
from nipa_reviews.accounts.decorators import VerifiedEmailRequiredMixin
from reviews.models import Review
from reviews.selectors import latest_reviews, top_companies


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "home.html",
        {"top_companies": top_companies(), "latest_reviews": latest_reviews()},
    )


class MeView(VerifiedEmailRequiredMixin, TemplateView):
    """The user's own submissions with their status: visible to nobody else."""

    template_name = "me.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            reviews=Review.objects.by_author(user).select_related("company"),
            interviews=InterviewExperience.objects.by_author(user).select_related("company"),
            **kwargs,
        )


def ping(request: HttpRequest) -> HttpResponse:
    """The trivial view: no database, no template. The benchmark's ceiling for Django here."""
    return HttpResponse("ok", content_type="text/plain")


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


def render_duplicate(
    request: HttpRequest, company, message: str, edit_url: str | None
) -> HttpResponse:
    """The page for a second submission where only one is allowed: the rule and a way on."""
    return render(
        request,
        "submission_duplicate.html",
        {"company": company, "message": message, "edit_url": edit_url},
        status=409 if request.method == "POST" else 200,
    )
