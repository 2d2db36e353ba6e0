from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The top layer: pages, the API and commands that compose several apps."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "nipa_reviews.site"
    label = "site"
    verbose_name = "사이트"
