"""Review-only admin: highlights and the read-only scores. The review queue itself is
moderation's, from the review kind's declaration (reviews.kinds)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from nipa_reviews.admin_base import ReadOnlyAdmin

from . import services
from .forms import HighlightForm
from .models import CompanyScore, Highlight


@admin.action(description=_("하이라이트 만들기 (리뷰 하나)"), permissions=["change"])
def make_highlight(modeladmin, request, queryset):
    """A queue action of the review kind: a quote from one published review, audited."""
    if queryset.count() != 1:
        modeladmin.message_user(
            request, _("하이라이트는 리뷰 하나를 골라서 만듭니다."), messages.WARNING
        )
        return None
    review = queryset.get()
    form = HighlightForm(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        try:
            with transaction.atomic():
                highlight = services.highlight_create(review=review, **form.cleaned_data)
                modeladmin.audit(
                    review,
                    "highlight",
                    actor=request.user,
                    reason=f"{highlight.get_kind_display()}: {highlight.text}",
                )
        except ValidationError as error:
            form.add_error("text", " ".join(error.messages))
        else:
            modeladmin.message_user(request, _("하이라이트를 만들었습니다."), messages.SUCCESS)
            return None
    return modeladmin.reason_page(request, queryset, form, _("하이라이트 만들기"))


@admin.register(Highlight)
class HighlightAdmin(admin.ModelAdmin):
    list_display = ["text", "kind", "company", "order"]
    list_filter = ["kind"]
    list_select_related = ["company"]
    raw_id_fields = ["review"]
    fields = ["review", "kind", "text", "order"]

    def save_model(self, request, obj, form, change):
        obj.company_id = obj.review.company_id
        super().save_model(request, obj, form, change)


@admin.register(CompanyScore)
class CompanyScoreAdmin(ReadOnlyAdmin):
    list_display = ["company", "total", "review_count", "as_of"]
    list_select_related = ["company"]
