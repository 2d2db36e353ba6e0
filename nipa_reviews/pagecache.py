"""Whole-page caching of what anonymous visitors see, and its invalidation, in one place.

Version tokens say what a page depends on: the site's, and the company's (for a
company's pages) or the lists' (for the home page and the company list). A cached page
records the tokens it was rendered at and is served only while they are still current,
so one cache round trip (the page and its tokens together) and no database query answer
a hit. Each language has its own entries. Pages are stored gzipped and sent so to clients
that accept it. Logged-in users, who see their own navigation, and requests carrying flash
messages are never served from the cache.

Invalidation needs no caller to remember it. A model whose rows show on cached pages
declares so with a `page_scope` (PageScope). Every save and delete of such a row, from a
service, the admin, a command, an import or a rebuild, passes through the signal
receivers below, and every queryset update and bulk create through PageContentQuerySet;
both replace the tokens of the pages that show the row, now and again once the
transaction commits.
"""

from __future__ import annotations

import gzip
import hashlib
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.http import HttpRequest, HttpResponse, QueryDict
from django.middleware.gzip import re_accepts_gzip
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string
from django.utils.translation import get_language

SITE_KEY = "pages:site-version"
LISTS_KEY = "pages:lists-version"
# A version token outlives every page stored under it; when one expires the pages
# rendered at it are simply rendered again.
VERSION_SECONDS = 7 * 24 * 3600
# Company.slug's max_length: a longer one names no company.
SLUG_MAX_LENGTH = 60
# A bulk write touching more companies than this replaces the site's token instead.
MANY_COMPANIES = 50


def company_key(slug: str) -> str:
    return f"pages:company-version:{slug}"


# --- Declarations and invalidation ------------------------------------------------------


@dataclass(frozen=True)
class PageScope:
    """Which cached pages show a model's rows.

    `company` is the path from a row to the company whose pages show it ("" for the
    company itself); None means every page (lists every company page shows). `lists`:
    the home page and the company list show it too. A change of `counters` fields alone
    shows on the company's pages only (a helpful count). Rows for which `shown` is false
    appear on no page (a pending submission).
    """

    company: str | None = "company"
    lists: bool = False
    counters: frozenset[str] = field(default_factory=frozenset)
    shown: Callable[[Any], bool] | None = None


def _scope(model) -> PageScope | None:
    return getattr(model, "page_scope", None)


def _walk(obj, path: str):
    for name in filter(None, path.split("__")):
        obj = getattr(obj, name)
    return obj


def _slugs_of(objs: Iterable[models.Model], scope: PageScope) -> set[str] | None:
    """The slugs of the companies whose pages show `objs`; None when that means every
    company (too many to list, or a company that is gone)."""
    slugs: set[str] = set()
    seen: set = set()
    first = scope.company.split("__")[0] if scope.company else ""
    for obj in objs:
        if scope.shown is not None and not scope.shown(obj):
            continue
        hop = getattr(obj, f"{first}_id", None) if first else obj.pk
        if hop is not None and hop in seen:
            continue
        seen.add(hop)
        if len(seen) > MANY_COMPANIES:
            return None
        try:
            slugs.add(_walk(obj, scope.company).slug)
        except ObjectDoesNotExist:
            return None
        slugs.update(filter(None, [getattr(obj, "_page_slug_before", None)]))
    return slugs


def _keys(slugs: set[str] | None, *, lists: bool) -> list[str]:
    if slugs is None:
        return [SITE_KEY]
    keys = [company_key(slug) for slug in sorted(slugs)]
    if keys and lists:
        keys.append(LISTS_KEY)
    return keys


# Tokens this process failed to replace (Redis was away): replaced at the next chance,
# before any page is served or stored, so no stale page outlives the outage for long.
_lost: set[str] = set()


def _replace(keys) -> None:
    failed = cache.set_many({key: uuid.uuid4().hex for key in keys}, VERSION_SECONDS)
    _lost.difference_update(set(keys) - set(failed or []))
    _lost.update(failed or [])


def _retry_lost() -> None:
    if _lost:
        _replace(set(_lost))


def invalidate(keys: list[str]) -> None:
    """Replaces the tokens now, and again once the transaction commits: a page rendered
    from the old data in between, under the new token, is orphaned by the second one."""
    if not keys:
        return
    _replace(keys)
    transaction.on_commit(lambda: _replace(keys))


def invalidate_rows(model, objs: Iterable[models.Model]) -> None:
    scope = _scope(model)
    if scope is None:
        return
    slugs = None if scope.company is None else _slugs_of(objs, scope)
    invalidate(_keys(slugs, lists=scope.lists))


def _remember_slug(sender, instance, update_fields=None, **kwargs):
    # A company whose address changes: its old address's pages go too.
    scope = _scope(sender)
    if scope is None or scope.company != "" or instance.pk is None:
        return
    if update_fields is not None and "slug" not in update_fields:
        return
    before = sender._base_manager.filter(pk=instance.pk).values_list("slug", flat=True).first()
    instance._page_slug_before = before if before != instance.slug else None


def _row_changed(sender, instance, **kwargs):
    if _scope(sender) is not None:
        invalidate_rows(sender, [instance])


pre_save.connect(_remember_slug, dispatch_uid="pagecache-slug")
post_save.connect(_row_changed, dispatch_uid="pagecache-save")
post_delete.connect(_row_changed, dispatch_uid="pagecache-delete")


