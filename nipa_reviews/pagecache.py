"""Whole-page caching of what anonymous visitors see, in the configured cache (Redis in
production).

Version tokens say what a page depends on: the site's, and the company's (for a
company's pages) or the lists' (for the home page and the company list). Each write that
changes what those pages show replaces the token. A cached page records the tokens it
was rendered at and is served only while they are still current, so one cache round
trip (the page and its tokens together) and no database query answer a hit. Logged-in
users, who see their own navigation, and requests carrying flash messages are never
served from the cache.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

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


def cached(name: str, version_keys: list[str], compute: Callable[[], Any]) -> Any:
    """`compute()`'s value, cached until one of the versions changes. `compute` returns
    None for what must not be cached (an error page)."""
    key = "pages:" + hashlib.sha256(name.encode()).hexdigest()[:40]
    found = cache.get_many([key, *version_keys])
    versions = [found.get(version_key) for version_key in version_keys]
    entry = found.get(key)
    if entry is not None and None not in versions and entry[0] == versions:
        return entry[1]
    for i, version_key in enumerate(version_keys):
        if versions[i] is None:
            cache.add(version_key, uuid.uuid4().hex, None)
            versions[i] = cache.get(version_key)
    value = compute()
    if value is not None:
        cache.set(key, (versions, value), settings.PAGE_CACHE_SECONDS)
    return value


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


def _serve_cached(
    request: HttpRequest, version_keys: list[str], view: Callable[[], HttpResponse]
) -> HttpResponse:
    if (
        request.method != "GET"
        or request.user.is_authenticated
        or len(messages.get_messages(request))
    ):
        return view()
    response = None

    def render() -> bytes | None:
        nonlocal response
        response = view()
        return response.content if response.status_code == 200 and not response.cookies else None

    content = cached(request.get_full_path(), version_keys, render)
    return response if response is not None else HttpResponse(content)


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
