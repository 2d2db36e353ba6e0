"""Site-wide pages that belong to no app: the benchmark's ping, /favicon.ico and the error
pages (Korean pages for people, Korean JSON for the API's clients). The health check is in
health.py."""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token

from .middleware import BadInput, api_error, is_api


def ping(request: HttpRequest) -> HttpResponse:
    """The trivial view: no database, no template. The benchmark's ceiling for Django here."""
    return HttpResponse("ok", content_type="text/plain")


def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico, which browsers and feed readers ask for whatever the page links: the
    static icon, whose hashed address is known only once collectstatic has run."""
    response = HttpResponsePermanentRedirect(static("img/favicon.ico"))
    response["Cache-Control"] = "public, max-age=86400"
    return response


def bad_request_message(exception: Exception) -> str:
    """What went wrong, in Korean, for the 400s Django raises before any view runs. Django's
    own messages are English and name settings, so each kind gets its own sentence."""
    if isinstance(exception, BadInput):
        return str(exception)
    if isinstance(exception, RequestDataTooBig):
        return _("보낸 내용이 너무 큽니다. 글을 줄여서 다시 보내 주세요.")
    if isinstance(exception, (TooManyFieldsSent, TooManyFilesSent)):
        return _("보낸 값이 너무 많습니다. 필요한 칸만 채우고 다시 보내 주세요.")
    # A body in another encoding than UTF-8, a broken multipart body, a bad Host header.
    return _(
        "보낸 내용을 읽을 수 없습니다. 페이지를 새로 고친 뒤 다시 보내 주세요. "
        "프로그램으로 보낸다면 UTF-8로 인코딩해 주세요."
    )


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler400: Django's default renders 400.html without saying what was wrong."""
    message = bad_request_message(exception)
    if is_api(request):
        return api_error(400, message)
    return render(request, "400.html", {"message": message}, status=400)


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler404: an address under /api/ that no operation serves answers in JSON."""
    if is_api(request):
        return api_error(
            404, _("이 주소에는 API가 없습니다. 쓸 수 있는 주소는 /api/docs 에 있습니다.")
        )
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: JSON for the API, the static Korean page (it needs no database) for people."""
    if is_api(request):
        return api_error(500, _("일시적인 오류가 발생했습니다. 잠시 후 다시 시도해 주세요."))
    return defaults.server_error(request)
