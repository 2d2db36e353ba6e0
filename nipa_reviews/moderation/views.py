from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from nipa_reviews.accounts.decorators import verified_email_required
from nipa_reviews.ratelimit import accepted, rate_limited
from nipa_reviews.submissions.kinds import kind_named

from . import services
from .forms import ReportForm
from .models import Report


@verified_email_required
@rate_limited("report")
def report(request: HttpRequest, public_id: UUID, *, kind: str) -> HttpResponse:
    """신고: GET shows the form, POST files the report (once per user per item)."""
    kind = kind_named(kind)
    published = kind.model.objects.published().select_related("company")
    item = get_object_or_404(published, public_id=public_id)
    back = redirect(kind.public_url(item))
    # Said before the form is filled in, not after it is sent (the cards hide the button).
    if item.author_id == request.user.pk:
        messages.info(request, _("내가 쓴 글은 신고할 수 없습니다."))
        return back
    if Report.objects.about(item).filter(reporter=request.user).exists():
        messages.info(request, _("이미 신고한 글입니다. 운영자가 검토하고 있습니다."))
        return back
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_submit(item=item, reporter=request.user, **form.cleaned_data)
        except (PermissionDenied, ValidationError) as error:
            messages.error(
                request, error.messages[0] if isinstance(error, ValidationError) else str(error)
            )
            return back
        messages.success(request, _("신고가 접수되었습니다. 운영자가 검토합니다."))
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
