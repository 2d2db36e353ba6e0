from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from . import health, views
from .site import admin as site_admin
from .site import urls as companies_urls
from .site import views as site_views
from .site.api import api

# The admin login goes through allauth's login view, which is rate-limited.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "nipa_reviews 운영"
admin.site.site_title = "nipa_reviews 운영"
admin.site.index_title = "운영 도구"

# Korean pages for people, Korean JSON under /api/ (nipa_reviews.views).
handler400 = views.bad_request
handler404 = views.page_not_found
handler500 = views.server_error

urlpatterns = [
    path("", site_views.home, name="home"),
    path("search/", site_views.search, name="search"),
    path("me/", site_views.MeView.as_view(), name="me"),
    path("me/data.json", site_views.my_data, name="my_data"),
    path("me/delete/", site_views.account_delete_view, name="account_delete"),
    path("healthz", health.healthz, name="healthz"),
    path("ping", views.ping, name="ping"),
    path("companies/", include(companies_urls)),
    path("", include("reviews.urls")),
    path("", include("interviews.urls")),
    path("", include("nipa_reviews.moderation.urls")),
    path("accounts/", include("allauth.urls")),
    path(
        "admin/highlight-candidates/<int:company_id>/",
        site_admin.highlight_candidates,
        name="highlight_candidates",
    ),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
]
