from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from nipa_reviews.accounts.decorators import verified_email_required
from nipa_reviews.ratelimit import accepted, rate_limited
from nipa_reviews.submissions.kinds import kind_named

from . import services
from .forms import ReportForm


@verified_email_required
@rate_limited("report")
def report(request: HttpRequest, public_id: UUID, *, kind: str) -> HttpResponse:
    """신고: GET shows the form, POST files the report (once per user per item)."""
    kind = kind_named(kind)
    published = kind.model.objects.published().select_related("company")
    item = get_object_or_404(published, public_id=public_id)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        back = redirect(kind.public_url(item))
        try:
            services.report_submit(item=item, reporter=request.user, **form.cleaned_data)
        except (PermissionDenied, ValidationError) as error:
            messages.error(
                request, error.messages[0] if isinstance(error, ValidationError) else str(error)
            )
            return back
        messages.success(request, "신고가 접수되었습니다. 운영자가 검토합니다.")
        return accepted(back)
    return render(
        request,
        "moderation/report_form.html",
        {
            "item": item,
            "item_label": kind.label,
            "summary": kind.summary(item),
            "form": form,
        },
    )
