"""Sign-up's consent (allauth's ACCOUNT_SIGNUP_FORM_CLASS: the base of both the email and the
social sign-up forms, so no account is made without it)."""

from __future__ import annotations

from django import forms
from django.urls import reverse_lazy
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from .legal import PRIVACY, TERMS
from .models import Consent


def _linked(text, document) -> str:
    return format_html(
        '{} <a href="{}" target="_blank" rel="noopener">{}</a>',
        text,
        reverse_lazy(document.url_name),
        _("(전문 보기)"),
    )


linked = lazy(_linked, SafeString)


class ConsentForm(forms.Form):
    agree_terms = forms.BooleanField(
        label=linked(_("[필수] 이용약관에 동의합니다."), TERMS),
        error_messages={"required": _("이용약관에 동의해야 가입할 수 있습니다.")},
    )
    agree_privacy = forms.BooleanField(
        label=linked(_("[필수] 개인정보 수집·이용에 동의합니다."), PRIVACY),
        # What PIPA (art. 15) says the asking must tell: items, purpose, how long, and that
        # one may refuse and what follows.
        help_text=_(
            "수집 항목: 이메일 주소, 비밀번호(암호화), 작성한 글 · 목적: 회원 관리와 서비스 "
            "제공 · 보유 기간: 탈퇴할 때까지. 동의하지 않을 수 있지만, 그러면 가입할 수 없습니다."
        ),
        error_messages={"required": _("개인정보 수집·이용에 동의해야 가입할 수 있습니다.")},
    )
    # MINIMUM_AGE: 14, in the words too.
    age_14 = forms.BooleanField(
        label=_("[필수] 만 14세 이상입니다."),
        error_messages={
            "required": _(
                "만 14세 미만은 가입할 수 없습니다. 만 14세 이상이면 확인란에 체크해 주세요."
            )
        },
    )

    def signup(self, request, user) -> None:
        """Records each consent with the version of its document (allauth calls it once the
        user is saved)."""
        Consent.objects.bulk_create(
            [
                Consent(user=user, subject=Consent.Subject.TERMS, version=TERMS.version),
                Consent(user=user, subject=Consent.Subject.PRIVACY, version=PRIVACY.version),
                Consent(user=user, subject=Consent.Subject.AGE, version=TERMS.version),
            ]
        )
