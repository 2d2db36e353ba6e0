from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "interviews"
    verbose_name = "면접 후기"

    def ready(self):
        from nipa_reviews.submissions.kinds import register

        from .kinds import InterviewKind

        register(InterviewKind())
