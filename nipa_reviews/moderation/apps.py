from django.apps import AppConfig


class ModerationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "nipa_reviews.moderation"
    label = "moderation"
    verbose_name = "검수"
