from django.apps import AppConfig
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _


def _delete_reports(sender, instance, **kwargs):
    """A deleted submission takes its reports and its redacted passages with it (they name
    it by kind and id); the audit log keeps its lines."""
    from nipa_reviews.submissions.kinds import kind_of

    from .models import Redaction, Report

    try:
        kind = kind_of(sender)
    except LookupError:
        return
    Report.objects.filter(item_type=kind.name, item_id=instance.pk).delete()
    Redaction.objects.filter(item_type=kind.name, item_id=instance.pk).delete()


class ModerationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "nipa_reviews.moderation"
    label = "moderation"
    verbose_name = _("검수")

    def ready(self):
        post_delete.connect(_delete_reports, dispatch_uid="moderation-delete-reports")
