"""Review moderation in the admin. Every change goes through reviews.services so that the
stored scores move with it."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db import transaction

from . import services
from .models import CATEGORY_KEYS, CompanyScore, Highlight, Review, ReviewReport


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["title", "company", "status", "employment_status", "created_at"]
    list_filter = ["status", "employment_status"]
    search_fields = ["title", "pros", "cons", "company__name"]
    ordering = ["created_at"]
    list_select_related = ["company"]
    actions = ["publish"]
    fields = [
        "company",
        "status",
        "employment_status",
        "job_category",
        *CATEGORY_KEYS,
        "title",
        "pros",
        "cons",
        "advice",
        "moderation_reason",
        "moderated_at",
        "published_at",
        "helpful_count",
        "created_at",
    ]
    readonly_fields = [
        "company",
        "status",
        "moderation_reason",
        "moderated_at",
        "published_at",
        "helpful_count",
        "created_at",
    ]

    def has_add_permission(self, request):
        return False  # reviews come from their authors

    @admin.action(description="선택한 리뷰 게시")
    def publish(self, request, queryset):
        with transaction.atomic():
            for review in queryset:
                services.review_publish(review=review, moderator=request.user)
        self.message_user(request, f"{queryset.count()}건을 게시했습니다.", messages.SUCCESS)

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in form.changed_data}
        services.review_update(review=obj, **fields)

    def delete_model(self, request, obj):
        services.review_delete(review=obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for review in queryset:
                services.review_delete(review=review)


@admin.register(Highlight)
class HighlightAdmin(admin.ModelAdmin):
    list_display = ["text", "kind", "company", "order"]
    list_filter = ["kind"]
    raw_id_fields = ["review"]
    fields = ["review", "kind", "text", "order"]

    def save_model(self, request, obj, form, change):
        obj.company_id = obj.review.company_id
        super().save_model(request, obj, form, change)


@admin.register(ReviewReport)
class ReviewReportAdmin(admin.ModelAdmin):
    list_display = ["review", "reason", "status", "created_at"]
    list_filter = ["status", "reason"]
    readonly_fields = ["review", "reason", "detail", "created_at"]
    exclude = ["reporter"]


@admin.register(CompanyScore)
class CompanyScoreAdmin(admin.ModelAdmin):
    list_display = ["company", "total", "review_count", "as_of", "ranking"]

    def has_change_permission(self, request, obj=None):
        return False  # computed from published reviews only

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
