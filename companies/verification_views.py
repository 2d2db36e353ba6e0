"""재직 인증 pages: `/me/verify/` sends a code to a work email, `/me/verify/confirm/` takes
it back. The pending verification lives in the session and holds no email (verification.py)."""

from __future__ import annotations

from datetime import UTC, datetime

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from nipa_reviews import ratelimit
from nipa_reviews.accounts.decorators import verified_email_required
from nipa_reviews.ratelimit import accepted, rate_limited

from . import verification
from .forms import VerificationConfirmForm, VerificationStartForm
from .models import Company

# The session key of the pending verification.
PENDING = "employment_verification"


def _work_email_key(work_email_hash: str) -> ratelimit.KeyFunction:
    """Counts codes per work email, by its hash: the address itself is kept nowhere."""

    def key(group: str, request: HttpRequest) -> str:
        return f"email:{work_email_hash}"

    return key


# never_cache: the pages show what the user typed; no proxy or browser cache keeps them.
@never_cache
@verified_email_required
@rate_limited("verify")
def verify_start(request: HttpRequest) -> HttpResponse:
    slug = request.GET.get("company", "")
    preselected = Company.objects.published().filter(slug=slug).first() if slug else None
    if request.method == "POST":
        form = VerificationStartForm(request.POST, preselected=preselected)
        if form.is_valid():
            company, email = form.cleaned_data["company"], form.cleaned_data["email"]
            keys = {"email": _work_email_key(verification.email_hash(email))}
            if ratelimit.spent(request, "verify_email", keys=keys):
                form.add_error(
                    "email",
                    _(
                        "이 메일 주소로 인증 코드를 여러 번 보냈습니다. 받은 편지함과 스팸 "
                        "편지함을 확인하시거나, 1시간 뒤에 다시 받아 주세요."
                    ),
                )
            else:
                try:
                    pending = verification.verification_start(
                        user=request.user, company=company, email=email
                    )
                except verification.VerificationError as error:
                    form.add_error(error.field, error.message)
                else:
                    # A new code replaces any code sent before.
                    request.session[PENDING] = pending
                    ratelimit.count(request, "verify_email", keys=keys)
                    messages.success(
                        request,
                        _("%(company)s 회사 메일로 인증 코드를 보냈습니다.")
                        % {"company": company.name},
                    )
                    return accepted(redirect("verify_confirm"))
    else:
        form = VerificationStartForm(
            initial={"company": preselected.slug if preselected else None},
            preselected=preselected,
        )
    context = {
        "form": form,
        "preselected": preselected,
        # Said before anything is typed: this company cannot be verified yet.
        "unavailable": (
            verification.no_domains_message(preselected)
            if preselected is not None and not preselected.email_domains.exists()
            else ""
        ),
        "verifications": request.user.employments.valid().select_related("company"),
    }
    return render(request, "companies/verify_start.html", context)


@never_cache
@verified_email_required
def verify_confirm(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(PENDING)
    company = None
    if verification.is_pending(pending):
        company = Company.objects.filter(pk=pending["company"]).first()
    if company is None:
        request.session.pop(PENDING, None)
        messages.warning(
            request,
            _("진행 중인 재직 인증이 없습니다. 회사 메일 주소로 인증 코드를 먼저 받아 주세요."),
        )
        return redirect("verify")
    form = VerificationConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            record = verification.verification_confirm(
                user=request.user, pending=pending, code=form.cleaned_data["code"]
            )
        except verification.VerificationError as error:
            if error.pending_over:
                request.session.pop(PENDING, None)
                messages.error(request, error.message)
                return redirect(f"{reverse('verify')}?company={company.slug}")
            request.session[PENDING] = pending  # the try it counted
            form.add_error(error.field, error.message)
        else:
            request.session.pop(PENDING, None)
            messages.success(
                request,
                _("%(company)s 재직 인증을 마쳤습니다. %(date)s까지 유효합니다.")
                % {
                    "company": record.company.name,
                    "date": date_format(timezone.localtime(record.expires_at), "SHORT_DATE_FORMAT"),
                },
            )
            return redirect("me")
    context = {
        "form": form,
        "company": company,
        "expires": datetime.fromtimestamp(pending["expires"], tz=UTC),
        "tries_left": max(verification.CODE_TRIES - pending["tries"], 0),
    }
    return render(request, "companies/verify_confirm.html", context)
