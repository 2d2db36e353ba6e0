from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from nipa_reviews.moderation.models import MODERATORS_GROUP


class Command(BaseCommand):
    help = "Adds an account to the Moderators group and lets it into the admin (is_staff)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"{email}: 그 이메일로 가입한 계정이 없습니다. 먼저 회원가입하세요.")
        user.is_staff = True
        user.save(update_fields=["is_staff"])
        user.groups.add(Group.objects.get(name=MODERATORS_GROUP))
        self.stdout.write(f"{user.email}: 운영자로 지정했습니다 (관리 화면: /admin/).")
