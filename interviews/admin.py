"""Interview moderation in the admin, through interviews.services."""

from __future__ import annotations

from django.contrib import admin
from django.db import transaction

from nipa_reviews.moderation.admin import SubmissionAdmin

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
class InterviewExperienceAdmin(SubmissionAdmin):
    list_filter = [*SubmissionAdmin.list_filter, "level", "result"]
    search_fields = ["account", "tip", "format", "questions__text"]
    excerpt_field = "account"
    inlines = [InterviewQuestionInline]
    fields = [
        "company",
        "status",
        "author_token",
        *services.EDITABLE_FIELDS,
        "moderation_reason",
        "moderated_at",
        "published_at",
        "takedown_until",
        "hidden_by_reports",
        "created_at",
    ]

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
