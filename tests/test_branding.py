"""The product is 잡리포트 wherever people see it: pages, the admin, the API, emails."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import CONSENTS, PASSWORD

pytestmark = pytest.mark.django_db

SIGNUP = {"email": "new@example.com", "password1": PASSWORD, "password2": PASSWORD, **CONSENTS}


@pytest.mark.parametrize(
    "path", ["/", "/companies/", "/companies/nipa/", "/companies/nipa/report/", "/accounts/login/"]
)
def test_pages_carry_the_site_name_and_never_the_code_name(client, nipa, path):
    content = client.get(path).content.decode()
    assert "잡리포트" in content
    assert "nipa_reviews" not in content


def test_the_site_name_is_a_setting(client, settings):
    settings.SITE_NAME = "다른이름"
    content = client.get("/").content.decode()
    assert "<title>다른이름 · " in content
    assert "잡리포트" not in content


def test_admin_and_api_are_named_for_the_site(client, superuser):
    client.force_login(superuser)
    assert "잡리포트 운영" in client.get(reverse("admin:index")).content.decode()
    assert client.get("/api/openapi.json").json()["info"]["title"] == "잡리포트 API"


def test_signup_email_greets_by_the_site_name_not_the_host(client):
    client.post(reverse("account_signup"), SIGNUP)
    message = mail.outbox[-1]
    assert message.subject.startswith("[잡리포트] ")
    assert message.body.startswith("안녕하세요, 잡리포트입니다.")
    assert "testserver" in message.body  # no SITE_URL: the address the request came to
    assert "127.0.0.1" not in message.body


def test_emails_link_to_site_url_when_it_is_set(client, settings, user):
    settings.SITE_URL = "https://jobreport.example"
    client.post(reverse("account_signup"), SIGNUP)
    body = mail.outbox[-1].body
    assert "https://jobreport.example/accounts/confirm-email/" in body
    assert body.rstrip().endswith("https://jobreport.example/")
    assert "testserver" not in body
    client.post(reverse("account_reset_password"), {"email": user.email})
    assert "https://jobreport.example/accounts/password/reset/key/" in mail.outbox[-1].body
