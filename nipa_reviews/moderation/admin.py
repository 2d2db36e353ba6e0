"""The moderation queue in the admin: a base for the review and interview admins, the
reports queue and the audit log. Every action calls moderation.services."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.template.response import TemplateResponse
from django.utils.html import format_html

from nipa_reviews.submissions import Status

from . import services
from .forms import ReasonForm, TakedownForm
from .models import AuditEntry, Report

Action = AuditEntry.Action


def reason_page(model_admin, request, queryset, form, action_label: str) -> TemplateResponse:
    """The intermediate page of an action that needs a reason: the selected items, the form."""
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"{action_label}: 사유 입력",
        "action_label": action_label,
        "action": request.POST["action"],
        "queryset": queryset,
        "form": form,
        "opts": model_admin.model._meta,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/moderation/reason_form.html", context)


class HasOpenReportsFilter(admin.SimpleListFilter):
    title = "신고"
    parameter_name = "reported"

    def lookups(self, request, model_admin):
        return [("yes", "처리 안 된 신고 있음")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(open_reports__gt=0)
        return queryset


class TakedownFilter(admin.SimpleListFilter):
    title = "임시조치"
    parameter_name = "takedown"

    def lookups(self, request, model_admin):
        return [("open", "결정 대기 중")]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.filter(takedown_until__isnull=False)
        return queryset


class SubmissionAdmin(admin.ModelAdmin):
    """What the review and interview admins share: the queue, the author token instead of
    the email, and the moderation actions with their reasons."""

    list_filter = ["status", HasOpenReportsFilter, TakedownFilter, "company"]
    list_per_page = 50
    actions = ["publish", "reject", "hide", "restore", "takedown", "takedown_remove"]
    # A subclass lists its content fields between these: fields = [*HEAD, ..., *TAIL].
    HEAD = ["company", "status", "author_token"]
    TAIL = [
        "moderation_reason",
        "moderated_at",
        "published_at",
        "takedown_until",
        "hidden_by_reports",
        "created_at",
    ]
    readonly_fields = [*HEAD, *TAIL]
    excerpt_field = ""

    def update_item(self, obj, **fields) -> None:
        """The owning app's update service."""
        raise NotImplementedError

    def delete_item(self, obj) -> None:
        """The owning app's delete service."""
        raise NotImplementedError

    def save_model(self, request, obj, form, change):
        self.update_item(obj, **{name: form.cleaned_data[name] for name in form.changed_data})

    def delete_model(self, request, obj):
        self.delete_item(obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                self.delete_item(obj)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("company", "author")
            .annotate(open_reports=Count("reports", filter=Q(reports__status=Report.Status.OPEN)))
        )

    def get_ordering(self, request):
        # The oldest pending submission first, then the rest by age.
        pending_first = Case(
            When(status=Status.PENDING, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        return [pending_first.asc(), "created_at"]

    def get_list_display(self, request):
        columns = [
            "__str__",
            "status",
            "company",
            "created_at",
            "excerpt",
            "open_reports_column",
            "author_token",
        ]
        if request.user.is_superuser:
            columns.append("author_account")
        return columns

    def get_search_fields(self, request):
        return [*self.search_fields, "=author__moderation_token"]

    def has_add_permission(self, request):
        return False  # submissions come from their authors

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser  # moderators reject or hide instead

    @admin.display(description="내용")
    def excerpt(self, obj) -> str:
        text = getattr(obj, self.excerpt_field)
        return text[:40] + ("…" if len(text) > 40 else "")

    @admin.display(description="신고", ordering="open_reports")
    def open_reports_column(self, obj) -> int:
        return obj.open_reports

    @admin.display(description="작성자 토큰")
    def author_token(self, obj):
        if obj.author is None:
            return "(탈퇴한 계정)"
        token = obj.author.moderation_token
        return format_html('<a href="?q={}" title="이 계정의 글 모두 보기">{}</a>', token, token)

    @admin.display(description="계정 (최고 관리자만)")
    def author_account(self, obj) -> str:
        return obj.author.email if obj.author else "(탈퇴한 계정)"

    # --- Actions ----------------------------------------------------------------------

    def _apply(self, request, queryset, action, **options) -> None:
        try:
            changed = services.moderate_many(
                items=list(queryset), action=action, moderator=request.user, **options
            )
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        self.message_user(
            request, f"{changed}건을 {Action(action).label} 처리했습니다.", messages.SUCCESS
        )

    def _with_form(self, request, queryset, action, form_class):
        """The intermediate page: the selected items, and the reason (and date) to give."""
        form = form_class(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            self._apply(request, queryset, action, **form.cleaned_data)
            return None
        return reason_page(self, request, queryset, form, Action(action).label)

    @admin.action(description="게시", permissions=["change"])
    def publish(self, request, queryset):
        self._apply(request, queryset, Action.PUBLISH)

    @admin.action(description="반려 (사유 입력)", permissions=["change"])
    def reject(self, request, queryset):
        return self._with_form(request, queryset, Action.REJECT, ReasonForm)

    @admin.action(description="숨김 (사유 입력)", permissions=["change"])
    def hide(self, request, queryset):
        return self._with_form(request, queryset, Action.HIDE, ReasonForm)

    @admin.action(description="복원 (숨김 → 게시)", permissions=["change"])
    def restore(self, request, queryset):
        self._apply(request, queryset, Action.RESTORE)

    @admin.action(description="임시조치 (권리침해 주장, 30일 안 결정)", permissions=["change"])
    def takedown(self, request, queryset):
        return self._with_form(request, queryset, Action.TAKEDOWN, TakedownForm)

    @admin.action(description="임시조치 후 삭제 결정 (사유 입력)", permissions=["change"])
    def takedown_remove(self, request, queryset):
        return self._with_form(request, queryset, Action.TAKEDOWN_REMOVE, ReasonForm)


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """The reports queue: open reports first, with the reported item and how many users
    reported it. Moderators decide for the item: dismiss or uphold."""

    list_display = [
        "created_at",
        "item_kind",
        "item_excerpt",
        "item_status",
        "reason",
        "detail",
        "reports_on_item",
        "status",
    ]
    list_filter = ["status", "reason"]
    actions = ["dismiss", "uphold"]
    fields = ["item_excerpt", "reason", "detail", "status", "created_at", "resolved_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("review__company", "interview__company")
            .annotate(
                open_on_review=Count(
                    "review__reports", filter=Q(review__reports__status=Report.Status.OPEN)
                ),
                open_on_interview=Count(
                    "interview__reports", filter=Q(interview__reports__status=Report.Status.OPEN)
                ),
            )
        )

    def get_ordering(self, request):
        return ["-status", "created_at"]  # "open" sorts after "dismissed"/"upheld": open first

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="종류")
    def item_kind(self, obj) -> str:
        return services.item_label(obj.item)

    @admin.display(description="신고된 글")
    def item_excerpt(self, obj) -> str:
        return services.item_summary(obj.item)[:80]

    @admin.display(description="글 상태")
    def item_status(self, obj) -> str:
        return obj.item.get_status_display()

    @admin.display(description="이 글의 미처리 신고")
    def reports_on_item(self, obj) -> int:
        return obj.open_on_review or obj.open_on_interview

    def _items(self, queryset) -> list:
        seen = {}
        for report in queryset:
            seen.setdefault((services.item_type(report.item), report.item.pk), report.item)
        return list(seen.values())

    @admin.action(description="기각 (글 유지, 자동 숨김이면 복원)", permissions=["change"])
    def dismiss(self, request, queryset):
        for item in self._items(queryset):
            services.reports_resolve(item=item, upheld=False, moderator=request.user)
        self.message_user(request, "선택한 글의 신고를 기각했습니다.", messages.SUCCESS)

    @admin.action(description="인용 (글 숨김, 사유 입력)", permissions=["change"])
    def uphold(self, request, queryset):
        form = ReasonForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            for item in self._items(queryset):
                services.reports_resolve(
                    item=item, upheld=True, moderator=request.user, **form.cleaned_data
                )
            self.message_user(
                request, "선택한 글의 신고를 인용하고 글을 숨겼습니다.", messages.SUCCESS
            )
            return None
        return reason_page(self, request, queryset, form, "신고 인용")


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "actor_label",
        "action",
        "item_type",
        "item_id",
        "item_summary",
        "reason",
    ]
    list_filter = ["action", "item_type"]
    search_fields = ["item_summary", "reason"]
    date_hierarchy = "created_at"

    @admin.display(description="처리자")
    def actor_label(self, obj) -> str:
        return str(obj.actor) if obj.actor else "시스템"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
