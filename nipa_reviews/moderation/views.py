from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from nipa_reviews.accounts.decorators import verified_email_required
from nipa_reviews.ratelimit import rate_limited
from reviews.models import Review

from . import services
from .forms import ReportForm


def _back_to(item) -> str:
    if isinstance(item, Review):
        return reverse("reviews:list", args=[item.company.slug]) + f"#review-{item.pk}"
    return reverse("interviews:detail", args=[item.company.slug, item.pk])


@verified_email_required
@rate_limited("report")
def report(request: HttpRequest, model: type, pk: int) -> HttpResponse:
    """신고: GET shows the form, POST files the report (once per user per item)."""
    item = get_object_or_404(model.objects.published().select_related("company"), pk=pk)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_submit(item=item, reporter=request.user, **form.cleaned_data)
        except (PermissionDenied, ValidationError) as error:
            messages.error(
                request, error.messages[0] if isinstance(error, ValidationError) else str(error)
            )
        else:
            messages.success(request, "신고가 접수되었습니다. 운영자가 검토합니다.")
        return redirect(_back_to(item))
    return render(
        request,
        "moderation/report_form.html",
        {
            "item": item,
            "item_label": services.item_label(item),
            "summary": services.item_summary(item),
            "form": form,
        },
    )
