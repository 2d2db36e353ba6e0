"""Site-wide request and response handling: security headers Django lacks, NUL bytes
refused before any view runs, a Korean 503 page when the database is down, and the
language of each request."""

from __future__ import annotations

import logging
import sqlite3

from django.conf import settings
from django.core.exceptions import BadRequest
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware import locale
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


class SecurityHeadersMiddleware:
    """Permissions-Policy (Django's SecurityMiddleware sets the rest)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class BadInput(BadRequest):
    """A 400 whose message is written for the visitor (Korean, says how to fix the input);
    the 400 handler shows it as it is."""


class RejectNulMiddleware:
    """A NUL byte in the path or the query string is a 400 before any view runs.

    PostgreSQL cannot hold a NUL in a text value, not even to compare with one: a lookup
    raises instead of matching nothing. Forms already refuse NUL in the fields they read;
    this covers what no form reads (path segments, the API's parameters, the admin's
    changelist filters). A cookie holding one is dropped rather than refused: a 400 on
    every page would lock the visitor out until the cookie expired."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            raise BadInput(
                _(
                    "주소에 쓸 수 없는 문자(NUL, %00)가 들어 있습니다. "
                    "주소에서 그 문자를 지우고 다시 시도해 주세요."
                )
            )
        for name in [name for name, value in request.COOKIES.items() if "\x00" in name + value]:
            del request.COOKIES[name]
        return self.get_response(request)


# Where nipa_reviews.urls mounts the API: its clients read JSON, not pages.
API_PREFIX = "/api/"


def is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


def api_error(status: int, message: str) -> JsonResponse:
    """The API's error shape (its `Error` schema): {"detail": "..."}."""
    return JsonResponse(
        {"detail": message}, status=status, json_dumps_params={"ensure_ascii": False}
    )


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
        if is_api(request):
            message = _("잠시 서비스를 이용할 수 없습니다. 잠시 뒤에 다시 시도해 주세요.")
            response = api_error(503, message)
        else:
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


# The query parameter that picks the language of one request: `?lang=en` is the English
# alternate of every page (hreflang), readable without the cookie.
LANGUAGE_PARAM = "lang"


class LocaleMiddleware(locale.LocaleMiddleware):
    """Django's choice of language (the django_language cookie, then Accept-Language, then
    LANGUAGE_CODE), overridden for one request by `?lang=` naming one of LANGUAGES; any
    other value is ignored. URLs carry no language prefix, so a page varies by the cookie
    as well as by Accept-Language."""

    def process_request(self, request):
        super().process_request(request)
        asked = request.GET.get(LANGUAGE_PARAM, "")
        if asked in dict(settings.LANGUAGES):
            translation.activate(asked)
            request.LANGUAGE_CODE = asked

    def process_response(self, request, response):
        response = super().process_response(request, response)
        patch_vary_headers(response, ("Cookie",))
        return response
