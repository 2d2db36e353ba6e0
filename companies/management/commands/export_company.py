import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from companies.models import Company
from companies.selectors import company_export


class Command(BaseCommand):
    help = "Writes one company's profile as JSON, in the format import_company reads."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--output", "-o", help="file to write (default: standard output)")

    def handle(self, *args, slug, output, **options):
        company = Company.objects.filter(slug=slug).first()
        if company is None:
            raise CommandError(_("'%(slug)s' 주소 이름의 기업이 없습니다.") % {"slug": slug})
        text = json.dumps(company_export(company), ensure_ascii=False, indent=2) + "\n"
        if output:
            with open(output, "w", encoding="utf-8") as f:
                f.write(text)
        else:
            self.stdout.write(text, ending="")
