"""재직 인증: a work email proves employment with a one-time code, and is stored nowhere."""

from __future__ import annotations

import copy
import hashlib
import hmac
import json
import logging
import re
import smtplib
from datetime import timedelta

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import models
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from companies import verification
from companies.models import EmailDomain, EmploymentVerification
from companies.verification_views import PENDING
from reviews.models import Review
from tests.factories import (
    PASSWORD,
    CompanyFactory,
    EmploymentVerificationFactory,
    UserFactory,
)
from tests.test_invalidation import keys_without_expiry
from tests.test_reviews_views import form_data

pytestmark = pytest.mark.django_db

# A local part found nowhere else, so that a scan for it finds only a leak.
LOCAL_PART = "zq-verify-7731"
ADDRESS = f"{LOCAL_PART}@nipa.kr"
PENDING_KEYS = {"company", "email_hash", "code_hash", "expires", "tries"}
LOW_LIMITS = {
    "review": "10/h/user,300/h/ip",
    "interview": "10/h/user,300/h/ip",
    "report": "20/h/user,300/h/ip",
    "helpful": "100/h/user,2000/h/ip",
    "verify": "2/h/user,100/h/ip",
    "verify_email": "2/h/email",
}


@pytest.fixture
def acme(db):
    """Another company with a domain of its own."""
    company = CompanyFactory(slug="acme", name="에이크미")
    EmailDomain.objects.create(company=company, domain="acme.example")
    return company


def start(client, company: str = "nipa", email: str = ADDRESS):
    return client.post(reverse("verify"), {"company": company, "email": email})


def sent_code() -> str:
    """The code in the newest email, as the person reads it."""
    return re.search(r"^\s*(\d{6})\s*$", mail.outbox[-1].body, re.MULTILINE).group(1)


def confirm(client, code: str):
    return client.post(reverse("verify_confirm"), {"code": code})


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def verify(client, email: str = ADDRESS, company: str = "nipa"):
    assert start(client, company, email).status_code == 302
    return confirm(client, sent_code())


# --- The flow ----------------------------------------------------------------------------


def test_a_work_email_verifies_the_account_through_the_emailed_code(client, user, nipa):
    client.force_login(user)
    page = client.get(reverse("verify"), {"company": "nipa"}).content.decode()
    assert '<option value="nipa" selected>정보통신산업진흥원</option>' in page

    # Typed with spaces and capitals: the same address as lower case.
    response = start(client, email=f"  {LOCAL_PART.upper()}@NIPA.kr ")
    assert response.status_code == 302
    assert response.url == reverse("verify_confirm")
    assert [message.to for message in mail.outbox] == [[ADDRESS]]
    assert "재직 인증 코드" in mail.outbox[0].subject
    assert set(client.session[PENDING]) == PENDING_KEYS

    page = client.get(reverse("verify_confirm")).content.decode()
    assert "정보통신산업진흥원 회사 메일로 보낸 6자리 코드" in page
    assert "5번 더 입력할 수 있습니다" in page

    response = confirm(client, sent_code())
    assert response.status_code == 302
    assert response.url == reverse("me")
    record = EmploymentVerification.objects.get()
    # HMAC-SHA256 with the site's own key, of the address as typed, stripped and lower-cased.
    expected = hmac.new(
        settings.EMPLOYMENT_HASH_KEY.encode(), ADDRESS.encode(), hashlib.sha256
    ).hexdigest()
    assert (record.user, record.company, record.email_hash) == (user, nipa, expected)
    assert abs(record.verified_at - timezone.now()) < timedelta(minutes=1)
    assert record.expires_at == record.verified_at + timedelta(days=365)
    assert PENDING not in client.session
    assert nipa.has_verified_employee(user)

    me = client.get(reverse("me")).content.decode()
    assert "재직 인증을 마쳤습니다" in me
    assert "정보통신산업진흥원" in me
    assert timezone.localtime(record.expires_at).strftime("%Y.%m.%d") in me
    assert LOCAL_PART not in me


def test_the_code_goes_straight_to_the_delivering_backend_not_the_queue(
    client, user, nipa, monkeypatch
):
    # The queue would keep the message, address included, in Redis until a worker sends it.
    def no_queue(*args, **kwargs):
        raise AssertionError("the code went through the queue")

    monkeypatch.setattr("nipa_reviews.mail.QueuedEmailBackend.send_messages", no_queue)
    client.force_login(user)
    assert start(client).status_code == 302
    assert mail.outbox[0].to == [ADDRESS]


