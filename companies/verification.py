"""재직 인증: an account proves it works at a company with a one-time code sent to a work
email on one of the company's domains.

The work email is stored nowhere (PRODUCT.md, anonymity). It lives only in the request that
sends the code; what stays is a keyed hash of it (HMAC-SHA256 with EMPLOYMENT_HASH_KEY), in
the session while the code is pending and then in the EmploymentVerification, so that one
work email verifies one account at a time. The code goes straight to the delivering mail
backend, not through the Celery queue, whose messages (address included) would sit in Redis.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from .models import Company, EmailDomain, EmploymentVerification

logger = logging.getLogger(__name__)

CODE_DIGITS = 6
CODE_VALID_FOR = timedelta(minutes=30)
CODE_TRIES = 5
# "12 months", as the one-review-per-company rule counts them (reviews/kinds.py).
VERIFICATION_VALID_FOR = timedelta(days=365)
# Counts the tries on one code across requests that race (see _count_try).
TRIES_CACHE_KEY = "verify-tries:{}"


class VerificationError(ValidationError):
    """A refusal the user reads, in Korean.

    `field`: the form field it belongs to (None: the whole form). `pending_over`: the
    pending verification cannot be used again (expired, locked, done, or there is none),
    so the caller drops it from the session."""

    def __init__(self, message: str, *, field: str | None = None, pending_over: bool = False):
        super().__init__(message)
        self.field = field
        self.pending_over = pending_over


def is_pending(pending: Any) -> bool:
    """Whether `pending` is a pending verification as verification_start made it."""
    return (
        isinstance(pending, dict)
        and isinstance(pending.get("company"), int)
        and isinstance(pending.get("email_hash"), str)
        and isinstance(pending.get("code_hash"), str)
        and isinstance(pending.get("expires"), int)
        and isinstance(pending.get("tries"), int)
    )


def normalise_email(email: str) -> str:
    return email.strip().lower()


def email_hash(email: str) -> str:
    """The only trace kept of a work email: HMAC-SHA256 of its normalised form, hex."""
    key = settings.EMPLOYMENT_HASH_KEY.encode()
    return hmac.new(key, normalise_email(email).encode(), hashlib.sha256).hexdigest()


def _code_hash(*, user, work_email_hash: str, code: str) -> str:
    # Bound to the account and the work email, so that a code is worth nothing anywhere else;
    # keyed, so that whoever reads a session row cannot try the million codes offline.
    return salted_hmac(
        "nipa_reviews.employment-code",
        f"{user.pk}:{work_email_hash}:{code}",
        secret=settings.EMPLOYMENT_HASH_KEY,
        algorithm="sha256",
    ).hexdigest()


def no_domains_message(company: Company) -> str:
    return _(
        "%(company)s은(는) 아직 재직 인증 메일 도메인이 등록되지 않아 인증할 수 없습니다. "
        "운영자가 도메인을 등록하면 인증할 수 있습니다."
    ) % {"company": company.name}


def check_work_email(*, company: Company, email: str) -> str:
    """The normalised work email, if it can prove employment at `company`; otherwise a
    VerificationError naming the field to fix and how."""
    domains = [d.domain for d in company.email_domains.all()]
    if not domains:
        raise VerificationError(no_domains_message(company), field="company")
    email = normalise_email(email)
    try:
        validate_email(email)
    except ValidationError:
        raise VerificationError(
            _("메일 주소 형식이 올바르지 않습니다. 예: hong@%(domain)s") % {"domain": domains[0]},
            field="email",
        ) from None
    domain = email.rpartition("@")[2]
    if domain in domains:
        return email
    names = {
        "domain": domain,
        "company": company.name,
        "examples": ", ".join(f"@{d}" for d in domains),
    }
    # Domains are no secret (the profile export lists them), so naming the owner helps.
    owner = (
        EmailDomain.objects.filter(domain=domain, company__is_published=True)
        .select_related("company")
        .first()
    )
    if owner is not None:
        message = _(
            "@%(domain)s은(는) %(other)s의 메일 도메인입니다. 회사를 %(other)s(으)로 "
            "바꾸거나, %(company)s의 회사 메일 주소(%(examples)s)를 입력해 주세요."
        ) % {**names, "other": owner.company.name}
    else:
        message = (
            _(
                "@%(domain)s은(는) %(company)s의 재직 인증 메일 도메인이 아닙니다. 회사 메일 "
                "주소(%(examples)s)를 입력해 주세요."
            )
            % names
        )
    raise VerificationError(message, field="email")


def verification_start(*, user, company: Company, email: str) -> dict[str, Any]:
    """Sends a one-time code to the work email and returns the pending verification for
    the session: the company, the email's hash, the code's hash, the expiry and the tries.

    Nothing is written to the database. Whether this work email already verifies another
    account is told only once the code has come back: asking here would tell anyone who
    types a colleague's address that the colleague has an account."""
    email = check_work_email(company=company, email=email)
    work_email_hash = email_hash(email)
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    expires = timezone.now() + CODE_VALID_FOR
    _send_code(email=email, code=code, company=company, expires=expires)
    return {
        "company": company.pk,
        "email_hash": work_email_hash,
        "code_hash": _code_hash(user=user, work_email_hash=work_email_hash, code=code),
        "expires": int(expires.timestamp()),
        "tries": 0,
    }


