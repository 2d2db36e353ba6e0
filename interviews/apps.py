from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class InterviewsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "interviews"
    verbose_name = pgettext_lazy("plural", "면접 후기")

    def ready(self):
        from nipa_reviews.submissions.kinds import register

        from .kinds import InterviewKind

        register(InterviewKind())