@pytest.mark.parametrize("debug", [False, True])  # with debug on, Django logs every query
def test_the_work_email_is_stored_in_no_column_no_session_and_no_log(
    client, user, nipa, caplog, settings, debug
):
    settings.DEBUG = debug
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="django")  # its own level is INFO
    client.force_login(user)
    assert start(client, email=f"{LOCAL_PART.title()}@nipa.kr").status_code == 302
    code = sent_code()
    confirm(client, wrong(code))
    # While the code is pending, and once it has been used.
    assert leaks() == []
    assert confirm(client, code).status_code == 302
    assert EmploymentVerification.objects.exists()
    assert leaks() == []
    assert LOCAL_PART not in caplog.text.lower()
    assert not debug or "SELECT" in caplog.text  # the queries were logged, and looked at
    for url in (reverse("me"), reverse("my_data"), reverse("verify")):
        assert LOCAL_PART not in client.get(url).content.decode().lower()


def leaks() -> list[str]:
    """Every text value of every table, and every session decoded, that holds the address
    or its local part."""
    found = []
    text_fields = (models.CharField, models.TextField, models.JSONField)  # EmailField is a Char
    for model in apps.get_models():
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, text_fields) and not f.primary_key
        ]
        if not fields:
            continue
        for row in model._base_manager.values_list(*fields):
            for name, value in zip(fields, row, strict=True):
                text = json.dumps(value, ensure_ascii=False) if value is not None else ""
                if LOCAL_PART in text.lower():
                    found.append(f"{model._meta.label}.{name}")
    for session in Session.objects.all():
        decoded = json.dumps(session.get_decoded(), ensure_ascii=False)
        if LOCAL_PART in decoded.lower():
            found.append(f"session {session.session_key}: {decoded}")
    return found


def test_the_scan_finds_a_work_email_where_there_is_one(user):
    # The scan itself works: an address in any text column is found.
    user.first_name = ADDRESS
    user.save()
    assert leaks() == ["accounts.User.first_name"]


def test_re_verifying_the_same_company_renews(client, user, nipa):
    old = EmploymentVerificationFactory(
        user=user,
        company=nipa,
        verified_at=timezone.now() - timedelta(days=300),
        email_hash=verification.email_hash(ADDRESS),
    )
    client.force_login(user)
    page = client.get(reverse("verify")).content.decode()
    assert "지금 유효한 재직 인증" in page
    assert verify(client).status_code == 302
    renewed = EmploymentVerification.objects.get()
    assert renewed.pk == old.pk
    assert renewed.expires_at > old.expires_at + timedelta(days=299)


def test_re_verifying_with_another_work_email_frees_the_first(client, user, other_user, nipa):
    client.force_login(user)
    verify(client)
    verify(client, email="second.address@nipa.kr")
    assert EmploymentVerification.objects.get().email_hash == verification.email_hash(
        "second.address@nipa.kr"
    )
    client.force_login(other_user)
    assert verify(client).status_code == 302  # the first address is free again
    assert EmploymentVerification.objects.count() == 2


def test_the_company_page_links_to_the_verification(client, nipa):
    page = client.get(nipa.get_absolute_url()).content.decode()
    assert f'href="{reverse("verify")}?company=nipa"' in page
    assert "재직 인증하기" in page


# --- One work email, one account -----------------------------------------------------------


def test_a_work_email_verifying_another_account_is_refused_without_saying_whose(client, user, nipa):
    holder = UserFactory(email="holder@example.com")
    EmploymentVerificationFactory(
        user=holder, company=nipa, email_hash=verification.email_hash(ADDRESS)
    )
    client.force_login(user)
    response = verify(client)
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "이미 다른 계정의 재직 인증에 쓰이고 있습니다" in page
    assert "holder" not in page and holder.moderation_token not in page
    assert EmploymentVerification.objects.get().user == holder
    assert PENDING not in client.session


def test_asking_for_a_code_does_not_tell_whether_the_address_is_in_use(client, user, nipa):
    # Only whoever can read the inbox learns it: anyone else typing a colleague's address
    # would otherwise learn that the colleague has an account.
    EmploymentVerificationFactory(company=nipa, email_hash=verification.email_hash(ADDRESS))
    client.force_login(user)
    assert start(client).status_code == 302
    assert len(mail.outbox) == 1


