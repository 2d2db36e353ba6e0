from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    """The project package as an app: its system checks and its tasks module."""

    name = "nipa_reviews"
    verbose_name = _("잡리포트")

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers them)
