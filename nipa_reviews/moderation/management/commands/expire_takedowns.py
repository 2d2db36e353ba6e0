from django.core.management.base import BaseCommand

from nipa_reviews.moderation.services import takedowns_expire


class Command(BaseCommand):
    help = (
        "Publishes again every item under 임시조치 whose decision date has passed without a "
        "moderator's decision, and records it in the audit log. The worker runs it daily."
    )

    def handle(self, *args, **options):
        returned = takedowns_expire()
        self.stdout.write(f"임시조치 기한 만료로 복원: {returned}건")