def test_an_expired_verification_with_the_same_address_is_replaced(client, user, nipa):
    past = timezone.now() - timedelta(days=400)
    EmploymentVerificationFactory(
        company=nipa, verified_at=past, email_hash=verification.email_hash(ADDRESS)
    )
    client.force_login(user)
    assert verify(client).url == reverse("me")
    assert EmploymentVerification.objects.get().user == user


def test_two_accounts_confirming_the_same_address_one_after_the_other(user, other_user, nipa):
    pendings = [
        verification.verification_start(user=person, company=nipa, email=ADDRESS)
        for person in (user, other_user)
    ]
    codes = [re.search(r"^\s*(\d{6})\s*$", m.body, re.MULTILINE).group(1) for m in mail.outbox]
    verification.verification_confirm(user=user, pending=pendings[0], code=codes[0])
    with pytest.raises(verification.VerificationError, match="이미 다른 계정"):
        verification.verification_confirm(user=other_user, pending=pendings[1], code=codes[1])
    assert EmploymentVerification.objects.get().user == user


def test_two_accounts_confirming_the_same_address_at_once_get_one_record(
    user, other_user, nipa, monkeypatch
):
    # The race: the second confirmation looked before the first one's row was committed,
    # and meets it only at the unique constraint.
    EmploymentVerificationFactory(
        user=other_user, company=nipa, email_hash=verification.email_hash(ADDRESS)
    )
    monkeypatch.setattr(
        EmploymentVerification.objects,
        "select_for_update",
        lambda: EmploymentVerification.objects.none(),
    )
    pending = verification.verification_start(user=user, company=nipa, email=ADDRESS)
    with pytest.raises(verification.VerificationError, match="이미 다른 계정") as error:
        verification.verification_confirm(user=user, pending=pending, code=sent_code())
    assert error.value.pending_over
    assert EmploymentVerification.objects.get().user == other_user


# --- Bad input, each with its Korean message, nothing sent or saved -------------------------


@pytest.mark.parametrize(
    ("company", "email", "message"),
    [
        (
            "nipa",
            "someone@gmail.com",
            "@gmail.com은(는) 정보통신산업진흥원의 재직 인증 메일 도메인이 아닙니다. 회사 메일 주소(@nipa.kr)를 입력해 주세요.",
        ),
        (
            "nipa",
            "someone@acme.example",
            "@acme.example은(는) 에이크미의 메일 도메인입니다. 회사를 에이크미(으)로 바꾸거나, 정보통신산업진흥원의 회사 메일 주소(@nipa.kr)를 입력해 주세요.",
        ),
        (
            "nipa",
            "someone@mail.nipa.kr",
            "@mail.nipa.kr은(는) 정보통신산업진흥원의 재직 인증 메일 도메인이 아닙니다.",
        ),
        ("nipa", "someone.nipa.kr", "메일 주소 형식이 올바르지 않습니다. 예: hong@nipa.kr"),
        ("nipa", "some one@nipa.kr", "메일 주소 형식이 올바르지 않습니다."),
        ("nipa", "", "회사 메일 주소를 입력해 주세요."),
        (
            "bare",
            "someone@bare.example",
            "베어기업은(는) 아직 재직 인증 메일 도메인이 등록되지 않아 인증할 수 없습니다.",
        ),
        ("", "someone@nipa.kr", "인증할 회사를 골라 주세요."),
        ("no-such", "someone@nipa.kr", "목록에 있는 회사를 골라 주세요."),
        ("hidden", "someone@hidden.example", "목록에 있는 회사를 골라 주세요."),
    ],
)
def test_bad_input_gets_a_korean_message_keeps_the_input_and_sends_nothing(
    client, user, nipa, acme, company, email, message
):
    CompanyFactory(slug="bare", name="베어기업")
    hidden = CompanyFactory(slug="hidden", is_published=False)
    EmailDomain.objects.create(company=hidden, domain="hidden.example")
    client.force_login(user)
    response = start(client, company, email)
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "입력한 내용을 확인해 주세요" in page
    if email:
        assert f'value="{email}"' in page
    assert mail.outbox == []
    assert PENDING not in client.session


def test_errors_are_tied_to_their_fields_for_screen_readers(client, user, nipa):
    client.force_login(user)
    page = start(client, email="someone@gmail.com").content.decode()
    assert 'aria-describedby="id_email_helptext id_email_error"' in page
    assert 'id="id_email_error"' in page
    assert 'aria-invalid="true"' in page
    assert re.search(r'<label\s+for="id_company"', page)
    assert re.search(r'<label\s+for="id_email"', page)


