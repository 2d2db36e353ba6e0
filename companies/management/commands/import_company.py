import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from companies.services import ProfileError, company_import


class Command(BaseCommand):
    help = "Creates or updates one company from a profile JSON file (docs/company-profile.md)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to the profile JSON file")

    def handle(self, *args, file, **options):
        try:
            with open(file, encoding="utf-8") as f:
                data = json.load(f)
        except OSError as error:
            raise CommandError(
                _("%(file)s: 파일을 열 수 없습니다 (%(error)s).")
                % {"file": file, "error": error.strerror}
            ) from error
        except json.JSONDecodeError as error:
            raise CommandError(
                _("%(file)s: JSON 형식이 잘못되었습니다 (%(line)s행 %(column)s열: %(error)s).")
                % {"file": file, "line": error.lineno, "column": error.colno, "error": error.msg}
            ) from error
        try:
            company = company_import(data=data)
        except ProfileError as error:
            lines = "\n".join(f"  {line}" for line in error.errors)
            raise CommandError(
                _("%(file)s: 가져오지 않았습니다. 고칠 곳:\n%(lines)s")
                % {"file": file, "lines": lines}
            ) from error
        self.stdout.write(
            _("%(name)s (%(slug)s) 가져옴.") % {"name": company.name, "slug": company.slug}
        )
