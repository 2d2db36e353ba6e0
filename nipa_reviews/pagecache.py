"""Whole-page caching of what anonymous visitors see of a company, in the configured
cache (Redis in production).

Every cached page's key carries the company's version, a random token that each write to
that company's data or scores replaces (after the transaction commits); a page of an old
version is never looked up again and expires. Logged-in users, who see their own
navigation, and requests carrying flash messages are never served from the cache.
"""

from __future__ import annotations

import hashlib
import uuid
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse

from companies.models import Company

SITE_KEY = "pages:site-version"


def _company_key(company_id: int) -> str:
    return f"pages:company-version:{company_id}"


def _version(key: str) -> str:
    version = cache.get(key)
    if version is None:
        cache.add(key, uuid.uuid4().hex, None)
        version = cache.get(key)
    return version


def page_key(company_id: int, name: str) -> str:
    """The cache key of one page (`name`, e.g. a path) of a company at its current version."""
    digest = hashlib.sha256(name.encode()).hexdigest()[:32]
    return f"pages:{_version(SITE_KEY)}:{_version(_company_key(company_id))}:{digest}"


def _bump(key: str) -> None:
    # Now, and again once the transaction commits: a page rendered from the old data in
    # between, under the new version, is orphaned by the second bump.
    cache.set(key, uuid.uuid4().hex, None)
    transaction.on_commit(lambda: cache.set(key, uuid.uuid4().hex, None))


def invalidate_company(company_id: int) -> None:
    """Called by every write that changes what a company's pages show."""
    _bump(_company_key(company_id))


def invalidate_all() -> None:
    """For shared lists every company page shows (employment types, job categories)."""
    _bump(SITE_KEY)


def cached_for_anonymous(view):
    """Caches a company page view (it takes `slug`) for anonymous GET requests."""

    @wraps(view)
    def wrapper(request: HttpRequest, slug: str, *args, **kwargs):
        if (
            request.method != "GET"
            or request.user.is_authenticated
            or len(messages.get_messages(request))
        ):
            return view(request, slug, *args, **kwargs)
        company_id = (
            Company.objects.published().filter(slug=slug).values_list("pk", flat=True).first()
        )
        if company_id is None:
            return view(request, slug, *args, **kwargs)  # its 404
        key = page_key(company_id, request.get_full_path())
        content = cache.get(key)
        if content is not None:
            return HttpResponse(content)
        response = view(request, slug, *args, **kwargs)
        if response.status_code == 200 and not response.cookies:
            cache.set(key, response.content, settings.PAGE_CACHE_SECONDS)
        return response

    return wrapper
