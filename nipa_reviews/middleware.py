"""Site-wide response handling: security headers Django lacks, and a Korean 503 page when
the database is down."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


class SecurityHeadersMiddleware:
    """Permissions-Policy (Django's SecurityMiddleware sets the rest)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class DatabaseUnavailableMiddleware:
    """A view that cannot reach the database answers 503 with a Korean page, not a traceback.

    With CONN_HEALTH_CHECKS the next request opens a fresh connection, so the site comes
    back by itself when the database does."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logger.error("database unavailable: %s", exception)
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response
