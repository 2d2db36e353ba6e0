from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction

from nipa_reviews.search.analysis import analyser
from nipa_reviews.submissions import services as submissions
from nipa_reviews.submissions.kinds import kinds
from nipa_reviews.submissions.models import Status


class Command(BaseCommand):
    help = (
        "Analyses every published submission again (the lemmas search matches, a review's "
        "keywords), removes the analyses that submissions no longer shown still hold, then "
        "rebuilds every aggregate, the keyword counts among them, from the analyses. "
        "--missing analyses only the published submissions that have none (after a lost "
        "task), moving their aggregates as the worker would. Needs Kiwi's model (about "
        "500 MB): run it where the worker runs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--missing", action="store_true", help="only published submissions with no analysis"
        )
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, missing, batch_size, **options):
        kiwi = analyser()
        for kind in kinds():
            published = kind.model.objects.published().order_by("pk")
            if missing:
                done = 0
                for pk in kind.analysed(published, stored=False).values_list("pk", flat=True):
                    done += submissions.analyse(kind=kind, pk=pk)
                self.stdout.write(f"{kind.name}: analysed {done} that had no analysis")
                continue
            done = 0
            pks = list(published.values_list("pk", flat=True))
            for start in range(0, len(pks), batch_size):
                batch = published.filter(pk__in=pks[start : start + batch_size])
                with transaction.atomic():
                    for item in batch.select_for_update():
                        kind.store_analysis(item, kind.analyse(item, kiwi))
                        done += 1
            cleared = 0
            shown_nowhere = kind.analysed(kind.model.objects.exclude(status=Status.PUBLISHED))
            for item in shown_nowhere:
                kind.store_analysis(item, None)
                cleared += 1
            self.stdout.write(f"{kind.name}: analysed {done}, removed {cleared}")
        if not missing:
            rows = submissions.rebuild()
            self.stdout.write(f"rewrote {rows} aggregate rows from the analyses")
