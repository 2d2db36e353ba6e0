from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, UpdateView

from companies.models import Company
from nipa_reviews.accounts.decorators import VerifiedEmailRequiredMixin, verified_email_required
from nipa_reviews.keyset import keyset_page
from nipa_reviews.pagecache import cached_for_anonymous
from nipa_reviews.ratelimit import accepted, rate_limited
from nipa_reviews.search.analysis import parse_query
from nipa_reviews.submissions import services as submissions
from nipa_reviews.submissions.kinds import kind_of
from nipa_reviews.submissions.views import render_duplicate

from . import selectors, services
from .forms import ReplyForm, ReviewFilterForm, ReviewForm
from .models import EmployerReply, Review

REVIEWS_PER_PAGE = 20
# The list's heading says whose reviews it shows, as filtered.
LIST_HEADINGS = {
    "": _("현직자·전직자 리뷰"),
    Review.EmploymentStatus.CURRENT: _("현직자 리뷰"),
    Review.EmploymentStatus.FORMER: _("전직자 리뷰"),
}


@cached_for_anonymous(params=("q", "status", "job", "verified", "sort", "page", "after", "before"))
def review_list(request: HttpRequest, slug: str) -> HttpResponse:
    companies = Company.objects.published().select_related("score", "verified_score")
    company = get_object_or_404(companies, slug=slug)
    data = request.GET.copy()
    if data.get("q", "").strip() and not data.get("sort"):
        data["sort"] = "relevance"  # a search's default order, shown as chosen
    form = ReviewFilterForm(data or None)
    filters = form.cleaned_data if form.is_valid() else {}  # bad values: no filter
    status, job = filters.get("status", ""), filters.get("job")
    verified = filters.get("verified") == "1"
    query = parse_query(filters["q"]) if filters.get("q") else None
    reviews = selectors.published_reviews(
        company=company,
        employment_status=status,
        job_category=job,
        verified=verified,
        sort=filters.get("sort", ""),
        query=query,
    )
    if query is not None:
        # A search counts and pages its own matches, at most a thousand, so a page number
        # skips at most that many (nipa_reviews.search.results).
        page = Paginator(reviews, REVIEWS_PER_PAGE).get_page(request.GET.get("page"))
    else:
        # Every published review, or every verified one: the stored count saves a COUNT.
        stored = getattr(company, "verified_score" if verified else "score", None)
        count = reviews.count() if status or job or stored is None else stored.review_count
        page = keyset_page(
            reviews,
            order=selectors.review_order(filters.get("sort", "")),
            per_page=REVIEWS_PER_PAGE,
            count=count,
            page=request.GET.get("page"),
            after=request.GET.get("after"),
            before=request.GET.get("before"),
        )
    user = request.user
    context = {
        "company": company,
        "page": page,
        "form": form,
        "query": query,
        "heading": LIST_HEADINGS.get(status, LIST_HEADINGS[""]),
        # Signed in: which of the page's reviews this reader marked 도움이 돼요 (one query).
        "voted_ids": selectors.voted_by(user, page.object_list),
        # Its representatives see where they may answer (signed in: never a cached page).
        "is_representative": (
            user.is_authenticated and company.representatives.filter(user=user).exists()
        ),
    }
    return render(request, "reviews/review_list.html", context)


@method_decorator(rate_limited("review"), name="post")
class ReviewCreateView(VerifiedEmailRequiredMixin, CreateView):
    form_class = ReviewForm
    template_name = "reviews/review_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.company = get_object_or_404(Company.objects.published(), slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        kind = kind_of(Review)
        existing = kind.blocking(author=request.user, company=self.company)
        if existing is not None:
            duplicate = submissions.Duplicate(kind, existing)
            return render_duplicate(request, self.company, duplicate)
        return super().get(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            submissions.submit(
                kind=kind_of(Review),
                company=self.company,
                author=self.request.user,
                **form.cleaned_data,
            )
        except submissions.Duplicate as duplicate:
            return render_duplicate(self.request, self.company, duplicate)
        messages.success(
            self.request, _("리뷰가 접수되었습니다. 운영자 검수를 거쳐 게시되면 점수에 반영됩니다.")
        )
        return accepted(redirect("me"))

    def get_context_data(self, **kwargs):
        return super().get_context_data(company=self.company, **kwargs)


class ReviewUpdateView(VerifiedEmailRequiredMixin, UpdateView):
    form_class = ReviewForm
    template_name = "reviews/review_form.html"

    def get_object(self, queryset=None):
        # Only the author's own review, and only while it waits for a moderator.
        return get_object_or_404(
            Review.objects.select_related("company"),
            public_id=self.kwargs["public_id"],
            author=self.request.user,
            status=Review.Status.PENDING,
        )

    def form_valid(self, form):
        submissions.update(item=self.object, **form.cleaned_data)
        messages.success(self.request, _("리뷰를 고쳤습니다. 검수가 끝나면 게시됩니다."))
        return redirect("me")

    def get_context_data(self, **kwargs):
        return super().get_context_data(company=self.object.company, **kwargs)


@require_POST
@verified_email_required
@rate_limited("helpful")
def review_helpful(request: HttpRequest, public_id: UUID) -> HttpResponse:
    review = get_object_or_404(
        Review.objects.published().select_related("company"), public_id=public_id
    )
    # A form that says what it wants ("on": 1 or 0) repeats safely; without it, a toggle.
    wanted = {"1": True, "0": False}.get(request.POST.get("on", ""))
    back = redirect(kind_of(review).public_url(review))
    try:
        on = services.review_set_helpful(review=review, user=request.user, on=wanted)
    except PermissionDenied as denied:
        messages.error(request, str(denied))
        return back
    messages.success(
        request, _("도움이 돼요를 눌렀습니다.") if on else _("도움이 돼요를 취소했습니다.")
    )
    return accepted(back)


@verified_email_required
@rate_limited("reply")
def reply_create(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """기업 답변: the company's representative answers one published review."""
    review = get_object_or_404(
        Review.objects.published().select_related("company", "job_category"),
        public_id=public_id,
    )
    if not review.company.representatives.filter(user=request.user).exists():
        raise PermissionDenied(_("이 기업의 기업 담당자만 답변할 수 있습니다."))
    kind = kind_of(EmployerReply)
    form = ReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            submissions.submit(
                kind=kind,
                company=review.company,
                author=request.user,
                review=review,
                **form.cleaned_data,
            )
        except submissions.Duplicate as duplicate:
            return render_duplicate(request, review.company, duplicate)
        messages.success(request, _("기업 답변이 접수되었습니다. 운영자 검수를 거쳐 게시됩니다."))
        return accepted(redirect("me"))
    return render(
        request,
        "reviews/reply_form.html",
        {"company": review.company, "review": review, "form": form},
    )


class ReplyUpdateView(VerifiedEmailRequiredMixin, UpdateView):
    """The representative edits their reply while it waits for a moderator."""

    form_class = ReplyForm
    template_name = "reviews/reply_form.html"

    def get_object(self, queryset=None):
        return get_object_or_404(
            EmployerReply.objects.select_related("company", "review__job_category"),
            public_id=self.kwargs["public_id"],
            author=self.request.user,
            status=EmployerReply.Status.PENDING,
        )

    def form_valid(self, form):
        submissions.update(item=self.object, **form.cleaned_data)
        messages.success(self.request, _("기업 답변을 고쳤습니다. 검수가 끝나면 게시됩니다."))
        return redirect("me")

    def get_context_data(self, **kwargs):
        reply = self.object
        return super().get_context_data(company=reply.company, review=reply.review, **kwargs)
