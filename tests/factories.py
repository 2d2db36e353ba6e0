"""factory_boy factories shared by every test module."""

from __future__ import annotations

import factory
from allauth.account.models import EmailAddress
from factory.django import DjangoModelFactory

from nipa_reviews.accounts.models import User

PASSWORD = "correct-horse-battery-9"


class UserFactory(DjangoModelFactory):
    """A user whose email is verified, unless built with `verified=False`."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(
                user=obj, email=obj.email, primary=True, verified=extracted is not False
            )


class CompanyFactory(DjangoModelFactory):
    class Meta:
        model = "companies.Company"

    name = factory.Sequence(lambda n: f"테스트기업{n}")
    short_name = factory.Sequence(lambda n: f"TC{n}")
    slug = factory.Sequence(lambda n: f"company-{n}")
    organisation_type = "small"
    industry = "제조"
    summary = "테스트용 기업입니다."
    is_published = True


class NewsItemFactory(DjangoModelFactory):
    class Meta:
        model = "companies.NewsItem"

    company = factory.SubFactory(CompanyFactory)
    year = 2024
    month = factory.Sequence(lambda n: n % 12 + 1)
    kind = "business"
    title = factory.Sequence(lambda n: f"소식 {n}")
    body = "본문입니다."


class BusinessAreaFactory(DjangoModelFactory):
    class Meta:
        model = "companies.BusinessArea"

    company = factory.SubFactory(CompanyFactory)
    rank = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"사업 {n}")
    share = "1.0"
