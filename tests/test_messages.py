"""Users meet our words, not Django's or allauth's stock messages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from interviews.forms import InterviewForm
from reviews.forms import ReviewForm
from tests.factories import CONSENTS, PASSWORD, JobCategoryFactory

pytestmark = pytest.mark.django_db

# Django's Korean for max_length, invalid_choice, required and invalid number.
STOCK = ["확인하세요", "올바르게 선택해 주세요", "필수 항목입니다", "정수를 입력하세요"]


def stock_messages(form) -> list[str]:
    return [
        f"{name}: {message}"
        for name, messages in form.errors.items()
        for message in messages
        if any(phrase in message for phrase in STOCK)
    ]


@pytest.mark.parametrize("form_class", [ReviewForm, InterviewForm])
@pytest.mark.parametrize("garbage", ["", "없는 값", "가" * 5000, "-1"])
def test_no_field_answers_with_a_stock_message(form_class, garbage):
    JobCategoryFactory()
    form = form_class(data=dict.fromkeys(form_class().fields, garbage))
    assert not form.is_valid()
    assert stock_messages(form) == []


def test_email_confirmation_page_speaks_plainly(client):
    client.post(
        reverse("account_signup"),
        {"email": "new@example.com", "password1": PASSWORD, "password2": PASSWORD, **CONSENTS},
    )
    from django.core import mail

    link = [word for word in mail.outbox[-1].body.split() if "/confirm-email/" in word][0]
    content = client.get(link.split("testserver", 1)[1]).content.decode()
    assert "<strong>new@example.com</strong> 주소가 내 이메일이 맞으면" in content
    assert "이 사용자" not in content


def test_signing_in_and_out_says_so_in_korean(client, user):
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": PASSWORD}, follow=True
    )
    assert "로그인했습니다." in response.content.decode()
    response = client.post(reverse("account_logout"), follow=True)
    assert "로그아웃했습니다." in response.content.decode()
