from decimal import Decimal

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html

from .models import (
    BusinessArea,
    Company,
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
        ("현직자 만족도", {"fields": ["highlight_candidates"]}),
    ]
    readonly_fields = ["highlight_candidates"]

    @admin.display(description="하이라이트 후보")
    def highlight_candidates(self, company: Company) -> str:
        # The page lives with the pages that span apps (nipa_reviews.site.admin): named
        # here by its URL, so this app does not import reviews.
        if company.pk is None:
            return "-"
        url = reverse("highlight_candidates", args=[company.pk])
        return format_html('<a href="{}">리뷰 키워드로 고른 문장 보기</a>', url)

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
