"""Review moderation in the admin. Every change goes through the services, so the stored
scores move with it; moderators see an author token, never the email."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from nipa_reviews.moderation import services as moderation
from nipa_reviews.moderation.admin import SubmissionAdmin, reason_page
from nipa_reviews.moderation.forms import HighlightForm
from nipa_reviews.pagecache import invalidate_company

from . import services
from .models import CompanyScore, Highlight, Review


@admin.register(Review)
class ReviewAdmin(SubmissionAdmin):
    list_filter = [*SubmissionAdmin.list_filter, "employment_status"]
    search_fields = ["title", "pros", "cons", "advice"]
    excerpt_field = "pros"
    actions = [*SubmissionAdmin.actions, "make_highlight"]
    fields = [*SubmissionAdmin.HEAD, *services.EDITABLE_FIELDS, *SubmissionAdmin.TAIL]

    @admin.action(description="하이라이트 만들기 (리뷰 하나)", permissions=["change"])
    def make_highlight(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(
                request, "하이라이트는 리뷰 하나를 골라서 만듭니다.", messages.WARNING
            )
            return None
        review = queryset.get()
        form = HighlightForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            try:
                moderation.highlight_from_review(
                    review=review, moderator=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error("text", " ".join(error.messages))
            else:
                self.message_user(request, "하이라이트를 만들었습니다.", messages.SUCCESS)
                return None
        return reason_page(self, request, queryset, form, "하이라이트 만들기")

    def update_item(self, obj, **fields):
        services.review_update(review=obj, **fields)

    def delete_item(self, obj):
        services.review_delete(review=obj)


@admin.register(Highlight)
class HighlightAdmin(admin.ModelAdmin):
    list_display = ["text", "kind", "company", "order"]
    list_filter = ["kind"]
    raw_id_fields = ["review"]
    fields = ["review", "kind", "text", "order"]

    def save_model(self, request, obj, form, change):
        obj.company_id = obj.review.company_id
        super().save_model(request, obj, form, change)
        invalidate_company(obj.company_id)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        invalidate_company(obj.company_id)


@admin.register(CompanyScore)
class CompanyScoreAdmin(admin.ModelAdmin):
    list_display = ["company", "total", "review_count", "as_of"]

    def has_change_permission(self, request, obj=None):
        return False  # computed from published reviews only

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
