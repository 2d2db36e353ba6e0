from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from .models import (
    BusinessArea,
    Company,
    CompanyRepresentative,
    CoreValue,
    EmailDomain,
    EmploymentType,
    EmploymentVerification,
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
            raise ValidationError(
                _t("주요 사업 비중의 합이 100.0%%를 넘습니다 (현재 %(total)s%%).")
                % {"total": total}
            )


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


class EmailDomainForm(forms.ModelForm):
    class Meta:
        model = EmailDomain
        fields = ["domain"]

    def clean_domain(self) -> str:
        # Moderators paste what they see in an address: "@NIPA.kr" is nipa.kr.
        domain = self.cleaned_data["domain"].strip().lower().removeprefix("@")
        # Ahead of the unique check, so that the message names the company that has it.
        owner = EmailDomain.objects.filter(domain=domain).exclude(pk=self.instance.pk).first()
        if owner is not None:
            raise ValidationError(
                _("%(domain)s은(는) 이미 %(company)s의 재직 인증 도메인입니다.")
                % {"domain": domain, "company": owner.company}
            )
        return domain


class EmailDomainInline(admin.TabularInline):
    """Where 재직 인증 accepts a work email for this company (companies/verification.py)."""

    model = EmailDomain
    form = EmailDomainForm
    extra = 0
    verbose_name_plural = _(
        "재직 인증 메일 도메인 (예: nipa.kr; 이 도메인의 메일로 재직을 인증합니다)"
    )


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "organisation_type", "industry", "is_published"]
    list_filter = ["is_published", "organisation_type"]
    search_fields = ["name", "short_name", "aliases"]
    # The address from the acronym as it is typed (NIPA → nipa); a Korean name alone gives
    # nothing, so the help text says what to write.
    prepopulated_fields = {"slug": ["short_name"]}
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    help_texts = {
        "slug": _(
            "기업 페이지의 주소가 됩니다 (nipa → /companies/nipa/). 영문 소문자, 숫자, "
            "하이픈(-)만 씁니다. 약칭을 적으면 자동으로 채워집니다 (NIPA → nipa). 나중에 "
            "바꾸면 이전 주소는 열리지 않습니다."
        ),
        "is_published": _(
            "체크해야 기업 페이지와 목록에 보입니다. 새 기업은 공개하지 않은 채 추가되니, "
            "내용을 채운 뒤 체크하세요."
        ),
    }

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in self.help_texts:
            field.help_text = self.help_texts[db_field.name]
        return field

    def response_add(self, request, obj, post_url_continue=None):
        self._warn_if_unpublished(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        self._warn_if_unpublished(request, obj)
        return super().response_change(request, obj)

    def _warn_if_unpublished(self, request, obj) -> None:
        # "추가했습니다" alone let moderators believe the page was up, and it was a 404.
        if not obj.is_published:
            self.message_user(
                request,
                _t(
                    "‘%(name)s’ 기업은 아직 공개하지 않아 기업 페이지가 보이지 않습니다. "
                    "공개하려면 ‘공개’에 체크하고 저장하세요."
                )
                % {"name": obj.name},
                messages.WARNING,
            )

    fieldsets = [
        (None, {"fields": ["name", "short_name", "slug", "aliases", "is_published"]}),
        (
            _("기업개요"),
            {"fields": ["founded_year", "organisation_type", "industry", "website", "summary"]},
        ),
        (_("비전·미션"), {"fields": ["vision", "mission"]}),
        (_("채용"), {"fields": ["hiring_notes", "hiring_counts_note"]}),
        (_("현직자 만족도"), {"fields": ["highlight_candidates"]}),
    ]
    readonly_fields = ["highlight_candidates"]

    @admin.display(description=_("하이라이트 후보"))
    def highlight_candidates(self, company: Company) -> str:
        # The page lives with the pages that span apps (nipa_reviews.site.admin): named
        # here by its URL, so this app does not import reviews.
        if company.pk is None:
            return "-"
        url = reverse("highlight_candidates", args=[company.pk])
        return format_html('<a href="{}">{}</a>', url, _t("리뷰 키워드로 고른 문장 보기"))

    inlines = [
        StakeholderInline,
        BusinessAreaInline,
        NewsItemInline,
        CoreValueInline,
        HiringStepInline,
        HiringCountInline,
        EmailDomainInline,
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


class ValidFilter(admin.SimpleListFilter):
    title = _("상태")
    parameter_name = "valid"

    def lookups(self, request, model_admin):
        return [("yes", _("유효")), ("no", _("만료"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.valid()
        if self.value() == "no":
            return queryset.filter(expires_at__lte=timezone.now())
        return queryset


@admin.register(EmploymentVerification)
class EmploymentVerificationAdmin(admin.ModelAdmin):
    """재직 인증 records, read-only: they come from the verification flow alone.

    Like the moderation queue, moderators see the account's random token and only
    superusers the account. The work email is not here because it is stored nowhere; its
    hash is left out too, as it means nothing to a reader."""

    list_display = ["company", "verified_at", "expires_at", "is_valid_column", "account_token"]
    list_filter = [ValidFilter]
    list_select_related = ["company", "user"]
    search_fields = ["company__name", "=user__moderation_token"]
    ordering = ["-verified_at"]
    fields = ["company", "account_token", "verified_at", "expires_at", "is_valid_column"]

    def get_list_display(self, request):
        columns = list(self.list_display)
        if request.user.is_superuser:
            columns.append("account")
        return columns

    def get_fields(self, request, obj=None):
        fields = list(self.fields)
        if request.user.is_superuser:
            fields.insert(2, "account")
        return fields

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def has_add_permission(self, request):
        return False  # only the flow creates them, after the code came back

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser  # revoking one is a superuser's decision

    @admin.display(description=_("유효"), boolean=True)
    def is_valid_column(self, obj) -> bool:
        return obj.is_valid

    @admin.display(description=_("계정 토큰"))
    def account_token(self, obj) -> str:
        return obj.user.moderation_token

    @admin.display(description=_("계정 (최고 관리자만)"))
    def account(self, obj) -> str:
        return obj.user.email
