"""Site-wide response handling: security headers Django lacks, and a Korean 503 page when
the database is down."""

from __future__ import annotations

import logging
import sqlite3

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
        if not is_connection_failure(exception):
            return None  # a real bug (a missing table, a deadlock): a logged 500
        logger.error("database unavailable: %s", exception)
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response


# SQLSTATE classes of a lost or refused connection: 08 (connection exception) and the
# server shutting down (57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now).
CONNECTION_SQLSTATES = ("08", "57P01", "57P02", "57P03")


def is_connection_failure(exception: BaseException) -> bool:
    """Whether the database could not be reached, as opposed to a query that failed."""
    if isinstance(exception, InterfaceError):
        return True  # the connection was already closed
    if not isinstance(exception, OperationalError):
        return False
    cause = exception.__cause__
    sqlstate = getattr(cause, "sqlstate", None)
    if sqlstate is not None:
        return sqlstate.startswith(CONNECTION_SQLSTATES)
    if isinstance(cause, sqlite3.Error):
        return "unable to open database" in str(cause)
    # psycopg raises connection failures without a SQLSTATE: nothing reached the server.
    return True
