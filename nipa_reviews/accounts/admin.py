from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Consent, User


class ConsentInline(admin.TabularInline):
    """What the account agreed to at sign-up: proof, so nobody edits it."""

    model = Consent
    extra = 0
    can_delete = False
    fields = readonly_fields = ["subject", "version", "agreed_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "is_staff", "is_active", "date_joined"]
    search_fields = ["email"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            _("권한"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("기록"), {"fields": ["last_login", "date_joined"]}),
    ]
    inlines = [ConsentInline]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]}),
    ]
