from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reviews"
    verbose_name = _("현직자 리뷰")

    def ready(self):
        from nipa_reviews.submissions.kinds import register

        from .kinds import ReplyKind, ReviewKind

        register(ReviewKind())
        register(ReplyKind())
