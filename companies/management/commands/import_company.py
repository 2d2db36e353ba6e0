import json

from django.core.management.base import BaseCommand, CommandError

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
            raise CommandError(f"{file}: 파일을 열 수 없습니다 ({error.strerror}).") from error
        except json.JSONDecodeError as error:
            raise CommandError(
                f"{file}: JSON 형식이 잘못되었습니다 ({error.lineno}행 {error.colno}열: {error.msg})."
            ) from error
        try:
            company = company_import(data=data)
        except ProfileError as error:
            lines = "\n".join(f"  {line}" for line in error.errors)
            raise CommandError(f"{file}: 가져오지 않았습니다. 고칠 곳:\n{lines}") from error
        self.stdout.write(f"{company.name} ({company.slug}) 가져옴.")
