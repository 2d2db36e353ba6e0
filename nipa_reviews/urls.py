from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from companies import verification_views

from . import health, views
from .accounts.legal import POLICY, PRIVACY, TERMS
from .context_processors import site_name
from .site import admin as site_admin
from .site import og_image, sitemaps
from .site import urls as companies_urls
from .site import views as site_views
from .site.api import api

# The admin login goes through allauth's login view, which is rate-limited.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = lazy(lambda: _("%(site)s 운영") % {"site": site_name()}, str)()
admin.site.site_title = admin.site.site_header
admin.site.index_title = _("운영 도구")

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
    path("me/verify/", verification_views.verify_start, name="verify"),
    path("me/verify/confirm/", verification_views.verify_confirm, name="verify_confirm"),
    path("terms/", site_views.LegalDocumentView.as_view(document=TERMS), name="legal_terms"),
    path("privacy/", site_views.LegalDocumentView.as_view(document=PRIVACY), name="legal_privacy"),
    path("policy/", site_views.LegalDocumentView.as_view(document=POLICY), name="legal_policy"),
    path("transparency/", site_views.transparency_page, name="transparency"),
    # The footer's language switch. Without a CSRF token: every anonymous page is cached
    # and shared, so it can hold no per-visitor token, and the worst a forged request can
    # do is change the language of the pages a visitor sees.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("healthz", health.healthz, name="healthz"),
    path("ping", views.ping, name="ping"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("robots.txt", sitemaps.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap_index"),
    path("sitemap-<slug:section>.xml", sitemaps.sitemap_section, name="sitemap"),
    path("og.png", og_image.site_og_image, name="og_image"),
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
