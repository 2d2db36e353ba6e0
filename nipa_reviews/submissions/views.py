"""Pages every kind of submission shares: deleting one's own, and the page for a second
submission where the rules allow one."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from nipa_reviews.accounts.decorators import verified_email_required

from . import services
from .kinds import kind_named


@verified_email_required
def submission_delete(request: HttpRequest, public_id: UUID, *, kind: str) -> HttpResponse:
    """The author deletes their own submission, after a confirmation page."""
    kind = kind_named(kind)
    item = get_object_or_404(
        kind.model.objects.select_related("company"), public_id=public_id, author=request.user
    )
    if request.method == "POST":
        services.delete(item=item)
        messages.success(request, _("%(what)s를 삭제했습니다.") % {"what": kind.label})
        return redirect("me")
    return render(
        request,
        "submission_confirm_delete.html",
        {"item": item, "what": kind.label, "summary": kind.summary(item)},
    )


def render_duplicate(request: HttpRequest, company, duplicate: services.Duplicate) -> HttpResponse:
    """The page for a second submission where only one is allowed: the rule and a way on."""
    existing = duplicate.existing
    edit_url = services.kind_of(existing).edit_url(existing) if existing.is_editable else None
    return render(
        request,
        "submission_duplicate.html",
        {"company": company, "message": duplicate.message, "edit_url": edit_url},
        status=409 if request.method == "POST" else 200,
    )
