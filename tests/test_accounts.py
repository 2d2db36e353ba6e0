"""Accounts: email-only sign-up with mandatory verification, the verified-user gate,
password reset, rate-limited (admin) login, and social login only when configured."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from nipa_reviews.accounts.models import User
from tests.factories import CONSENTS, PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def confirmation_link(message) -> str:
    return re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+/", message.body).group(0)


def test_signup_asks_for_email_and_password_only(client):
    html = client.get(reverse("account_signup")).content.decode()
    assert 'name="email"' in html
    assert 'name="password1"' in html
    assert 'name="username"' not in html


def test_signup_sends_a_verification_email_and_withholds_login(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "new@example.com", "password1": PASSWORD, "password2": PASSWORD, **CONSENTS},
    )
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new@example.com"]
    assert not EmailAddress.objects.get(email="new@example.com").verified
    # Mandatory verification: logging in sends another email instead of a session.
    client.logout()
    response = client.post(
        reverse("account_login"), {"login": "new@example.com", "password": PASSWORD}
    )
    assert "_auth_user_id" not in client.session


def test_following_the_link_verifies_and_logs_in(client):
    client.post(
        reverse("account_signup"),
        {"email": "new@example.com", "password1": PASSWORD, "password2": PASSWORD, **CONSENTS},
    )
    link = confirmation_link(mail.outbox[0])
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.post("/" + path)
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="new@example.com").verified
    assert client.session["_auth_user_id"] == str(User.objects.get(email="new@example.com").pk)


def test_bad_signup_gets_korean_errors_and_keeps_the_email(client, user):
    response = client.post(
        reverse("account_signup"),
        {"email": user.email, "password1": "short", "password2": "different", **CONSENTS},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "이미 이 이메일 주소로 가입된 사용자가 있습니다" in html or "이메일" in html
    assert f'value="{user.email}"' in html
    assert User.objects.filter(email=user.email).count() == 1


def test_anonymous_visitor_is_sent_to_login_from_my_activity(client):
    response = client.get(reverse("me"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_unverified_account_cannot_reach_a_verified_only_page(client, unverified_user):
    client.force_login(unverified_user)
    response = client.get(reverse("me"))
    html = response.content.decode()
    assert "아직 작성한 글이 없습니다." not in html
    assert "account/verified_email_required.html" in [t.name for t in response.templates]
    # The gate re-sends the confirmation so the user can get through.
    assert mail.outbox and mail.outbox[0].to == [unverified_user.email]


def test_verified_account_reaches_my_activity(client, user):
    client.force_login(user)
    response = client.get(reverse("me"))
    assert response.status_code == 200
    assert "아직 작성한 글이 없습니다." in response.content.decode()


def test_password_reset_sends_a_link(client, user):
    response = client.post(reverse("account_reset_password"), {"email": user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_admin_login_goes_through_the_rate_limited_login(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_too_many_failed_logins_are_refused_even_with_the_right_password(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    for _ in range(5):
        response = client.post(
            reverse("account_login") + "?next=/admin/",
            {"login": staff.email, "password": "wrong-password"},
        )
        assert response.status_code == 200
    response = client.post(
        reverse("account_login") + "?next=/admin/", {"login": staff.email, "password": PASSWORD}
    )
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_login_flood_from_one_address_gets_the_korean_429(client):
    for _ in range(30):
        client.get(reverse("account_login"))
        client.post(reverse("account_login"), {"login": "x@example.com", "password": "nope"})
    response = client.post(reverse("account_login"), {"login": "x@example.com", "password": "x"})
    assert response.status_code == 429
    assert "요청이 너무 많습니다" in response.content.decode()


def test_social_login_buttons_hidden_without_keys(client):
    html = client.get(reverse("account_login")).content.decode()
    for provider in ("Kakao", "Naver", "Google"):
        assert provider not in html


@override_settings(
    SOCIALACCOUNT_PROVIDERS={"kakao": {"APP": {"client_id": "kakao-id", "secret": "s"}}}
)
def test_social_login_button_appears_when_its_keys_are_configured(client):
    html = client.get(reverse("account_login")).content.decode()
    assert "Kakao" in html
    assert "Naver" not in html
