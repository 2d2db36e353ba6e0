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
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from companies import transparency
from companies.models import Company
from interviews.selectors import (
    latest_interviews,
    latest_questions,
    latest_tips,
    published_questions,
)
from nipa_reviews.accounts.decorators import VerifiedEmailRequiredMixin, verified_email_required
from nipa_reviews.accounts.legal import DOCUMENTS, Document
from nipa_reviews.middleware import BadInput
from nipa_reviews.moderation.models import Redaction
from nipa_reviews.pagecache import (
    cached,
    cached_for_anonymous,
    cached_list_for_anonymous,
    company_scope,
)
from nipa_reviews.search.analysis import parse_query
from nipa_reviews.search.results import MAX_RESULTS, Tiered
from nipa_reviews.submissions.kinds import kinds
from nipa_reviews.submissions.services import TAKEDOWN_MAX_DAYS
from reviews.history import company_history, scores_at_year_end
from reviews.selectors import (
    helpful_recent_reviews,
    highlights_by_kind,
    latest_reviews,
    most_reviewed_companies,
    search_reviews,
    top_companies,
    with_satisfaction,
)

from .accounts import account_delete, account_export
from .forms import SearchForm

RESULTS_PER_PAGE = 20

# Two rows of two at 1280 px and up, one column on a phone.
HOME_LATEST_REVIEWS = 4


@cached_list_for_anonymous()
def home(request: HttpRequest) -> HttpResponse:
    context = {
        "top_companies": top_companies(),
        "most_reviewed": most_reviewed_companies(),
        "latest_reviews": latest_reviews(HOME_LATEST_REVIEWS),
        "latest_tips": latest_tips(),
    }
    return render(request, "home.html", context)


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
    # Each tab counts at most MAX_RESULTS ("200건 이상") and pages through them: a common
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
    company = get_object_or_404(
        companies.select_related("interview_stats", "reply_stats"), slug=slug
    )
    return {
        "company": company,
        "reply_share": reply_share(company),
        "latest_interviews": latest_interviews(company),
        "highlights": highlights_by_kind(company),
        "score_min_reviews": settings.SCORE_MIN_REVIEWS,
        "transparency": _transparency_box(company),
        "history": company_history(company),
    }


def _transparency_box(company: Company) -> dict:
    figures = transparency.company_figures(company.pk)
    return {
        "since": figures["since"],
        "rows": transparency.table(figures["recent"], figures["all_time"]),
        "any": bool(figures["all_time"]["submitted"]),
    }


def transparency_page(request: HttpRequest) -> HttpResponse:
    """/transparency/: every company's figures by month, and the rules in plain Korean."""
    months = transparency.site_figures()
    total = {key: sum(month[key] for month in months) for key, _label in transparency.FIGURES}
    for key in ("rejected_by", "hidden_by"):
        total[key] = {value: sum(month[key][value] for month in months) for value in months[0][key]}
    return render(
        request,
        "transparency.html",
        {
            "months": months,
            "figures": transparency.FIGURES,
            "summary": transparency.table(total),
            "score_min_reviews": settings.SCORE_MIN_REVIEWS,
            "autohide_threshold": settings.REPORT_AUTOHIDE_THRESHOLD,
            "takedown_max_days": TAKEDOWN_MAX_DAYS,
        },
    )


@cached_for_anonymous()
def company_detail(request: HttpRequest, slug: str) -> HttpResponse:
    context = _report_context(slug)
    context["top_reviews"] = helpful_recent_reviews(context["company"])
    context["latest_questions"] = latest_questions(context["latest_interviews"])
    return render(request, "companies/company_detail.html", context)


@cached_for_anonymous(params=("year",))
def company_report(request: HttpRequest, slug: str) -> HttpResponse:
    """The printable report; `?year=2023` gives the scores from the reviews published by
    the end of that year that are still published, and "2023 ver."."""
    context = _report_context(slug)
    company = context["company"]
    context["report_year"] = company.report_year
    year = request.GET.get("year")
    if year is not None:
        this_year = timezone.localdate().year
        if not (year.isdecimal() and REPORT_FIRST_YEAR <= int(year) <= this_year):
            raise BadInput(
                _("연도는 %(first)d부터 %(last)d 사이의 숫자로 적어 주세요 (예: ?year=%(last)d).")
                % {"first": REPORT_FIRST_YEAR, "last": this_year}
            )
        # The satisfaction section reads company.score: that year's, unsaved.
        company.score = scores_at_year_end(company, int(year))
        context["report_year"] = int(year)
    return render(request, "companies/company_report.html", context)