def test_a_company_without_domains_says_so_before_anything_is_typed(client, user, nipa):
    CompanyFactory(slug="bare", name="베어기업")
    client.force_login(user)
    page = client.get(reverse("verify"), {"company": "bare"}).content.decode()
    assert "베어기업은(는) 아직 재직 인증 메일 도메인이 등록되지 않아 인증할 수 없습니다." in page
    # Offered (selected) so that the message names it; other companies without domains are not.
    assert '<option value="bare" selected>베어기업</option>' in page
    assert '<option value="nipa">정보통신산업진흥원</option>' in page


def test_a_wrong_code_says_how_many_tries_are_left(client, user, nipa):
    client.force_login(user)
    start(client)
    code = sent_code()
    response = confirm(client, wrong(code))
    page = response.content.decode()
    assert response.status_code == 200
    assert "인증 코드가 맞지 않습니다. 4번 더 입력할 수 있습니다." in page
    assert f'value="{wrong(code)}"' in page
    assert client.session[PENDING]["tries"] == 1
    assert not EmploymentVerification.objects.exists()
    assert confirm(client, code).status_code == 302  # the right one still works
    assert EmploymentVerification.objects.exists()


@pytest.mark.parametrize("typed", ["12345", "1234567", "12a456", ""])
def test_a_code_that_is_not_six_digits_costs_no_try(client, user, nipa, typed):
    client.force_login(user)
    start(client)
    page = confirm(client, typed).content.decode()
    assert 'id="id_code_error"' in page
    assert "6자리" in page
    assert client.session[PENDING]["tries"] == 0


def test_a_code_typed_with_a_space_or_dash_is_accepted(client, user, nipa):
    client.force_login(user)
    start(client)
    code = sent_code()
    assert confirm(client, f"{code[:3]} {code[3:]}").url == reverse("me")


def test_five_wrong_codes_lock_the_code_and_a_new_one_is_needed(client, user, nipa):
    client.force_login(user)
    start(client)
    code = sent_code()
    for left in (4, 3, 2, 1):
        assert f"{left}번 더 입력할 수 있습니다" in confirm(client, wrong(code)).content.decode()
    response = confirm(client, wrong(code))
    assert response.status_code == 302
    assert response.url == f"{reverse('verify')}?company=nipa"
    assert (
        "인증 코드가 5번 틀려 이 코드는 더 쓸 수 없습니다"
        in client.get(response.url).content.decode()
    )
    assert PENDING not in client.session
    # The right code is no use now.
    response = confirm(client, code)
    assert response.url == reverse("verify")
    assert "진행 중인 재직 인증이 없습니다" in client.get(response.url).content.decode()
    assert not EmploymentVerification.objects.exists()
    # A new code works.
    assert verify(client).url == reverse("me")


def test_guesses_sent_at_once_share_the_five_tries(user, nipa):
    # Each racing request reads the session before the others write it back: every copy
    # below says no try was made, and the cache's count still stops the sixth.
    pending = verification.verification_start(user=user, company=nipa, email=ADDRESS)
    code = sent_code()
    for _ in range(5):
        with pytest.raises(verification.VerificationError):
            verification.verification_confirm(
                user=user, pending=copy.deepcopy(pending), code=wrong(code)
            )
    with pytest.raises(verification.VerificationError, match="5번 틀려") as error:
        verification.verification_confirm(user=user, pending=copy.deepcopy(pending), code=code)
    assert error.value.pending_over
    assert not EmploymentVerification.objects.exists()


def test_an_expired_code_is_refused_and_a_new_one_is_needed(client, user, nipa):
    client.force_login(user)
    start(client)
    session = client.session
    session[PENDING]["expires"] = int(timezone.now().timestamp()) - 1
    session.save()
    response = confirm(client, sent_code())
    assert response.url == f"{reverse('verify')}?company=nipa"
    assert "유효 시간(30분)이 지났습니다" in client.get(response.url).content.decode()
    assert PENDING not in client.session
    assert not EmploymentVerification.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_confirming_without_a_pending_verification_sends_back_to_the_start(client, user, method):
    client.force_login(user)
    response = getattr(client, method)(reverse("verify_confirm"), {"code": "123456"})
    assert response.status_code == 302
    assert response.url == reverse("verify")
    assert (
        "회사 메일 주소로 인증 코드를 먼저 받아 주세요" in client.get(response.url).content.decode()
    )


