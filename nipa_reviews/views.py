"""Site-wide pages that belong to no app: the benchmark's ping (the health check is in
health.py)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def ping(request: HttpRequest) -> HttpResponse:
    """The trivial view: no database, no template. The benchmark's ceiling for Django here."""
    return HttpResponse("ok", content_type="text/plain")