# The first year a report may be asked for.
REPORT_FIRST_YEAR = 2000


def reply_share(company: Company) -> int | None:
    """The percentage of the company's published reviews its representatives answered."""
    score, replies = getattr(company, "score", None), getattr(company, "reply_stats", None)
    if not score or not score.review_count or not replies or not replies.count:
        return None
    return round(100 * min(replies.count, score.review_count) / score.review_count)


def css_string(value: str) -> str:
    """`value` as a CSS string: quotes, backslashes and control characters escaped."""
    escaped = "".join(c if c.isprintable() and c not in '"\\' else f"\\{ord(c):x} " for c in value)
    return f'"{escaped}"'


def company_report_css(request: HttpRequest, slug: str) -> HttpResponse:
    """The printed report's running head: the company's report title on every page.

    Chromium draws @page margin boxes, but their content takes only strings, not the
    page's text (no string-set), so each company's title comes in a small stylesheet."""

    def render_css() -> bytes:
        company = get_object_or_404(
            Company.objects.published().prefetch_related("news_items"), slug=slug
        )
        title = css_string(
            _("%(name)s 분석리포트 %(year)s ver.")
            % {"name": company.name, "year": company.report_year}
        )
        site = css_string(settings.SITE_NAME)
        return (
            f"@media print {{ @page {{ @top-left {{ content: {title}; }} "
            f"@top-right {{ content: {site}; }} }} }}\n"
        ).encode()

    body = cached(f"report-css:{slug}", company_scope(slug), render_css)
    return HttpResponse(body, content_type="text/css; charset=utf-8")


class LegalDocumentView(TemplateView):
    """이용약관, 개인정보처리방침, 운영정책: templates/legal/<key>.html, with the figures they
    state taken from the settings that make them true."""

    document: Document | None = None

    def get_template_names(self) -> list[str]:
        return [f"legal/{self.document.key}.html"]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            document=self.document,
            documents=list(DOCUMENTS.values()),
            SITE_CONTACT_EMAIL=settings.SITE_CONTACT_EMAIL,
            session_days=settings.SESSION_COOKIE_AGE // 86400,
            report_threshold=settings.REPORT_AUTOHIDE_THRESHOLD,
            takedown_days=TAKEDOWN_MAX_DAYS,
            **kwargs,
        )


class MeView(VerifiedEmailRequiredMixin, TemplateView):
    """The user's own submissions of every kind, with their status: visible to nobody else."""

    template_name = "me.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        sections = []
        for kind in kinds():
            items = list(kind.model.objects.by_author(user).select_related("company"))
            # What moderators hid of them (가림 처리): the reason, never the passage.
            redactions = {}
            for redaction in Redaction.objects.filter(
                item_type=kind.name, item_id__in=[item.pk for item in items]
            ):
                redactions.setdefault(redaction.item_id, []).append(redaction)
            rows = [
                {
                    "item": item,
                    "title": kind.title(item),
                    "edit_url": kind.edit_url(item),
                    "delete_url": kind.delete_url(item),
                    "redactions": redactions.get(item.pk, []),
                }
                for item in items
            ]
            sections.append((kind, rows))
        anything = any(rows for _, rows in sections)
        # Company and expiry only: the work email that proved it is stored nowhere.
        verifications = user.employments.valid().select_related("company").order_by("expires_at")
        return super().get_context_data(
            sections=sections, anything=anything, verifications=verifications, **kwargs
        )


@verified_email_required
def my_data(request: HttpRequest) -> JsonResponse:
    """The user's own submissions as a JSON download."""
    response = JsonResponse(
        account_export(request.user), json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    filename = _("%(site)s-내-데이터.json") % {"site": settings.SITE_NAME}
    response["Content-Disposition"] = content_disposition_header(True, filename)
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
            _("탈퇴했습니다. 개인정보를 지웠고, 게시된 글은 누구의 글인지 알 수 없게 남았습니다."),
        )
        return redirect("home")
    return render(request, "account_delete.html")
