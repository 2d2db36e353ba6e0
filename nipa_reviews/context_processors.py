"""What every template may say about the site itself, and about the page in its head."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest
from django.utils.translation import gettext as _

from nipa_reviews.site.seo import PageMeta

from .middleware import LANGUAGE_PARAM


def site_name() -> str:
    """SITE_NAME in the active language: the default name is translated ("JobReport" in
    English); a name the deployment chose is its brand and reads the same everywhere."""
    if settings.SITE_NAME == settings.DEFAULT_SITE_NAME:
        return _("잡리포트")
    return settings.SITE_NAME


def site(request: HttpRequest) -> dict:
    # `seo` computes nothing until a template reads it (the canonical address, hreflang).
    return {
        "SITE_NAME": site_name(),
        "LANGUAGE_NEXT": language_next(request),
        "seo": PageMeta(request),
    }


def language_next(request: HttpRequest) -> str:
    """Where the footer's language switch returns to: this page, without `?lang=`, which
    would otherwise outrank the language just chosen."""
    try:
        query = request.GET.copy()
    except SuspiciousOperation:  # too many parameters (the 400 page): back to the bare path
        return request.path
    query.pop(LANGUAGE_PARAM, None)
    return request.path + (f"?{query.urlencode()}" if query else "")
