"""Rate limits on submissions (reviews, interviews, reports, helpful votes), per account and
per IP address, counted in the cache in fixed windows. The limits are settings."""

from __future__ import annotations

import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.shortcuts import render

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


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
        who = request.user.pk if scope == "user" else request.META.get("REMOTE_ADDR", "")
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
