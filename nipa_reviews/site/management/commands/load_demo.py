import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from companies.services import company_import
from interviews.demo import load_demo_interviews
from nipa_reviews.submissions import services as submissions
from reviews.demo import load_demo_reviews

DATA = Path(settings.BASE_DIR) / "companies" / "data"


class Command(BaseCommand):
    help = "Loads the demo data: the reference report's company (slug nipa) and its demo submissions. Idempotent."

    def handle(self, *args, **options):
        with open(DATA / "nipa.json", encoding="utf-8") as f:
            company = company_import(data=json.load(f))
        reviews = load_demo_reviews(company)
        interviews = load_demo_interviews(company)
        # A database made before search existed: its reviews are analysed too, by the
        # worker if there is one, here otherwise.
        analyses = submissions.queue_missing_analyses()
        self.stdout.write(
            f"데모 데이터: {company.name} ({company.get_absolute_url()}), "
            f"새 리뷰 {reviews}건, 새 면접 후기 {interviews}건, 검색 분석 {analyses}건"
        )
