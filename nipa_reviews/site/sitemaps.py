"""/sitemap.xml and /robots.txt: how search engines find every published company's pages.

The sitemap is an index (django.contrib.sitemaps) of sections, each paginated at LIMIT
addresses a file, well inside the protocol's 50,000 addresses and 50 MB: ten thousand
companies and their pages make a handful of files. A company's pages carry its as-of date
as lastmod. Each file costs a fixed number of queries, however many companies there are,
and is cached until a company or its scores change (the lists' version).
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Max, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from companies.models import Company
from nipa_reviews.pagecache import LISTS_KEY, SITE_KEY, cached

from .seo import absolute_url

# Addresses per sitemap file: 10,000 companies' pages of one kind in one file of ~1.5 MB.
LIMIT = 10_000


class SiteSitemap(Sitemap):
    """Addresses on SITE_URL when it is set, as the pages' canonical addresses are."""

    limit = LIMIT

    def __init__(self, request: HttpRequest | None = None):
        self.request = request

    def get_urls(self, page=1, site=None, protocol=None):
        base = urlsplit(absolute_url(self.request, "/"))
        return self._urls(page, base.scheme, base.netloc)


class StaticPagesSitemap(SiteSitemap):
    """The pages that are no company's."""

    def items(self) -> list[str]:
        return [
            "home",
            "companies:list",
            "transparency",
            "legal_terms",
            "legal_privacy",
            "legal_policy",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


class CompanyPagesSitemap(SiteSitemap):
    """One page of every published company that has something to show there; lastmod is
    the company's as-of date (the day its scores last changed)."""

    url_name = "companies:detail"

    def companies(self) -> QuerySet[Company]:
        return Company.objects.published()

    def items(self) -> QuerySet:
        # Rows, not model instances: ten thousand of them per file.
        return self.companies().order_by("pk").values_list("slug", "score__as_of", named=True)

    def location(self, row) -> str:
        return reverse(self.url_name, args=[row.slug])

    def lastmod(self, row) -> date | None:
        return row.score__as_of

    def get_latest_lastmod(self):
        # One aggregate, not the base class's walk over every company.
        return self.companies().aggregate(latest=Max("score__as_of"))["latest"]


class ReviewListsSitemap(CompanyPagesSitemap):
    url_name = "reviews:list"

    def companies(self) -> QuerySet[Company]:
        return Company.objects.published().filter(review_count__gt=0)


class InterviewListsSitemap(CompanyPagesSitemap):
    url_name = "interviews:list"

    def companies(self) -> QuerySet[Company]:
        return Company.objects.published().filter(interview_stats__count__gt=0)


class QuestionListsSitemap(InterviewListsSitemap):
    url_name = "interviews:questions"


SECTIONS: dict[str, type[SiteSitemap]] = {
    "pages": StaticPagesSitemap,
    "companies": CompanyPagesSitemap,
    "reviews": ReviewListsSitemap,
    "interviews": InterviewListsSitemap,
    "questions": QuestionListsSitemap,
}


def sections(request: HttpRequest) -> dict[str, SiteSitemap]:
    return {name: section(request) for name, section in SECTIONS.items()}


def render_or_none(response) -> bytes | None:
    return response.render().content if response.status_code == 200 else None


def xml_or_404(body: bytes | None) -> HttpResponse:
    if body is None:
        raise Http404
    response = HttpResponse(body, content_type="application/xml")
    response["X-Robots-Tag"] = "noindex, noodp, noarchive"  # the files themselves, not the pages
    return response


@require_GET
def sitemap_index(request: HttpRequest) -> HttpResponse:
    def render() -> bytes | None:
        response = sitemap_views.index(request, sections(request), sitemap_url_name="sitemap")
        # Django puts the request's host in the index; the sections' own addresses are on
        # SITE_URL, and so are the files'.
        for item in response.context_data["sitemaps"]:
            parts = urlsplit(item.location)
            item.location = absolute_url(
                request, parts.path + (f"?{parts.query}" if parts.query else "")
            )
        return render_or_none(response)

    return xml_or_404(cached("sitemap:index", [SITE_KEY, LISTS_KEY], render))


@require_GET
def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    page = request.GET.get("p", "1")
    if section not in SECTIONS or not page.isdecimal():
        raise Http404
    body = cached(
        f"sitemap:{section}:{int(page)}",
        [SITE_KEY, LISTS_KEY],
        lambda: render_or_none(
            sitemap_views.sitemap(
                request, sections(request), section=section, template_name="sitemaps/section.xml"
            )
        ),
    )
    return xml_or_404(body)


# Crawlers stay out of what is no one's public page; the forms and searches that are
# public say noindex in their heads instead, which a crawler can only read if allowed in.
ROBOTS_DISALLOW = ["/admin/", "/accounts/", "/me/", "/api/"]


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        *[f"Disallow: {path}" for path in ROBOTS_DISALLOW],
        "",
        f"Sitemap: {absolute_url(request, reverse('sitemap_index'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
