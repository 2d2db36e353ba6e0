"""Pages that compose several apps: home, a company's page and printable report, my
activity and my account."""

from __future__ import annotations

from allauth.account.decorators import reauthentication_required
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from companies.models import Company
from interviews.selectors import latest_interviews, published_questions
from nipa_reviews.accounts.decorators import VerifiedEmailRequiredMixin, verified_email_required
from nipa_reviews.pagecache import cached_for_anonymous, cached_list_for_anonymous
from nipa_reviews.search.analysis import parse_query
from nipa_reviews.search.results import MAX_RESULTS, Tiered
from nipa_reviews.submissions.kinds import kinds
from reviews.selectors import (
    highlights_by_kind,
    latest_reviews,
    search_reviews,
    top_companies,
    with_satisfaction,
)

from .accounts import account_delete, account_export
from .forms import SearchForm

RESULTS_PER_PAGE = 20


@cached_list_for_anonymous()
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "home.html",
        {"top_companies": top_companies(), "latest_reviews": latest_reviews()},
    )


@cached_list_for_anonymous(params=("q", "tab", "page"))
def search(request: HttpRequest) -> HttpResponse:
    """/search/: reviews, interview questions and companies, in tabs, each with its count."""
    form = SearchForm(request.GET or None)
    filters = {}
    if form.is_bound:
        form.is_valid()  # the fields that are valid stay: a bad tab alone keeps the query
        filters = form.cleaned_data
    text, tab = filters.get("q", ""), filters.get("tab") or "reviews"
    context = {"form": form, "text": text, "tab": tab, "query": None, "max_results": MAX_RESULTS}
    if not text:
        return render(request, "search.html", context)
    query = parse_query(text)
    # A company's name is matched as typed (Korean substrings), as /companies/ does.
    companies = Company.objects.published().search(text).select_related("score")
    # Each tab counts at most MAX_RESULTS ("1,000건 이상") and pages through them: a common
    # word across a million reviews is never counted or sorted whole (search.results).
    results = {
        "reviews": search_reviews(query),
        "questions": Tiered([published_questions(company=None, query=query)] if query else []),
        "companies": Tiered([companies.order_by("name", "id")] if query else []),
    }
    paginator = Paginator(results[tab], RESULTS_PER_PAGE)
    tabs = [
        (name, label, results[name].count() + results[name].more)
        for name, label in (
            ("reviews", _("리뷰")),
            ("questions", _("면접 질문")),
            ("companies", _("기업")),
        )
    ]
    context.update(query=query, tabs=tabs, page=paginator.get_page(request.GET.get("page")))
    return render(request, "search.html", context)


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


@cached_for_anonymous()
def company_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "companies/company_detail.html", _report_context(slug))


@cached_for_anonymous()
def company_report(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "companies/company_report.html", _report_context(slug))


class MeView(VerifiedEmailRequiredMixin, TemplateView):
    """The user's own submissions of every kind, with their status: visible to nobody else."""

    template_name = "me.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        sections = [
            (
                kind,
                [
                    {
                        "item": item,
                        "title": kind.title(item),
                        "edit_url": kind.edit_url(item),
                        "delete_url": kind.delete_url(item),
                    }
                    for item in kind.model.objects.by_author(user).select_related("company")
                ],
            )
            for kind in kinds()
        ]
        anything = any(rows for _, rows in sections)
        return super().get_context_data(sections=sections, anything=anything, **kwargs)


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
