"""Rate limits on submissions (reviews, interviews, reports, helpful votes), per account and
per client address, counted in the cache by django-ratelimit. The limits are settings.

Only accepted submissions count. A POST is refused once a limit is spent, and counted only
when the view accepted it (`accepted(response)`): a typo in a form, a duplicate or an error
costs nothing, so nobody is locked out for an hour by their own mistakes."""

from __future__ import annotations

import ipaddress
import logging
import re
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_ratelimit.core import get_usage, is_ratelimited
from ipware import get_client_ip

logger = logging.getLogger(__name__)

# One rule of SUBMISSION_RATE_LIMITS: a django-ratelimit rate ("10/h", "5/10m") and whom it
# counts, e.g. "10/h/user". The scope names a key function: "user" and "ip" here, or one the
# caller supplies (the 재직 인증 counts per work email, whose hash only the view knows).
RULE = re.compile(r"(?P<rate>\d+/\d*[smhd])/(?P<scope>[a-z_]+)")


def client_ip(request: HttpRequest) -> str:
    """The address the request came from, as far as we can trust it: REMOTE_ADDR, or with
    TRUSTED_PROXY_COUNT = N proxies of ours in front, the N-th address from the right of
    X-Forwarded-For.

    Each proxy appends the address it was called from, so only the last N entries are
    ours; whatever stands left of them the client may have written itself."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        # ipware counts only the proxies named inside the header: the one nearest to us is
        # REMOTE_ADDR, not an entry. Not strict, so that entries a client sent along (a
        # forged one, or its own proxy's) do not void the header.
        ip, _ = get_client_ip(
            request,
            proxy_count=proxies - 1,
            request_header_order=["HTTP_X_FORWARDED_FOR"],
            strict=False,
        )
        if ip:
            return ip
    # No proxy of ours, or a request that came round it without the header.
    ip, _ = get_client_ip(request, request_header_order=["REMOTE_ADDR"])
    return ip or ""


def _account(group: str, request: HttpRequest) -> str:
    return f"user:{request.user.pk}"


def _address(group: str, request: HttpRequest) -> str:
    ip = client_ip(request)
    if not ip:
        # REMOTE_ADDR is empty over a Unix socket with TRUSTED_PROXY_COUNT unset: such
        # requests share one counter (a misconfiguration to fix, never a failed request).
        logger.warning("No client address: set TRUSTED_PROXY_COUNT behind a proxy")
        return "ip:unknown"
    if ipaddress.ip_address(ip).version == 6:
        # One IPv6 host is usually given a whole /64 and can use any address in it.
        ip = str(ipaddress.ip_network(f"{ip}/64", strict=False).network_address)
    return f"ip:{ip}"


# A key function as django-ratelimit calls it: (group, request) → the counter's name.
KeyFunction = Callable[[str, HttpRequest], str]
KEYS: dict[str, KeyFunction] = {"user": _account, "ip": _address}


def _rules(action: str, keys: dict[str, KeyFunction]) -> list[tuple[str, KeyFunction]]:
    """ "10/h/user,300/h/ip" → [("10/h", _account), ("300/h", _address)]."""
    rules = []
    for rule in settings.SUBMISSION_RATE_LIMITS[action].split(","):
        match = RULE.fullmatch(rule.strip())
        if match is None or match["scope"] not in keys:
            expected = " or ".join(f"count/period/{scope}" for scope in keys)
            raise ImproperlyConfigured(
                f"Rate limit {rule!r} for {action!r}: expected {expected}, e.g. 10/h/user."
            )
        rules.append((match["rate"], keys[match["scope"]]))
    return rules


def spent(request: HttpRequest, action: str, *, keys: dict[str, KeyFunction] | None = None) -> bool:
    """Whether one of the action's limits has no submission left in its window.

    `keys` adds scopes of the caller's own to "user" and "ip"."""
    for rate, key in _rules(action, {**KEYS, **(keys or {})}):
        # is_ratelimited(increment=False) answers count > limit: right for a request that
        # has just been counted, one too many for a check before counting.
        usage = get_usage(request, group=action, key=key, rate=rate)
        if usage is not None and usage["count"] >= usage["limit"]:
            return True
    return False


def count(request: HttpRequest, action: str, *, keys: dict[str, KeyFunction] | None = None) -> None:
    """Counts one accepted submission against each of the action's limits."""
    for rate, key in _rules(action, {**KEYS, **(keys or {})}):
        is_ratelimited(request, group=action, key=key, rate=rate, increment=True)


def accepted(response: HttpResponse) -> HttpResponse:
    """Marks the response to a submission the view accepted, so that it counts."""
    response.submission_accepted = True
    return response


def rate_limited(action: str):
    """For a view that takes submissions: a POST once the limits are spent gets the Korean
    429 page; a POST the view answers with `accepted(response)` counts.

    Checking and counting are two steps, so requests sent at the same instant may together
    pass a limit by a few; the limits are against floods, and the one-per-company rules
    are kept by the database."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method != "POST" or not request.user.is_authenticated:
                return view(request, *args, **kwargs)
            if spent(request, action):
                return render(request, "429.html", status=429)
            response = view(request, *args, **kwargs)
            if getattr(response, "submission_accepted", False):
                count(request, action)
            return response

        return wrapper

    return decorator
