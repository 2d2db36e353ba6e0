"""Rate limits on submissions (reviews, interviews, reports, helpful votes), per account and
per IP address, counted in the cache in fixed windows. The limits are settings."""

from __future__ import annotations

import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.shortcuts import render
from ipware import get_client_ip

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


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


def _rules(action: str) -> list[tuple[int, int, str]]:
    """ "10/h/user,30/h/ip" → [(10, 3600, "user"), (30, 3600, "ip")]."""
    rules = []
    for rule in settings.SUBMISSION_RATE_LIMITS[action].split(","):
        count, period, scope = rule.strip().split("/")
        rules.append((int(count), PERIODS[period], scope))
    return rules


def allow(request: HttpRequest, action: str) -> bool:
    """Counts one attempt; False once any of the action's limits is exceeded."""
    now = int(time.time())
    allowed = True
    for count, seconds, scope in _rules(action):
        who = request.user.pk if scope == "user" else client_ip(request)
        key = f"ratelimit:{action}:{scope}:{who}:{now // seconds}"
        cache.add(key, 0, seconds)
        try:
            used = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, seconds)
            used = 1
        allowed = allowed and used <= count
    return allowed


def rate_limited(action: str):
    """For views that take submissions: a POST over the limit gets the Korean 429 page."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if (
                request.method == "POST"
                and request.user.is_authenticated
                and not allow(request, action)
            ):
                return render(request, "429.html", status=429)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
