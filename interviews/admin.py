"""Interview moderation in the admin, through interviews.services."""

from __future__ import annotations

from django.contrib import admin

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
    fields = [*SubmissionAdmin.HEAD, *services.EDITABLE_FIELDS, *SubmissionAdmin.TAIL]

    def update_item(self, obj, **fields):
        services.interview_update(experience=obj, **fields)

    def delete_item(self, obj):
        services.interview_delete(experience=obj)


@admin.register(CompanyInterviewStats)
class CompanyInterviewStatsAdmin(admin.ModelAdmin):
    list_display = ["company", "count", "difficulty", "atmosphere", "passed", "failed", "pending"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
