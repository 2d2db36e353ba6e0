from django.core.management.base import BaseCommand

from reviews.services import score_drift, scores_rebuild


class Command(BaseCommand):
    help = (
        "Recomputes every company's scores from published reviews and reports each drift "
        "from the stored ones (exit status 1 if any). --fix writes the recomputed scores "
        "and refreshes every company's ranking."
    )

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true", help="write the recomputed scores")

    def handle(self, *args, fix, **options):
        drift = score_drift()
        for line in drift:
            self.stdout.write(f"drift: {line}")
        if fix:
            rows = scores_rebuild()
            self.stdout.write(f"rewrote {rows} score rows and refreshed their rankings")
        if drift and not fix:
            self.stderr.write(f"{len(drift)} drift(s) found")
            raise SystemExit(1)
        self.stdout.write("scores verified" if not drift else "scores fixed")
