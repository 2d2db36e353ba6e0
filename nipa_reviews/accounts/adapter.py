"""allauth's account adapter, changed only where the site has its own rule."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from nipa_reviews.ratelimit import client_ip


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request: HttpRequest) -> str:
        # allauth's login and signup limits count per the same address as ours, read by one
        # rule (TRUSTED_PROXY_COUNT), instead of its own ALLAUTH_TRUSTED_PROXY_COUNT.
        ip = client_ip(request)
        if not ip:  # as allauth does: no address, no rate limit to hold it to
            raise PermissionDenied("접속한 주소를 확인할 수 없습니다.")
        return ip