def test_a_code_is_worth_nothing_to_another_account(user, other_user, nipa):
    pending = verification.verification_start(user=user, company=nipa, email=ADDRESS)
    with pytest.raises(verification.VerificationError, match="맞지 않습니다"):
        verification.verification_confirm(user=other_user, pending=pending, code=sent_code())


def test_a_company_unpublished_meanwhile_ends_the_pending_verification(client, user, nipa):
    client.force_login(user)
    start(client)
    nipa.is_published = False
    nipa.save()
    response = confirm(client, sent_code())
    assert response.status_code == 302
    assert "인증하려던 회사를 찾을 수 없습니다" in client.get(response.url).content.decode()
    assert not EmploymentVerification.objects.exists()


def test_a_mail_server_refusing_the_address_is_a_korean_error_that_logs_no_address(
    client, user, nipa, monkeypatch, caplog
):
    refused = smtplib.SMTPRecipientsRefused({ADDRESS: (550, b"no such user " + ADDRESS.encode())})

    class Refusing:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def send_messages(self, messages):
            raise refused

    monkeypatch.setattr(verification, "get_connection", lambda backend: Refusing())
    client.force_login(user)
    response = start(client)
    assert response.status_code == 200
    assert "인증 코드 메일을 보내지 못했습니다" in response.content.decode()
    assert PENDING not in client.session
    assert LOCAL_PART not in caplog.text
    assert "SMTPRecipientsRefused" in caplog.text


