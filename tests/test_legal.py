"""이용약관, 개인정보처리방침, 운영정책: linked from every page, agreed to at sign-up with
the date and the version of each, and saying what the code does."""

from __future__ import annotations

import re

import pytest
from allauth.socialaccount.forms import SignupForm as SocialSignupForm
from django.conf import settings
from django.urls import reverse

from nipa_reviews.accounts.legal import PRIVACY, TERMS
from nipa_reviews.accounts.models import Consent, User
from nipa_reviews.site.accounts import account_delete
from nipa_reviews.submissions.services import TAKEDOWN_MAX_DAYS
from tests.factories import CONSENTS, PASSWORD

pytestmark = pytest.mark.django_db

SIGNUP = {"email": "new@example.com", "password1": PASSWORD, "password2": PASSWORD}


def test_the_footer_links_the_three_documents_and_each_states_its_version(client):
    footer = client.get("/").content.decode().split('<footer class="site-footer">')[1]
    for name, title in [
        ("legal_terms", "이용약관"),
        ("legal_privacy", "개인정보처리방침"),
        ("legal_policy", "운영정책"),
    ]:
        assert f'href="{reverse(name)}"' in footer
        page = client.get(reverse(name)).content.decode()
        assert f'<h1 class="page-title">{title}</h1>' in page
        assert "시행일 2026년 11월 25일 · 버전 2026-11-25" in page


@pytest.mark.parametrize("missing", ["agree_terms", "agree_privacy", "age_14"])
def test_sign_up_is_refused_without_each_consent(client, missing):
    data = {**SIGNUP, **CONSENTS}
    del data[missing]
    response = client.post(reverse("account_signup"), data)
    assert response.status_code == 200
    message = {
        "agree_terms": "이용약관에 동의해야 가입할 수 있습니다.",
        "agree_privacy": "개인정보 수집·이용에 동의해야 가입할 수 있습니다.",
        "age_14": "만 14세 미만은 가입할 수 없습니다.",
    }[missing]
    assert message in response.content.decode()
    assert not User.objects.exists()


def test_sign_up_records_each_consent_with_its_version_and_date(client):
    client.post(reverse("account_signup"), {**SIGNUP, **CONSENTS})
    user = User.objects.get(email="new@example.com")
    recorded = {(c.subject, c.version) for c in user.consents.all()}
    assert recorded == {
        ("terms", TERMS.version),
        ("privacy", PRIVACY.version),
        ("age_14", TERMS.version),
    }
    assert all(c.agreed_at for c in user.consents.all())


def test_the_sign_up_page_asks_with_links_to_the_documents(client):
    page = client.get(reverse("account_signup")).content.decode()
    consents = page[page.index('<fieldset class="consent-box">') :]
    assert f'href="{reverse("legal_terms")}" target="_blank"' in consents
    assert f'href="{reverse("legal_privacy")}" target="_blank"' in consents
    # What PIPA says the asking must tell: items, purpose, how long, the right to refuse.
    assert "보유 기간: 탈퇴할 때까지" in consents and "동의하지 않을 수 있지만" in consents


def test_social_sign_up_asks_for_the_same_consents():
    assert {"agree_terms", "agree_privacy", "age_14"} <= set(SocialSignupForm.base_fields)
    assert settings.SOCIALACCOUNT_AUTO_SIGNUP is False  # the form is always shown


def test_leaving_erases_the_consents(user):
    Consent.objects.create(user=user, subject="terms", version=TERMS.version)
    account_delete(user=user)
    assert not Consent.objects.exists()


def test_the_privacy_policy_states_what_the_settings_make_true(client):
    """Its figures come from the settings or are pinned to them here: change one, and this
    test says the policy must change too."""
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", client.get("/privacy/").content.decode()))
    assert settings.SESSION_COOKIE_AGE == 14 * 86400
    assert "로그아웃하거나 14일 동안 쓰지 않을 때까지" in text
    periods = {
        rate.split("/")[1]
        for limits in settings.SUBMISSION_RATE_LIMITS.values()
        for rate in limits.split(",")
    }
    assert periods == {"h"} and "글 작성·신고·도움이 돼요는 1시간" in text
    assert "5/300s/key" in settings.ACCOUNT_RATE_LIMITS["login_failed"]
    assert "로그인 실패는 5분" in text
    assert settings.SITE_CONTACT_EMAIL in text
    policy = client.get("/policy/").content.decode()
    assert f"최대 {TAKEDOWN_MAX_DAYS}일 동안 가립니다" in policy
    assert f"서로 다른 회원 {settings.REPORT_AUTOHIDE_THRESHOLD}명이 신고한 글은" in policy
    for category in ["욕설·비방", "개인정보 노출", "허위 의심", "광고·홍보", "중복", "기타"]:
        assert f'<th scope="row">{category}</th>' in policy
