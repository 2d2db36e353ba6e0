from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View

from companies.models import Company
from nipa_reviews.accounts.decorators import VerifiedEmailRequiredMixin
from nipa_reviews.keyset import keyset_page
from nipa_reviews.pagecache import cached_for_anonymous
from nipa_reviews.ratelimit import accepted, rate_limited
from nipa_reviews.search.analysis import parse_query
from nipa_reviews.search.results import Tiered
from nipa_reviews.submissions import services as submissions
from nipa_reviews.submissions.kinds import kind_of
from nipa_reviews.submissions.views import render_duplicate

from . import selectors
from .forms import (
    InterviewFilterForm,
    InterviewForm,
    QuestionSearchForm,
    posted_rows,
    question_formset,
)
from .models import MAX_QUESTIONS, InterviewExperience

PER_PAGE = 20


def _company(slug: str) -> Company:
    return get_object_or_404(
        Company.objects.published().select_related("interview_stats"), slug=slug
    )


@cached_for_anonymous(params=("level", "job", "year", "result", "page", "after", "before"))
def interview_list(request: HttpRequest, slug: str) -> HttpResponse:
    company = _company(slug)
    form = InterviewFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}  # bad values: no filter
    experiences = selectors.published_interviews(
        company=company,
        level=filters.get("level", ""),
        job_category=filters.get("job"),
        year=filters.get("year"),
        result=filters.get("result", ""),
    )
    page = keyset_page(
        experiences,
        order=selectors.INTERVIEW_ORDER,
        per_page=PER_PAGE,
        count=experiences.count(),
        page=request.GET.get("page"),
        after=request.GET.get("after"),
        before=request.GET.get("before"),
    )
    return render(
        request,
        "interviews/interview_list.html",
        {"company": company, "page": page, "form": form},
    )


@cached_for_anonymous()
def interview_detail(request: HttpRequest, slug: str, public_id: UUID) -> HttpResponse:
    company = _company(slug)
    experience = get_object_or_404(
        selectors.published_interviews(company=company), public_id=public_id
    )
    return render(
        request, "interviews/interview_detail.html", {"company": company, "experience": experience}
    )


@cached_for_anonymous(params=("q", "page"))
def question_list(request: HttpRequest, slug: str) -> HttpResponse:
    company = _company(slug)
    form = QuestionSearchForm(request.GET)
    text = form.cleaned_data["q"] if form.is_valid() else ""  # a bad query: no filter
    query = parse_query(text) if text else None
    questions = selectors.published_questions(company=company, query=query)
    if query is not None:  # at most a thousand matches counted (nipa_reviews.search.results)
        questions = Tiered([questions] if query else [])
    page = Paginator(questions, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "interviews/question_list.html",
        {"company": company, "page": page, "query": query, "text": text},
    )


@method_decorator(rate_limited("interview"), name="post")
class InterviewFormView(VerifiedEmailRequiredMixin, View):
    """Writes a new experience, or edits the author's own pending one (`pk`)."""

    template_name = "interviews/interview_form.html"

    def load(self) -> None:
        """The experience being edited (the author's own, still pending) or the company."""
        if "public_id" in self.kwargs:
            self.experience = get_object_or_404(
                InterviewExperience.objects.select_related("company").prefetch_related("questions"),
                public_id=self.kwargs["public_id"],
                author=self.request.user,
                status=InterviewExperience.Status.PENDING,
            )
            self.company = self.experience.company
        else:
            self.experience = None
            self.company = get_object_or_404(Company.objects.published(), slug=self.kwargs["slug"])

    def get(self, request, *args, **kwargs):
        self.load()
        if self.experience is None:
            form = InterviewForm()
            formset = question_formset()
        else:
            form = InterviewForm(instance=self.experience)
            formset = question_formset(texts=[q.text for q in self.experience.questions.all()])
        return self.render(form, formset)

    def post(self, request, *args, **kwargs):
        self.load()
        if "add_question" in request.POST:
            return self.add_question_row()
        form = InterviewForm(request.POST, instance=self.experience)
        formset = question_formset(request.POST)
        if not (form.is_valid() and formset.is_valid()):
            return self.render(form, formset)
        fields = form.cleaned_data
        try:
            if self.experience is None:
                submissions.submit(
                    kind=kind_of(InterviewExperience),
                    company=self.company,
                    author=request.user,
                    questions=formset.questions(),
                    **fields,
                )
            else:
                submissions.update(item=self.experience, questions=formset.questions(), **fields)
        except submissions.Duplicate as duplicate:
            return render_duplicate(request, self.company, duplicate)
        except ValidationError as error:
            form.add_error(None, error)
            return self.render(form, formset)
        messages.success(request, _("면접 후기가 접수되었습니다. 운영자 검수를 거쳐 게시됩니다."))
        # A new experience counts; editing one's own pending one does not, as for reviews.
        return accepted(redirect("me")) if self.experience is None else redirect("me")

    def add_question_row(self) -> HttpResponse:
        """ "질문 칸 추가" without JavaScript: the same input back, one more empty row."""
        data = self.request.POST
        total = min(posted_rows(data), MAX_QUESTIONS)
        texts = [data.get(f"questions-{i}-text", "") for i in range(total)]
        form = InterviewForm(initial=data.dict(), instance=self.experience)
        return self.render(form, question_formset(texts=texts, rows=total + 1))

    def render(self, form, formset) -> HttpResponse:
        return render(
            self.request,
            self.template_name,
            {
                "company": self.company,
                "form": form,
                "formset": formset,
                "experience": self.experience,
                "can_add_question": formset.total_form_count() < MAX_QUESTIONS,
            },
        )
