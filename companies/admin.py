from decimal import Decimal

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet

from .models import (
    BusinessArea,
    Company,
    CompanyRepresentative,
    CoreValue,
    EmploymentType,
    HiringCount,
    HiringStep,
    JobCategory,
    NewsItem,
    Stakeholder,
)


class BusinessAreaFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        total = sum(
            (
                form.cleaned_data.get("share") or Decimal(0)
                for form in self.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE")
            ),
            Decimal(0),
        )
        if total > 100:
            raise ValidationError(f"주요 사업 비중의 합이 100.0%를 넘습니다 (현재 {total}%).")


class StakeholderInline(admin.TabularInline):
    model = Stakeholder
    extra = 0


class BusinessAreaInline(admin.TabularInline):
    model = BusinessArea
    formset = BusinessAreaFormSet
    extra = 0


class CoreValueInline(admin.TabularInline):
    model = CoreValue
    extra = 0


class NewsItemInline(admin.StackedInline):
    model = NewsItem
    extra = 0


class HiringStepInline(admin.TabularInline):
    model = HiringStep
    extra = 0


class HiringCountInline(admin.TabularInline):
    model = HiringCount
    extra = 0


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "organisation_type", "industry", "is_published"]
    list_filter = ["is_published", "organisation_type"]
    search_fields = ["name", "short_name", "aliases"]
    prepopulated_fields = {"slug": ["short_name"]}
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["name", "short_name", "slug", "aliases", "is_published"]}),
        (
            "기업개요",
            {"fields": ["founded_year", "organisation_type", "industry", "website", "summary"]},
        ),
        ("비전·미션", {"fields": ["vision", "mission"]}),
        ("채용", {"fields": ["hiring_notes", "hiring_counts_note"]}),
    ]

    inlines = [
        StakeholderInline,
        BusinessAreaInline,
        NewsItemInline,
        CoreValueInline,
        HiringStepInline,
        HiringCountInline,
    ]


@admin.register(EmploymentType)
class EmploymentTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "definition", "order"]
    list_editable = ["order"]


@admin.register(JobCategory)
class JobCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    list_editable = ["order"]


@admin.register(CompanyRepresentative)
class CompanyRepresentativeAdmin(admin.ModelAdmin):
    """기업 담당자: a moderator appoints an account verified at the company (재직 인증)."""

    list_display = ["company", "user", "appointed_at"]
    list_select_related = ["company", "user"]
    raw_id_fields = ["user", "company"]
    fields = ["company", "user"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.appointed_by = request.user
        super().save_model(request, obj, form, change)
