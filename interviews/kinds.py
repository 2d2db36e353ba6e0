"""Interview experiences as a kind of submission (nipa_reviews.submissions.kinds)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from companies.transparency import ModerationTally
from nipa_reviews.submissions.kinds import Kind
from nipa_reviews.submissions.models import Status

from .admin import InterviewQuestionInline
from .models import CompanyInterviewStats, InterviewExperience, InterviewQuestion
from .services import EDITABLE_FIELDS, clean_questions, save_questions


class InterviewKind(Kind):
    name = "interview"
    # A noun inside sentences ("Delete this interview review?"), hence its own context.
    label = pgettext_lazy("kind", "면접 후기")
    namespace = "interviews"
    url_prefix = "interviews"
    model = InterviewExperience
    aggregates = (CompanyInterviewStats,)
    tallies = (ModerationTally,)
    editable_fields = EDITABLE_FIELDS
    text_fields = ("format", "account", "tip")
    admin_options = {
        "list_filter": ["level", "result"],
        "search_fields": ["account", "tip", "format", "questions__text"],
        "excerpt_field": "account",
        "inlines": [InterviewQuestionInline],
    }

    def title(self, item: InterviewExperience) -> str:
        return item.period_label

    def blocking(self, *, author, company, candidate=None, at=None):
        """One experience per company per period; a rejected one can be redone."""
        if candidate is None:
            return None  # the period is chosen on the form
        experiences = (
            InterviewExperience.objects.by_author(author)
            .for_company(company)
            .filter(year=candidate.year, half=candidate.half)
            .exclude(status=Status.REJECTED)
            .select_related("company")
        )
        if candidate.pk:
            experiences = experiences.exclude(pk=candidate.pk)
        return experiences.first()

    def duplicate_message(self, existing: InterviewExperience) -> str:
        return _(
            "%(period)s %(company)s 면접 후기를 이미 쓰셨습니다. "
            "같은 시기의 면접 후기는 하나만 쓸 수 있습니다."
        ) % {"period": existing.period_label, "company": existing.company.name}

    def public_url(self, item: InterviewExperience) -> str:
        return reverse("interviews:detail", args=[item.company.slug, item.public_id])

    def analysis_source(self, item: InterviewExperience) -> tuple:
        """Its questions: what the question bank searches."""
        return tuple(item.questions.order_by("order", "id").values_list("pk", "text"))

    def analyse(self, item: InterviewExperience, analyser) -> dict[int, str]:
        return {pk: self.question_vector(text, analyser) for pk, text in self.analysis_source(item)}

    @staticmethod
    def question_vector(text: str, analyser) -> str:
        return analyser.vector([("A", text)])

    def store_analysis(self, item: InterviewExperience, analysis: dict[int, str] | None) -> None:
        if analysis is None:
            item.questions.update(search=None)
            return
        questions = list(item.questions.filter(pk__in=analysis))
        for question in questions:
            question.search = analysis[question.pk]
        InterviewQuestion.objects.bulk_update(questions, ["search"])

    def analysed(self, items, *, stored: bool = True):
        held = InterviewQuestion.objects.filter(search__isnull=False).values("experience_id")
        return items.filter(pk__in=held) if stored else items.exclude(pk__in=held)

    def take_extras(self, fields: dict, *, creating: bool) -> dict:
        """Its questions: required with a new experience, kept when an edit omits them."""
        questions = fields.pop("questions", None)
        if questions is None and not creating:
            return {}
        return {"questions": clean_questions(questions or [])}

    def save_extras(self, item: InterviewExperience, extras: dict) -> None:
        if extras.get("questions") is not None:
            save_questions(item, extras["questions"])
