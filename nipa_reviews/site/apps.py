from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    """The top layer: pages, the API and commands that compose several apps."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "nipa_reviews.site"
    label = "site"
    verbose_name = _("사이트")
