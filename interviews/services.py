"""Writes that belong to interview experiences alone: their questions. Submitting,
editing, deleting and moderating an experience go through the shared submission services
(nipa_reviews.submissions.services), which keep the aggregates."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import MAX_QUESTIONS, InterviewExperience, InterviewQuestion

EDITABLE_FIELDS = [
    "year",
    "half",
    "level",
    "job_category",
    "result",
    "difficulty",
    "atmosphere",
    "format",
    "account",
    "tip",
]


def clean_questions(questions: list[str]) -> list[str]:
    questions = [q.strip() for q in questions if q and q.strip()]
    if not questions:
        raise ValidationError({"questions": _("면접 질문을 하나 이상 적어 주세요.")})
    if len(questions) > MAX_QUESTIONS:
        raise ValidationError(
            {
                "questions": _("면접 질문은 %(limit)d개까지 적을 수 있습니다.")
                % {"limit": MAX_QUESTIONS}
            }
        )
    return questions


def save_questions(experience: InterviewExperience, questions: list[str]) -> None:
    """Replaces the experience's questions, in order."""
    rows = [
        InterviewQuestion(experience=experience, order=i, text=text)
        for i, text in enumerate(questions)
    ]
    for row in rows:
        row.full_clean(exclude=["experience"])
    experience.questions.all().delete()
    InterviewQuestion.objects.bulk_create(rows)
