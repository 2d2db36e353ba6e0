"""What every template may say about the site itself, and about the page in its head."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from nipa_reviews.site.seo import PageMeta


def site(request: HttpRequest) -> dict:
    # `seo` computes nothing until a template reads it (the canonical address, hreflang).
    return {"SITE_NAME": settings.SITE_NAME, "seo": PageMeta(request)}