class PageContentQuerySet(models.QuerySet):
    """The writes that send no signal: queryset updates (bulk_update uses them) and bulk
    creates invalidate the pages of the rows they touch."""

    def update(self, **kwargs):
        scope = _scope(self.model)
        if scope is not None:
            if scope.company is None or "slug" in kwargs:
                invalidate([SITE_KEY])
            else:
                path = f"{scope.company}__slug" if scope.company else "slug"
                found = set(self.values_list(path, flat=True)[: MANY_COMPANIES + 1])
                slugs = found if len(found) <= MANY_COMPANIES else None
                invalidate(_keys(slugs, lists=scope.lists and not set(kwargs) <= scope.counters))
        return super().update(**kwargs)

    update.alters_data = True

    def bulk_create(self, objs, *args, **kwargs):
        objs = super().bulk_create(objs, *args, **kwargs)
        invalidate_rows(self.model, objs)
        return objs


# --- Serving ----------------------------------------------------------------------------


def cached(name: str, version_keys: list[str], compute: Callable[[], Any]) -> Any:
    """`compute()`'s value in the active language, cached until one of the versions
    changes. `compute` returns None for what must not be cached (an error page); then no
    key is left behind."""
    _retry_lost()
    # What is cached is rendered text: an English visitor must never get the Korean one.
    name = f"{get_language()}:{name}"
    key = "pages:" + hashlib.sha256(name.encode()).hexdigest()[:40]
    found = cache.get_many([key, *version_keys])
    versions = [found.get(version_key) for version_key in version_keys]
    entry = found.get(key)
    if entry is not None and None not in versions and entry[0] == versions:
        return entry[1]
    # Tokens are created before rendering: a write during the render then replaces them,
    # and the page stored below is never served.
    created = []
    for i, version_key in enumerate(version_keys):
        if versions[i] is None:
            if cache.add(version_key, uuid.uuid4().hex, VERSION_SECONDS):
                created.append(version_key)
            versions[i] = cache.get(version_key)
    value = None
    try:
        value = compute()
    finally:
        if value is not None and None not in versions:
            cache.set(key, (versions, value), settings.PAGE_CACHE_SECONDS)
        elif created:
            cache.delete_many(created)  # an unknown company (a 404) leaves nothing behind
    return value


def company_scope(slug: str) -> list[str]:
    return [SITE_KEY, company_key(slug)]


# A query parameter's value counts up to this many characters: a longer one shares the entry
# (and the canonical address, nipa_reviews.site.seo) of its first hundred.
PARAM_MAX_LENGTH = 100


def _page_name(request: HttpRequest, params: tuple[str, ...]) -> str:
    """The path and the view's own query parameters, in a fixed order: any other
    parameter, or another order, shares the entry instead of making a new one."""
    known = [
        (name, request.GET.get(name, "")[:PARAM_MAX_LENGTH])
        for name in params
        if name in request.GET
    ]
    return request.path + "?" + "&".join(f"{name}={value}" for name, value in known)


def _serve_cached(
    request: HttpRequest,
    version_keys: list[str],
    params: tuple[str, ...],
    view: Callable[[], HttpResponse],
) -> HttpResponse:
    # The view sees only its own parameters, so a page shared by every query string that
    # has the same ones carries no other (its pagination links included).
    known = QueryDict(mutable=True)
    for name in params:
        if name in request.GET:
            known.setlist(name, request.GET.getlist(name))
    known._mutable = False
    request.GET = known
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
        return compress_string(response.content) if _shared(request, response) else None

    body = cached(_page_name(request, params), version_keys, render)
    return _compressed(request, body) if body is not None else response


def _shared(request: HttpRequest, response: HttpResponse) -> bool:
    """Whether the page is the same for every anonymous visitor: a success that sets no
    cookie and holds no CSRF token (get_token() marks the request when a template asks
    for one). Only such pages are cached, and so compressed: compressing a secret beside
    text an attacker can put in the page reveals it through the length (BREACH)."""
    return (
        response.status_code == 200
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


def _compressed(request: HttpRequest, body: bytes) -> HttpResponse:
    """A cached page, stored gzipped (a quarter of the bytes through Redis): as it is to
    clients that accept gzip, unpacked for the others."""
    if re_accepts_gzip.search(request.headers.get("accept-encoding", "")):
        response = HttpResponse(body)
        response.headers["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(gzip.decompress(body))
    patch_vary_headers(response, ("Accept-Encoding",))
    return response


def cached_for_anonymous(*, params: tuple[str, ...] = ()):
    """Caches a company page view (it takes `slug`) for anonymous GET requests; `params`
    are the query parameters the view reads."""

    def decorator(view):
        @wraps(view)
        def wrapper(request: HttpRequest, slug: str, *args, **kwargs):
            if len(slug) > SLUG_MAX_LENGTH:  # no company has it: the 404, uncached
                return view(request, slug, *args, **kwargs)
            return _serve_cached(
                request, company_scope(slug), params, lambda: view(request, slug, *args, **kwargs)
            )

        wrapper.query_params = params  # a page's canonical address keeps these only
        return wrapper

    return decorator


def cached_list_for_anonymous(*, params: tuple[str, ...] = ()):
    """Caches a page that lists companies or reviews across companies (home, company list)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs):
            return _serve_cached(
                request, [SITE_KEY, LISTS_KEY], params, lambda: view(request, *args, **kwargs)
            )

        wrapper.query_params = params
        return wrapper

    return decorator
