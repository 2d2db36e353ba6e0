from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The project package as an app, so that the worker finds its tasks module."""

    name = "nipa_reviews"
    verbose_name = "잡리포트"
