"""allauth's account adapter, changed only where the site has its own rule."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _

from nipa_reviews.ratelimit import client_ip


@dataclass(frozen=True)
class SiteInfo:
    """What emails say of the site: allauth's templates read `name` and `domain` (as of
    the Sites framework, which the site does not install), ours `url` too."""

    name: str
    domain: str
    url: str


def site_url(request: HttpRequest | None) -> str:
    """The site's address: SITE_URL, or in development the one the request came to."""
    if settings.SITE_URL or request is None:
        return settings.SITE_URL
    return request.build_absolute_uri("/").rstrip("/")


def on_site(url: str) -> str:
    """`url` moved onto SITE_URL when it is set: emails link to the site, not to whatever
    host name the request that sent them used."""
    if not settings.SITE_URL:
        return url
    parts = urlsplit(url)
    return settings.SITE_URL + parts.path + (f"?{parts.query}" if parts.query else "")


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request: HttpRequest) -> str:
        # allauth's login and signup limits count per the same address as ours, read by one
        # rule (TRUSTED_PROXY_COUNT), instead of its own ALLAUTH_TRUSTED_PROXY_COUNT.
        ip = client_ip(request)
        if not ip:  # as allauth does: no address, no rate limit to hold it to
            raise PermissionDenied(_("접속한 주소를 확인할 수 없습니다."))
        return ip

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # allauth would greet with the request's host name ("안녕하세요 127.0.0.1:8811입니다!").
        url = site_url(self.request)
        site = SiteInfo(name=settings.SITE_NAME, domain=urlsplit(url).netloc, url=url)
        super().send_mail(template_prefix, email, {"current_site": site, **context})

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return on_site(super().get_email_confirmation_url(request, emailconfirmation))

    def get_reset_password_from_key_url(self, key: str) -> str:
        return on_site(super().get_reset_password_from_key_url(key))
