"""The moderation queue in the admin: one queue per registered kind of submission, built
from the kind's declaration, the reports queue and the audit log. Every action calls
moderation.services."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, Count, IntegerField, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.template.response import TemplateResponse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from nipa_reviews.admin_base import ReadOnlyAdmin
from nipa_reviews.middleware import BadInput
from nipa_reviews.submissions import services as submissions
from nipa_reviews.submissions.kinds import kind_named, kinds
from nipa_reviews.submissions.models import Status
from nipa_reviews.submissions.signals import Code

from . import services
from .forms import ReasonForm, RedactForm, TakedownForm
from .models import AuditEntry, Redaction, Report

Action = AuditEntry.Action


def reason_page(model_admin, request, queryset, form, action_label: str) -> TemplateResponse:
    """The intermediate page of an action that needs a reason: the selected items, the form."""
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("%(action)s: 사유 입력") % {"action": action_label},
        "action_label": action_label,
        "action": request.POST["action"],
        "queryset": queryset,
        "form": form,
        "opts": model_admin.model._meta,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/moderation/reason_form.html", context)


class HasOpenReportsFilter(admin.SimpleListFilter):
    title = _("신고")
    parameter_name = "reported"

    def lookups(self, request, model_admin):
        return [("yes", _("처리 안 된 신고 있음"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(open_reports__gt=0)
        return queryset


class TakedownFilter(admin.SimpleListFilter):
    title = _("임시조치")
    parameter_name = "takedown"

    def lookups(self, request, model_admin):
        return [("open", _("결정 대기 중"))]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.filter(takedown_until__isnull=False)
        return queryset


class SignalFilter(admin.SimpleListFilter):
    """One choice per manipulation signal, and any at all."""

    title = _("조작 의심 신호")
    parameter_name = "signal"

    def lookups(self, request, model_admin):
        return [("any", _("신호 있음")), *Code.choices]

    def queryset(self, request, queryset):
        if self.value() == "any":
            return queryset.filter(signal_count__gt=0)
        if self.value() in Code.values:
            # The stored list holds {"code": ..., "reason": ...}; the quoted code matches
            # its "code" value only (no reason contains a quoted code), on SQLite too,
            # where JSON containment is not available.
            return queryset.filter(signals__icontains=f'"{self.value()}"')
        return queryset


def open_reports_of(item_type: str, pk_field: str = "pk") -> Coalesce:
    """The open reports of the row's item, as a subquery: one query for the whole page."""
    reports = (
        Report.objects.open()
        .filter(item_type=item_type, item_id=OuterRef(pk_field))
        .order_by()
        .values("item_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(reports), 0)


class CheckedSelectionMixin:
    """Django's admin filters an action's rows by the posted ids unchecked: a tampered one
    ('abc', a NUL byte) is a ValueError, a 500. Row ids are numbers."""

    def response_action(self, request, queryset):
        if not all(pk.isdecimal() for pk in request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)):
            raise BadInput(
                _("선택한 항목을 알아볼 수 없습니다. 목록을 새로 고친 뒤 다시 골라 주세요.")
            )
        return super().response_action(request, queryset)


class SubmissionAdmin(CheckedSelectionMixin, admin.ModelAdmin):
    """The queue of one kind of submission: the author token instead of the email, and
    the moderation actions with their reasons. `submission_admin` fills in the kind."""

    kind = None

    list_filter = ["status", HasOpenReportsFilter, TakedownFilter, SignalFilter, "company"]
    list_per_page = 50
    actions = ["publish", "reject", "hide", "restore", "takedown", "takedown_remove", "redact"]
    # A subclass lists its content fields between these: fields = [*HEAD, ..., *TAIL].
    HEAD = ["company", "status", "author_token"]
    TAIL = [
        "moderation_reason",
        "moderated_at",
        "published_at",
        "takedown_until",
        "hidden_by_reports",
        "signals_column",
        "created_at",
    ]
    excerpt_field = ""

    def get_readonly_fields(self, request, obj=None):
        # What an author wrote and rated is the author's: moderators act only through the
        # actions (and 가림 처리, which replaces a passage and says so), never by editing.
        return self.fields

    def save_model(self, request, obj, form, change):
        pass  # nothing on the form is editable; a crafted POST changes nothing

    def delete_model(self, request, obj):
        submissions.delete(item=obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                submissions.delete(item=obj)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("company", "author")
            .annotate(open_reports=open_reports_of(self.kind.name))
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
            "signals_column",
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

    @admin.display(description=pgettext_lazy("a submission's text", "내용"))
    def excerpt(self, obj) -> str:
        text = getattr(obj, self.excerpt_field)
        return text[:40] + ("…" if len(text) > 40 else "")

    @admin.display(description=_("신고"), ordering="open_reports")
    def open_reports_column(self, obj) -> int:
        return obj.open_reports

    @admin.display(description=_("조작 의심 신호"), ordering="signal_count")
    def signals_column(self, obj) -> str:
        """Each flag with its reason; a pattern to look at, not a verdict."""
        labels = dict(Code.choices)
        return (
            format_html_join(
                "",
                '<span class="signal">⚑ {}: {}</span><br>',
                ((labels.get(flag["code"], flag["code"]), flag["reason"]) for flag in obj.signals),
            )
            or "-"
        )

    @admin.display(description=_("작성자 토큰"))
    def author_token(self, obj):
        if obj.author is None:
            return _("(탈퇴한 계정)")
        token = obj.author.moderation_token
        return format_html(
            '<a href="?q={}" title="{}">{}</a>', token, _("이 계정의 글 모두 보기"), token
        )

    @admin.display(description=_("계정 (최고 관리자만)"))
    def author_account(self, obj) -> str:
        return obj.author.email if obj.author else _("(탈퇴한 계정)")

    # --- What actions use, a kind's own included ------------------------------------------

    def reason_page(self, request, queryset, form, action_label: str) -> TemplateResponse:
        return reason_page(self, request, queryset, form, action_label)

    def audit(self, item, action: str, *, actor, reason: str = "") -> AuditEntry:
        return services.audit(item, action, actor=actor, reason=reason)

    # --- Actions ----------------------------------------------------------------------

    def _apply(self, request, queryset, action, **options) -> None:
        try:
            changed = services.moderate_many(
                items=list(queryset), action=action, moderator=request.user, **options
            )
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        done = ngettext(
            "%(count)d건을 %(action)s 처리했습니다.",
            "%(count)d건을 %(action)s 처리했습니다.",
            changed,
        ) % {"count": changed, "action": Action(action).label}
        self.message_user(request, done, messages.SUCCESS)

    def _with_form(self, request, queryset, action, form_class):
        """The intermediate page: the selected items, and the reason (and date) to give."""
        form = form_class(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            self._apply(request, queryset, action, **form.cleaned_data)
            return None
        return reason_page(self, request, queryset, form, Action(action).label)

    @admin.action(description=_("게시"), permissions=["change"])
    def publish(self, request, queryset):
        self._apply(request, queryset, Action.PUBLISH)

    @admin.action(description=_("반려 (사유 입력)"), permissions=["change"])
    def reject(self, request, queryset):
        return self._with_form(request, queryset, Action.REJECT, ReasonForm)

    @admin.action(description=_("숨김 (사유 입력)"), permissions=["change"])
    def hide(self, request, queryset):
        return self._with_form(request, queryset, Action.HIDE, ReasonForm)

    @admin.action(description=_("복원 (숨김 → 게시)"), permissions=["change"])
    def restore(self, request, queryset):
        self._apply(request, queryset, Action.RESTORE)

    @admin.action(description=_("임시조치 (권리침해 주장, 30일 안 결정)"), permissions=["change"])
    def takedown(self, request, queryset):
        return self._with_form(request, queryset, Action.TAKEDOWN, TakedownForm)

    @admin.action(description=_("임시조치 후 삭제 결정 (사유 입력)"), permissions=["change"])
    def takedown_remove(self, request, queryset):
        return self._with_form(request, queryset, Action.TAKEDOWN_REMOVE, ReasonForm)

    @admin.action(description=_("가림 처리 (글 하나, 일부를 가림)"), permissions=["change"])
    def redact(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("가림 처리는 글 하나를 골라서 합니다."), messages.WARNING)
            return None
        item = queryset.get()
        fields = [(name, item._meta.get_field(name).verbose_name) for name in self.kind.text_fields]
        form = RedactForm(request.POST if "apply" in request.POST else None, fields=fields)
        if form.is_valid():
            try:
                services.redact(item=item, moderator=request.user, **form.cleaned_data)
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                self.message_user(
                    request, _("가림 처리했습니다. 작성자에게 알렸습니다."), messages.SUCCESS
                )
                return None
        return reason_page(self, request, queryset, form, Action.REDACT.label)


@admin.register(Report)
class ReportAdmin(CheckedSelectionMixin, admin.ModelAdmin):
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
        open_on_item = (
            Report.objects.open()
            .filter(item_type=OuterRef("item_type"), item_id=OuterRef("item_id"))
            .order_by()
            .values("item_type", "item_id")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            super().get_queryset(request).annotate(open_on_item=Coalesce(Subquery(open_on_item), 0))
        )

    def get_changelist(self, request, **kwargs):
        return ReportChangeList

    def get_ordering(self, request):
        return ["-status", "created_at"]  # "open" sorts after "dismissed"/"upheld": open first

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("종류"))
    def item_kind(self, obj) -> str:
        return kind_named(obj.item_type).label

    @admin.display(description=_("신고된 글"))
    def item_excerpt(self, obj) -> str:
        item = services.reported_item(obj)
        return kind_named(obj.item_type).summary(item)[:80] if item else _("(삭제된 글)")

    @admin.display(description=_("글 상태"))
    def item_status(self, obj) -> str:
        item = services.reported_item(obj)
        return item.get_status_display() if item else "-"

    @admin.display(description=_("이 글의 미처리 신고"))
    def reports_on_item(self, obj) -> int:
        return obj.open_on_item

    def _items(self, queryset) -> list:
        reports = list(queryset)
        services.attach_items(reports)
        seen = {}
        for report in reports:
            item = services.reported_item(report)
            if item is not None:
                seen.setdefault((report.item_type, report.item_id), item)
        return list(seen.values())

    @admin.action(description=_("기각 (글 유지, 자동 숨김이면 복원)"), permissions=["change"])
    def dismiss(self, request, queryset):
        for item in self._items(queryset):
            services.reports_resolve(item=item, upheld=False, moderator=request.user)
        self.message_user(request, _("선택한 글의 신고를 기각했습니다."), messages.SUCCESS)

    @admin.action(description=_("인용 (글 숨김, 사유 입력)"), permissions=["change"])
    def uphold(self, request, queryset):
        form = ReasonForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            for item in self._items(queryset):
                services.reports_resolve(
                    item=item, upheld=True, moderator=request.user, **form.cleaned_data
                )
            self.message_user(
                request, _("선택한 글의 신고를 인용하고 글을 숨겼습니다."), messages.SUCCESS
            )
            return None
        return reason_page(self, request, queryset, form, _("신고 인용"))


class ReportChangeList(ChangeList):
    """Loads the page's reported items in one query per kind, not one per row."""

    def get_results(self, request):
        super().get_results(request)
        services.attach_items(self.result_list)


class KindFilter(admin.SimpleListFilter):
    """The kinds of submission by their labels (리뷰, 면접 후기), not their keys."""

    title = _("종류")
    parameter_name = "item_type"

    def lookups(self, request, model_admin):
        return [(kind.name, kind.label) for kind in kinds()]

    def queryset(self, request, queryset):
        return queryset.filter(item_type=self.value()) if self.value() else queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "actor_label",
        "action",
        "item_kind",
        "item_id",
        "item_summary",
        "reason",
    ]
    list_filter = ["action", KindFilter]
    list_select_related = ["actor"]
    search_fields = ["item_summary", "reason"]
    date_hierarchy = "created_at"

    @admin.display(description=_("처리자"))
    def actor_label(self, obj) -> str:
        return str(obj.actor) if obj.actor else _("시스템")

    @admin.display(description=_("종류"), ordering="item_type")
    def item_kind(self, obj) -> str:
        try:
            return kind_named(obj.item_type).label
        except KeyError:  # a kind since removed: its key is all there is
            return obj.item_type


def submission_admin(kind) -> type[SubmissionAdmin]:
    """The queue of `kind`, from its declaration's admin options."""
    options = kind.admin_options
    return type(
        f"{kind.model.__name__}Admin",
        (SubmissionAdmin,),
        {
            "kind": kind,
            "list_filter": [*SubmissionAdmin.list_filter, *options.get("list_filter", [])],
            "search_fields": options.get("search_fields", []),
            "excerpt_field": options.get("excerpt_field", ""),
            "inlines": options.get("inlines", []),
            "actions": [*SubmissionAdmin.actions, *options.get("actions", [])],
            "fields": [*SubmissionAdmin.HEAD, *kind.editable_fields, *SubmissionAdmin.TAIL],
            "__module__": __name__,
        },
    )


for _kind in kinds():
    admin.site.register(_kind.model, submission_admin(_kind))


@admin.register(Redaction)
class RedactionAdmin(ReadOnlyAdmin):
    """The passages moderators hid, in full: for superusers only."""

    list_display = ["created_at", "item_type", "item_id", "field", "reason", "actor"]
    list_select_related = ["actor"]
    fields = ["item_type", "item_id", "field", "original", "reason", "actor", "created_at"]
    readonly_fields = fields

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser
