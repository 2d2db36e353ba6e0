"""Whole-page caching of what anonymous visitors see, in the configured cache (Redis in
production).

A cached page's key carries version tokens: the site's, and the company's (for a
company's pages) or the lists' (for the home page and the company list). Each write that
changes what those pages show replaces the token, so a page of an old version is never
looked up again and expires. A cache hit costs two cache round trips and no database
query. Logged-in users, who see their own navigation, and requests carrying flash
messages are never served from the cache.
"""

from __future__ import annotations

import hashlib
import uuid
from functools import wraps

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse

SITE_KEY = "pages:site-version"
LISTS_KEY = "pages:lists-version"


def company_key(slug: str) -> str:
    return f"pages:company-version:{slug}"


def _versions(keys: list[str]) -> str:
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, uuid.uuid4().hex, None)
            found[key] = cache.get(key)
    return ":".join(found[key] for key in keys)


def page_key(version_keys: list[str], name: str) -> str:
    """The cache key of one page (`name`, e.g. its path) at the current versions."""
    digest = hashlib.sha256(name.encode()).hexdigest()[:32]
    return f"pages:{_versions(version_keys)}:{digest}"


def company_scope(slug: str) -> list[str]:
    return [SITE_KEY, company_key(slug)]


def _bump(*keys: str) -> None:
    # Now, and again once the transaction commits: a page rendered from the old data in
    # between, under the new version, is orphaned by the second bump.
    def bump():
        cache.set_many({key: uuid.uuid4().hex for key in keys}, None)

    bump()
    transaction.on_commit(bump)


def invalidate_company(company_id: int | None = None, *, slugs: tuple[str, ...] = ()) -> None:
    """Called by every write that changes what a company's pages (and the lists) show."""
    if company_id is not None:
        companies = apps.get_model("companies", "Company").objects  # companies imports this module
        slugs = (*slugs, *companies.filter(pk=company_id).values_list("slug", flat=True))
    _bump(LISTS_KEY, *[company_key(slug) for slug in slugs])


def invalidate_all() -> None:
    """For shared lists every company page shows (employment types, job categories)."""
    _bump(SITE_KEY)


def _serve_cached(request: HttpRequest, version_keys: list[str], render) -> HttpResponse:
    if (
        request.method != "GET"
        or request.user.is_authenticated
        or len(messages.get_messages(request))
    ):
        return render()
    key = page_key(version_keys, request.get_full_path())
    content = cache.get(key)
    if content is not None:
        return HttpResponse(content)
    response = render()
    if response.status_code == 200 and not response.cookies:
        cache.set(key, response.content, settings.PAGE_CACHE_SECONDS)
    return response


def cached_for_anonymous(view):
    """Caches a company page view (it takes `slug`) for anonymous GET requests."""

    @wraps(view)
    def wrapper(request: HttpRequest, slug: str, *args, **kwargs):
        return _serve_cached(
            request, company_scope(slug), lambda: view(request, slug, *args, **kwargs)
        )

    return wrapper


def cached_list_for_anonymous(view):
    """Caches a page that lists companies or reviews across companies (home, company list)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        return _serve_cached(request, [SITE_KEY, LISTS_KEY], lambda: view(request, *args, **kwargs))

    return wrapper
