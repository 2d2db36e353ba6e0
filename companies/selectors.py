"""Reads that span a company's profile: the list page and the profile export."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from .models import Company, Industry
from .services import PROFILE_FORMAT

# Sort key → (ORDER BY, label), each served by an index on Company. "score" is the
# Bayesian ranking (PRODUCT.md); companies without a shown score (ranking 0) come last.
COMPANY_SORTS = {
    "score": (("-ranking", "name"), _("점수순")),
    "reviews": (("-review_count", "name"), _("리뷰 많은 순")),
    "name": (("name",), _("이름순")),
}


def company_list(
    *, query: str = "", organisation_type: str = "", industry: str = "", sort: str = "score"
) -> QuerySet[Company]:
    companies = Company.objects.published().search(query).select_related("score")
    if organisation_type:
        companies = companies.filter(organisation_type=organisation_type)
    if industry:
        companies = companies.filter(industry=industry)
    order = COMPANY_SORTS.get(sort, COMPANY_SORTS["score"])[0]
    return companies.order_by(*order)


def industries() -> list[str]:
    """The industries of published companies, for the list filter (stored: Industry)."""
    return list(Industry.objects.values_list("name", flat=True))


def company_export(company: Company) -> dict[str, Any]:
    """The profile document of `company`, in the format `company_import` reads.

    Lists come in a canonical order (news by year, kind, month), so importing a document
    written in that order and exporting it gives back the same document.
    """
    counts = list(
        company.hiring_counts.select_related("employment_type").order_by(
            "year", "employment_type__order", "id"
        )
    )
    types = list({count.employment_type_id: count.employment_type for count in counts}.values())
    return {
        "format": PROFILE_FORMAT,
        "slug": company.slug,
        "name": company.name,
        "short_name": company.short_name,
        "aliases": company.alias_list(),
        "founded_year": company.founded_year,
        "organisation_type": company.organisation_type,
        "industry": company.industry,
        "website": company.website,
        "email_domains": [d.domain for d in company.email_domains.order_by("domain")],
        "summary": company.summary,
        "vision": company.vision,
        "mission": company.mission,
        "hiring_notes": company.hiring_notes,
        "hiring_counts_note": company.hiring_counts_note,
        "published": company.is_published,
        "stakeholders": [{"kind": s.kind, "name": s.name} for s in company.stakeholders.all()],
        "business_areas": [
            {"rank": a.rank, "name": a.name, "share": str(a.share), "description": a.description}
            for a in company.business_areas.all()
        ],
        "core_values": [
            {"name": v.name, "description": v.description} for v in company.core_values.all()
        ],
        "news": [
            {"year": n.year, "month": n.month, "kind": n.kind, "title": n.title, "body": n.body}
            for n in company.news_items.order_by("year", "kind", "month", "id")
        ],
        "hiring_steps": [step.name for step in company.hiring_steps.all()],
        "employment_types": [{"name": t.name, "definition": t.definition} for t in types],
        "hiring_counts": [
            {"year": c.year, "employment_type": c.employment_type.name, "count": str(c.count)}
            for c in counts
        ],
    }
