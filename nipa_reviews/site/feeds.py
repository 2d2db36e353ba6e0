"""A company's Atom feed of newly published reviews and interview experiences
(/companies/<slug>/feed/), linked from its page.

It shows what the public pages show and nothing more (PRODUCT.md, anonymity rules): no
author, and no time finer than a month. Each entry is dated the first day of the month it
was published, Korean time, and within a month entries come in the order of their random
public ids, as the home page's latest reviews do: the feed says which are recent, never in
what order a review and an interview experience arrived, which could link one author's two
submissions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from companies.models import Company
from interviews.models import InterviewExperience
from nipa_reviews.pagecache import cached, company_scope
from nipa_reviews.submissions.kinds import kind_of
from reviews.models import Review

from .seo import absolute_url

ENTRIES = 20


@dataclass(frozen=True)
class Entry:
    title: str
    link: str
    description: str
    month: datetime
    public_id: str


def month_of(moment: datetime) -> datetime:
    """The first instant of `moment`'s month, Korean time: all the feed tells of a date."""
    local = timezone.localtime(moment)
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def review_entry(review: Review, request: HttpRequest) -> Entry:
    title = _("%(status)s · %(job)s 리뷰: %(title)s") % {
        "status": review.get_employment_status_display(),
        "job": review.job_category.name,
        "title": review.title,
    }
    return Entry(
        title=title,
        link=absolute_url(request, kind_of(review).public_url(review)),
        description=render_to_string("feeds/review.html", {"review": review}),
        month=month_of(review.published_at),
        public_id=str(review.public_id),
    )


def interview_entry(experience: InterviewExperience, request: HttpRequest) -> Entry:
    title = _("%(period)s %(level)s 면접 후기 (%(job)s)") % {
        "period": experience.period_label,
        "level": experience.get_level_display(),
        "job": experience.job_category.name,
    }
    return Entry(
        title=title,
        link=absolute_url(request, kind_of(experience).public_url(experience)),
        description=render_to_string("feeds/interview.html", {"experience": experience}),
        month=month_of(experience.published_at),
        public_id=str(experience.public_id),
    )


class CompanyFeed(Feed):
    """One request's feed: made per request, so it may keep the request for addresses."""

    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, slug: str) -> Company:
        self.request = request
        return get_object_or_404(Company.objects.published(), slug=slug)

    def author_name(self) -> str:
        # Atom wants an author for the feed or for every entry: the site, never a reviewer.
        return settings.SITE_NAME

    def title(self, company: Company) -> str:
        return _("%(name)s 새 리뷰·면접 후기 · %(site)s") % {
            "name": company.name,
            "site": settings.SITE_NAME,
        }

    def subtitle(self, company: Company) -> str:
        return _("%(name)s에 새로 게시된 현직자 리뷰와 면접 후기") % {"name": company.name}

    def link(self, company: Company) -> str:
        return absolute_url(self.request, company.get_absolute_url())

    def feed_url(self, company: Company) -> str:
        return absolute_url(self.request, reverse("companies:feed", args=[company.slug]))

    def items(self, company: Company) -> list[Entry]:
        reviews = (
            Review.objects.published()
            .for_company(company)
            .select_related("job_category")
            .defer("search", "keywords")
            .order_by("-published_at", "-id")[:ENTRIES]
        )
        experiences = (
            InterviewExperience.objects.published()
            .for_company(company)
            .select_related("job_category")
            .prefetch_related("questions")
            .order_by("-published_at", "-id")[:ENTRIES]
        )
        entries = []
        for review in reviews:
            review.company = company
            entries.append(review_entry(review, self.request))
        for experience in experiences:
            experience.company = company
            entries.append(interview_entry(experience, self.request))
        entries.sort(key=lambda entry: (-entry.month.timestamp(), entry.public_id))
        return entries[:ENTRIES]

    def item_title(self, item: Entry) -> str:
        return item.title  # Atom's title is text: the XML writer escapes it

    def item_link(self, item: Entry) -> str:
        return item.link

    def item_description(self, item: Entry) -> str:
        return item.description

    def item_updateddate(self, item: Entry) -> datetime:
        return item.month


def company_feed(request: HttpRequest, slug: str) -> HttpResponse:
    """The feed, the same for everyone, cached per company version and language."""

    def render() -> bytes:
        return CompanyFeed()(request, slug=slug).content

    body = cached(f"feed:{slug}:{get_language()}", company_scope(slug), render)
    return HttpResponse(body, content_type=Atom1Feed.content_type)
