"""Reads of interview experiences that pages share."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from companies.models import Company
from nipa_reviews.search.analysis import Query
from nipa_reviews.search.fields import Matches

from .models import InterviewExperience, InterviewQuestion

LATEST_ON_COMPANY_PAGE = 3
LATEST_QUESTIONS = 5
# The interview list's order, total (the id breaks ties): keyset pages read it from the
# interview_company_newest index.
INTERVIEW_ORDER = ("-published_at", "-id")


def latest_interviews(company: Company) -> list[InterviewExperience]:
    """The company page's latest three published experiences with their questions: two
    queries on the (company, status, published_at) index, however many there are."""
    return list(
        InterviewExperience.objects.published()
        .for_company(company)
        .select_related("job_category")
        .prefetch_related("questions")
        .order_by("-published_at", "-id")[:LATEST_ON_COMPANY_PAGE]
    )


def latest_questions(
    experiences: list[InterviewExperience],
) -> list[tuple[InterviewExperience, InterviewQuestion]]:
    """The company page's latest five questions, each with its experience, from the latest
    experiences' prefetched questions: no query."""
    pairs = [(e, question) for e in experiences for question in e.questions.all()]
    return pairs[:LATEST_QUESTIONS]


def latest_tips(limit: int = 3) -> list[InterviewExperience]:
    """The latest published experiences that leave a tip, across companies, newest month
    first and within a month by random public id, as the home page's latest reviews are:
    the page does not tell in what order different companies' experiences came."""
    latest = (
        InterviewExperience.objects.published()
        .exclude(tip="")
        .select_related("company", "job_category")
        .order_by("-published_at", "-id")[:limit]
    )

    def month(experience: InterviewExperience) -> int:
        published = timezone.localtime(experience.published_at)
        return published.year * 12 + published.month

    return sorted(latest, key=lambda e: (-month(e), str(e.public_id)))


def published_interviews(
    *,
    company: Company,
    level: str = "",
    job_category=None,
    year: int | None = None,
    result: str = "",
) -> QuerySet[InterviewExperience]:
    experiences = (
        InterviewExperience.objects.published()
        .for_company(company)
        .select_related("job_category")
        .prefetch_related("questions")
    )
    if level:
        experiences = experiences.filter(level=level)
    if job_category is not None:
        experiences = experiences.filter(job_category=job_category)
    if year:
        experiences = experiences.filter(year=year)
    if result:
        experiences = experiences.filter(result=result)
    return experiences.order_by(*INTERVIEW_ORDER)


def published_questions(
    *, company: Company | None, query: Query | None = None
) -> QuerySet[InterviewQuestion]:
    """Every published question of a company, newest experience first; of every company
    (None), newest question first, the order of the primary key, which a search walks
    until a page is full instead of sorting every question of a common word. With a
    query, those holding every one of its lemmas (a GIN index on PostgreSQL)."""
    questions = InterviewQuestion.objects.filter(
        experience__status=InterviewExperience.Status.PUBLISHED
    ).select_related("experience", "experience__job_category")
    if query is not None:
        questions = questions.filter(Matches("search", query.lemmas)) if query else questions.none()
    questions = questions.defer("search")
    if company is None:
        return questions.select_related("experience__company").order_by("-id")
    return questions.filter(experience__company=company).order_by(
        "-experience__published_at", "-experience_id", "order"
    )
