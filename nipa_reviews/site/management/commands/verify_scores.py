from django.core.management.base import BaseCommand

from nipa_reviews.submissions import services as submissions


class Command(BaseCommand):
    help = (
        "Recomputes every kind's stored aggregates (review scores, interview statistics, the "
        "site's totals) from published submissions and reports each drift from the stored ones (exit status 1 if any). "
        "--fix writes the recomputed values and refreshes every company's ranking."
    )

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true", help="write the recomputed values")

    def handle(self, *args, fix, **options):
        drift = submissions.drift()
        for line in drift:
            self.stdout.write(f"drift: {line}")
        if fix:
            rows = submissions.rebuild()
            self.stdout.write(f"rewrote {rows} aggregate rows and refreshed the rankings")
        if drift and not fix:
            self.stderr.write(f"{len(drift)} drift(s) found")
            raise SystemExit(1)
        self.stdout.write("scores verified" if not drift else "scores fixed")
