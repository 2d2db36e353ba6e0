"""Admin fixes for third-party apps, registered after them (this app comes later in
INSTALLED_APPS)."""

from allauth.socialaccount.admin import SocialTokenAdmin as AllauthSocialTokenAdmin
from allauth.socialaccount.models import SocialToken
from django.contrib import admin

admin.site.unregister(SocialToken)


@admin.register(SocialToken)
class SocialTokenAdmin(AllauthSocialTokenAdmin):
    # allauth's lists each token's app and account with a query per row.
    list_select_related = ["app", "account__user"]