# --- Who may verify ------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["verify", "verify_confirm"])
def test_an_anonymous_visitor_is_sent_to_log_in(client, nipa, url):
    response = client.post(reverse(url), {"company": "nipa", "email": ADDRESS, "code": "1"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert mail.outbox == []


def test_an_account_without_a_verified_email_cannot_verify(client, unverified_user, nipa):
    client.force_login(unverified_user)
    response = start(client)
    assert "account/verified_email_required.html" in [t.name for t in response.templates]
    assert ADDRESS not in [address for message in mail.outbox for address in message.to]
    assert PENDING not in client.session


# --- Rate limits ---------------------------------------------------------------------------


@override_settings(SUBMISSION_RATE_LIMITS=LOW_LIMITS)
def test_codes_sent_per_account_are_limited(client, user, nipa):
    client.force_login(user)
    for i in range(2):
        assert start(client, email=f"person{i}@nipa.kr").status_code == 302
    response = start(client, email="person9@nipa.kr")
    assert response.status_code == 429
    assert "요청이 너무 많습니다" in response.content.decode()
    assert len(mail.outbox) == 2


@override_settings(SUBMISSION_RATE_LIMITS=LOW_LIMITS)
def test_codes_sent_to_one_work_email_are_limited_whoever_asks(client, nipa):
    for _ in range(2):
        client.force_login(UserFactory())
        assert start(client).status_code == 302
    client.force_login(UserFactory())
    response = start(client)
    assert response.status_code == 200
    assert "이 메일 주소로 인증 코드를 여러 번 보냈습니다" in response.content.decode()
    assert len(mail.outbox) == 2
    assert start(client, email="someone.else@nipa.kr").status_code == 302


@override_settings(SUBMISSION_RATE_LIMITS=LOW_LIMITS)
def test_refused_requests_do_not_count(client, user, nipa):
    client.force_login(user)
    for _ in range(5):
        start(client, email="someone@gmail.com")
    assert start(client).status_code == 302


def test_every_cache_key_of_the_flow_expires(client, user, nipa):
    client.force_login(user)
    start(client)
    confirm(client, wrong(sent_code()))
    assert keys_without_expiry() == set()


# --- What a verification changes and what removes it --------------------------------------


def test_a_review_written_while_verified_is_marked_and_one_without_is_not(
    client, user, other_user, nipa
):
    client.force_login(user)
    verify(client)
    client.post(reverse("reviews:create", args=["nipa"]), form_data())
    client.force_login(other_user)
    client.post(reverse("reviews:create", args=["nipa"]), form_data())
    marks = dict(Review.objects.values_list("author", "verified"))
    assert marks == {user.pk: True, other_user.pk: False}


def test_a_verification_at_another_company_does_not_mark_a_review_here(client, user, nipa, acme):
    EmploymentVerificationFactory(user=user, company=acme)
    client.force_login(user)
    client.post(reverse("reviews:create", args=["nipa"]), form_data())
    assert Review.objects.get().verified is False


def test_leaving_the_site_deletes_the_verifications(client, user, nipa):
    client.force_login(user)
    verify(client)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert client.post(reverse("account_delete")).status_code == 302
    assert not EmploymentVerification.objects.exists()


def test_my_data_lists_the_verifications_without_any_hash(client, user, nipa):
    record = EmploymentVerificationFactory(user=user, company=nipa)
    client.force_login(user)
    data = json.loads(client.get(reverse("my_data")).content)
    assert data["employment_verifications"] == [
        {
            "company": "정보통신산업진흥원",
            "verified_at": record.verified_at.isoformat(),
            "expires_at": record.expires_at.isoformat(),
        }
    ]
    assert record.email_hash not in json.dumps(data)


def test_my_activity_shows_only_valid_verifications(client, user, nipa, acme):
    EmploymentVerificationFactory(user=user, company=nipa)
    EmploymentVerificationFactory(
        user=user, company=acme, verified_at=timezone.now() - timedelta(days=400)
    )
    client.force_login(user)
    page = client.get(reverse("me")).content.decode()
    assert "정보통신산업진흥원" in page
    assert "에이크미" not in page


@pytest.mark.parametrize("size", [1, 4])
def test_verification_pages_query_count_does_not_grow(
    client, user, django_assert_num_queries, size
):
    for _ in range(size):
        company = CompanyFactory()
        EmailDomain.objects.create(company=company, domain=f"{company.slug}.example")
        EmploymentVerificationFactory(user=user, company=company)
    client.force_login(user)
    client.get(reverse("me"))  # allauth's first look at the account is not counted
    # The session, the user, the email's verified state; the companies offered, the
    # account's valid verifications with their companies.
    with django_assert_num_queries(5):
        assert client.get(reverse("verify")).status_code == 200


# --- The admin ------------------------------------------------------------------------------


def test_moderators_see_verifications_read_only_with_a_token_and_no_account(
    client, moderator, superuser, nipa
):
    record = EmploymentVerificationFactory(company=nipa)
    changelist = reverse("admin:companies_employmentverification_changelist")
    change = reverse("admin:companies_employmentverification_change", args=[record.pk])

    client.force_login(moderator)
    page = client.get(changelist).content.decode()
    assert "정보통신산업진흥원" in page
    assert record.user.moderation_token in page
    assert record.user.email not in page
    assert record.email_hash not in page
    page = client.get(change).content.decode()
    assert record.user.email not in page and record.email_hash not in page
    assert 'name="expires_at"' not in page  # nothing to edit
    assert client.get(reverse("admin:companies_employmentverification_add")).status_code == 403
    delete = reverse("admin:companies_employmentverification_delete", args=[record.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403

    client.force_login(superuser)
    page = client.get(changelist).content.decode()
    assert record.user.email in page
    assert record.email_hash not in page


def company_change_data(company, domains: list[str]) -> dict:
    """The company admin's form as the browser posts it, with these domains."""
    data = {
        "name": company.name,
        "short_name": company.short_name,
        "slug": company.slug,
        "aliases": "",
        "organisation_type": company.organisation_type,
        "industry": company.industry,
        "website": "",
        "summary": company.summary,
        "vision": "",
        "mission": "",
        "hiring_notes": "",
        "hiring_counts_note": "",
        "is_published": "on",
    }
    for prefix in (
        "stakeholders",
        "business_areas",
        "news_items",
        "core_values",
        "hiring_steps",
        "hiring_counts",
    ):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    data.update({"email_domains-TOTAL_FORMS": len(domains), "email_domains-INITIAL_FORMS": 0})
    for i, domain in enumerate(domains):
        data[f"email_domains-{i}-domain"] = domain
    return data


def test_moderators_keep_a_companys_domains_in_its_admin_page(client, moderator, acme):
    company = CompanyFactory(slug="beta", name="베타")
    url = reverse("admin:companies_company_change", args=[company.pk])
    client.force_login(moderator)
    assert "재직 인증 메일 도메인" in client.get(url).content.decode()

    # Pasted as seen in an address: trimmed, lower-cased, without the @.
    response = client.post(url, company_change_data(company, [" @Beta.Example "]))
    assert response.status_code == 302
    assert list(company.email_domains.values_list("domain", flat=True)) == ["beta.example"]

    response = client.post(url, company_change_data(company, ["acme.example"]))
    assert response.status_code == 200
    assert "acme.example은(는) 이미 에이크미의 재직 인증 도메인입니다." in response.content.decode()
    assert EmailDomain.objects.get(domain="acme.example").company == acme
