"""Interview-only admin: the questions inline of the queue (declared by the interview kind)
and the read-only aggregates."""

from __future__ import annotations

from django.contrib import admin

from nipa_reviews.admin_base import ReadOnlyAdmin

from .models import CompanyInterviewStats, InterviewQuestion


class InterviewQuestionInline(admin.TabularInline):
    model = InterviewQuestion
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False  # questions change with their experience, through the service

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CompanyInterviewStats)
class CompanyInterviewStatsAdmin(ReadOnlyAdmin):
    list_display = ["company", "count", "difficulty", "atmosphere", "passed", "failed", "pending"]
    list_select_related = ["company"]