def _send_code(*, email: str, code: str, company: Company, expires: datetime) -> None:
    minutes = int(CODE_VALID_FOR.total_seconds()) // 60
    context = {"code": code, "company": company, "expires": expires, "minutes": minutes}
    subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + _("재직 인증 코드")
    body = render_to_string("companies/email/verification_code.txt", context)
    try:
        # The delivering backend itself, not EMAIL_BACKEND's queue (see the module's docstring).
        with get_connection(settings.EMAIL_DELIVERY_BACKEND) as connection:
            EmailMessage(
                subject, body, settings.DEFAULT_FROM_EMAIL, [email], connection=connection
            ).send()
    except OSError as error:  # smtplib's errors and refused connections alike
        # Only the kind of error: an SMTP error's text often quotes the recipient.
        logger.warning("재직 인증 code not sent: %s", type(error).__name__)
        raise VerificationError(
            _("인증 코드 메일을 보내지 못했습니다. 잠시 후 다시 시도해 주세요."), field="email"
        ) from None


def _count_try(pending: dict[str, Any]) -> int:
    """Counts one try on the pending code and returns how many there have been.

    Sessions are read at the start of a request and written at its end, so requests sent
    at once would each see the same count there: the cache counts atomically as well (a
    Redis that is down counts from zero, and the session's count then holds)."""
    key = TRIES_CACHE_KEY.format(pending["code_hash"])
    timeout = max(int(pending["expires"] - timezone.now().timestamp()), 0) + 60
    cache.add(key, 0, timeout)
    try:
        shared = cache.incr(key)
    except ValueError:  # expired between add and incr
        shared = 0
    pending["tries"] = max(pending["tries"] + 1, shared)
    return pending["tries"]


def verification_confirm(
    *, user, pending: dict[str, Any] | None, code: str
) -> EmploymentVerification:
    """Creates or renews the account's EmploymentVerification at the pending company if
    `code` is the one sent; raises VerificationError otherwise.

    A wrong code counts in `pending["tries"]`, which the caller keeps in the session;
    after CODE_TRIES tries, or past the expiry, the pending verification is over."""
    if not is_pending(pending):
        raise VerificationError(
            _("진행 중인 재직 인증이 없습니다. 회사 메일 주소로 인증 코드를 먼저 받아 주세요."),
            pending_over=True,
        )
    if timezone.now().timestamp() >= pending["expires"]:
        raise VerificationError(
            _("인증 코드의 유효 시간(30분)이 지났습니다. 새 코드를 받아 주세요."),
            pending_over=True,
        )
    tries = _count_try(pending)
    expected = _code_hash(user=user, work_email_hash=pending["email_hash"], code=code)
    if tries > CODE_TRIES or not constant_time_compare(expected, pending["code_hash"]):
        if tries >= CODE_TRIES:
            raise VerificationError(
                _(
                    "인증 코드가 %(tries)d번 틀려 이 코드는 더 쓸 수 없습니다. 새 코드를 받아 "
                    "주세요."
                )
                % {"tries": CODE_TRIES},
                pending_over=True,
            )
        raise VerificationError(
            _("인증 코드가 맞지 않습니다. %(left)d번 더 입력할 수 있습니다.")
            % {"left": CODE_TRIES - tries},
            field="code",
        )
    company = Company.objects.published().filter(pk=pending["company"]).first()
    if company is None:
        raise VerificationError(
            _("인증하려던 회사를 찾을 수 없습니다. 처음부터 다시 인증해 주세요."),
            pending_over=True,
        )
    verification = _record(user=user, company=company, work_email_hash=pending["email_hash"])
    cache.delete(TRIES_CACHE_KEY.format(pending["code_hash"]))
    return verification


def _record(*, user, company: Company, work_email_hash: str) -> EmploymentVerification:
    now = timezone.now()
    in_use = _(
        "이 회사 메일 주소는 이미 다른 계정의 재직 인증에 쓰이고 있습니다. 메일 주소 "
        "하나로는 계정 하나만 인증할 수 있습니다."
    )
    try:
        with transaction.atomic():
            holder = (
                EmploymentVerification.objects.select_for_update()
                .filter(email_hash=work_email_hash)
                .first()
            )
            if holder is not None and holder.user_id != user.pk:
                if holder.is_valid:
                    # Not which account: only that the address is taken.
                    raise VerificationError(in_use, pending_over=True)
                holder.delete()  # expired: the address is free again
            elif holder is not None and holder.company_id != company.pk:
                # The same account, the same address, another company (the domain moved).
                holder.delete()
            verification, _created = EmploymentVerification.objects.update_or_create(
                user=user,
                company=company,
                defaults={
                    "email_hash": work_email_hash,
                    "verified_at": now,
                    "expires_at": now + VERIFICATION_VALID_FOR,
                },
            )
    except IntegrityError:
        # Another request took the address (or made this account's record) meanwhile.
        mine = EmploymentVerification.objects.valid().filter(
            user=user, company=company, email_hash=work_email_hash
        )
        verification = mine.first()
        if verification is None:
            raise VerificationError(in_use, pending_over=True) from None
    return verification
