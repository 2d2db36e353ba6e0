"""Site-wide pages that belong to no app: home, my activity, health check."""

from __future__ import annotations

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from interviews.models import InterviewExperience
from nipa_reviews.accounts.decorators import VerifiedEmailRequiredMixin, verified_email_required
from nipa_reviews.accounts.selectors import account_export
from nipa_reviews.accounts.services import account_delete
from nipa_reviews.pagecache import cached_list_for_anonymous
from reviews.models import Review
from reviews.selectors import latest_reviews, top_companies


@cached_list_for_anonymous
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


@verified_email_required
def my_data(request: HttpRequest) -> JsonResponse:
    """The user's own submissions as a JSON download."""
    response = JsonResponse(
        account_export(request.user), json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    response["Content-Disposition"] = 'attachment; filename="nipa_reviews-my-data.json"'
    return response


@login_required
@reauthentication_required
def account_delete_view(request: HttpRequest) -> HttpResponse:
    """회원 탈퇴, after the user confirms their password again."""
    if request.method == "POST":
        user = request.user
        logout(request)
        account_delete(user=user)
        messages.success(
            request,
            "탈퇴했습니다. 개인정보를 지웠고, 게시된 글은 누구의 글인지 알 수 없게 남았습니다.",
        )
        return redirect("home")
    return render(request, "account_delete.html")


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
