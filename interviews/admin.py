"""Interview moderation in the admin, through interviews.services."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db import transaction

from . import services
from .models import CompanyInterviewStats, InterviewExperience, InterviewQuestion


class InterviewQuestionInline(admin.TabularInline):
    model = InterviewQuestion
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False  # questions change with their experience, through the service

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(InterviewExperience)
class InterviewExperienceAdmin(admin.ModelAdmin):
    list_display = ["__str__", "company", "status", "level", "result", "created_at"]
    list_filter = ["status", "level", "result"]
    search_fields = ["account", "tip", "company__name"]
    ordering = ["created_at"]
    list_select_related = ["company"]
    inlines = [InterviewQuestionInline]
    actions = ["publish"]
    fields = [
        "company",
        "status",
        *services.EDITABLE_FIELDS,
        "moderation_reason",
        "moderated_at",
        "published_at",
        "created_at",
    ]
    readonly_fields = [
        "company",
        "status",
        "moderation_reason",
        "moderated_at",
        "published_at",
        "created_at",
    ]

    def has_add_permission(self, request):
        return False

    @admin.action(description="선택한 면접 후기 게시")
    def publish(self, request, queryset):
        with transaction.atomic():
            for experience in queryset:
                services.interview_publish(experience=experience, moderator=request.user)
        self.message_user(request, f"{queryset.count()}건을 게시했습니다.", messages.SUCCESS)

    def save_model(self, request, obj, form, change):
        services.interview_update(
            experience=obj, **{name: form.cleaned_data[name] for name in form.changed_data}
        )

    def delete_model(self, request, obj):
        services.interview_delete(experience=obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for experience in queryset:
                services.interview_delete(experience=experience)


@admin.register(CompanyInterviewStats)
class CompanyInterviewStatsAdmin(admin.ModelAdmin):
    list_display = ["company", "count", "difficulty", "atmosphere", "passed", "failed", "pending"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
