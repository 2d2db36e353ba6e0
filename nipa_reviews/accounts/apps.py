from django.apps import AppConfig


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "nipa_reviews.accounts"
    label = "accounts"
    verbose_name = "계정"
