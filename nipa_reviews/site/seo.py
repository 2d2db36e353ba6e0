"""What search engines and link previews read in a page's head: the canonical address, its
languages, whether to index it, and the company page's structured rating.

Addresses are absolute, on SITE_URL when it is set (else the address the request came to,
which is right in development). A page's canonical address keeps only the query parameters
its view reads, the list the page cache already keys on (`query_params` on the cached
views, nipa_reviews.pagecache), so tracking or stray parameters never make a second page.
"""

from __future__ import annotations

import hashlib
import json
from functools import cached_property
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from companies.models import Company
from nipa_reviews.arithmetic import out_of_five
from nipa_reviews.middleware import LANGUAGE_PARAM
from nipa_reviews.pagecache import PARAM_MAX_LENGTH

# What django.utils.html.json_script escapes: no text in a data block can close its tag.
JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
# og:locale of each language the site speaks.
OG_LOCALES = {"ko": "ko_KR", "en": "en_US"}
# The link-preview image's size: what KakaoTalk, Facebook and X show large (1.91:1).
OG_IMAGE_SIZE = (1200, 630)


def absolute_url(request: HttpRequest | None, path: str) -> str:
    if settings.SITE_URL or request is None:
        return settings.SITE_URL + path
    try:
        return request.build_absolute_uri(path)
    except DisallowedHost:  # the 400 page of a request for another host
        return path


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def with_query(path: str, pairs: list[tuple[str, str]]) -> str:
    return path + ("?" + urlencode(pairs) if pairs else "")


class PageMeta:
    """The head's addresses for one request, computed when a template asks for them."""

    def __init__(self, request: HttpRequest):
        self.request = request

    @cached_property
    def params(self) -> list[tuple[str, str]]:
        """The view's own query parameters that are set, in the view's order; the first
        page of a list is the list itself."""
        match = self.request.resolver_match
        names = getattr(match.func, "query_params", ()) if match else ()
        pairs = []
        for name in names:
            if name == LANGUAGE_PARAM:  # the language is the page's own (`_url`)
                continue
            value = self.request.GET.get(name, "").strip()[:PARAM_MAX_LENGTH]
            if value and not (name == "page" and value == "1"):
                pairs.append((name, value))
        return pairs

    def _url(self, language: str) -> str:
        pairs = list(self.params)
        if language != settings.LANGUAGE_CODE:
            pairs.append((LANGUAGE_PARAM, language))
        return absolute_url(self.request, with_query(self.request.path, pairs))

    @cached_property
    def language(self) -> str:
        active = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
        return active if active in language_codes() else settings.LANGUAGE_CODE

    @cached_property
    def canonical(self) -> str:
        """This page in the language it is shown in: each language's page is its own."""
        return self._url(self.language)

    @cached_property
    def alternates(self) -> list[tuple[str, str]]:
        """hreflang links: every language the site speaks, and x-default (Korean)."""
        links = [(code, self._url(code)) for code in language_codes()]
        return [*links, ("x-default", self._url(settings.LANGUAGE_CODE))]

    @cached_property
    def noindex(self) -> bool:
        """Results of a typed query (a search anywhere) are no page of their own: their
        addresses are endless and their content is the pages they list."""
        return any(name == "q" for name, _value in self.params)

    @property
    def og_locale(self) -> str:
        return OG_LOCALES.get(self.language, OG_LOCALES["ko"])

    @property
    def og_locale_alternates(self) -> list[str]:
        others = [OG_LOCALES.get(code) for code in language_codes() if code != self.language]
        return [locale for locale in others if locale]

    @property
    def default_image(self) -> str:
        return absolute_url(self.request, reverse("og_image"))


# --- The company page --------------------------------------------------------------------


def shows_scores(company: Company) -> bool:
    score = getattr(company, "score", None)
    return score is not None and score.is_shown


def og_image_path(company: Company) -> str:
    """The company's preview image, or the site's below the score threshold. `v` changes
    with what the image shows, so a preview cached by a messenger is replaced when the
    scores change (the image itself is cached per company version)."""
    if not shows_scores(company):
        return reverse("og_image")
    score = company.score
    shown = f"{company.name}|{score.review_count}|{score.total}|{score.as_of}|{get_language()}"
    version = hashlib.sha256(shown.encode()).hexdigest()[:12]
    return reverse("companies:og_image", args=[company.slug]) + f"?v={version}"


def employer_aggregate_rating(company: Company) -> dict | None:
    """schema.org's EmployerAggregateRating for the company page, only while the page shows
    the scores: the total on the stars' 5-point scale (83 → 4.2), over the published reviews."""
    if not shows_scores(company):
        return None
    score = company.score
    organisation = {"@type": "Organization", "name": company.name}
    if company.website:
        organisation["sameAs"] = company.website
    return {
        "@context": "https://schema.org",
        "@type": "EmployerAggregateRating",
        "itemReviewed": organisation,
        "ratingValue": float(out_of_five(score.total_fraction())),
        "bestRating": 5,
        "worstRating": 1,
        "ratingCount": score.review_count,
    }


def json_ld(data: dict) -> SafeString:
    """A JSON-LD data block. It is not script (CSP leaves it alone); `<`, `>` and `&` are
    escaped as json_script escapes them, so no text in it can close the tag."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    escaped = text.translate(JSON_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{escaped}</script>')
