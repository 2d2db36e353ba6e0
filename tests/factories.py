"""factory_boy factories shared by every test module."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone
from factory.django import DjangoModelFactory

from nipa_reviews.accounts.models import User
from nipa_reviews.submissions import services as submissions

PASSWORD = "correct-horse-battery-9"
# What sign-up must be sent besides the email and the passwords (nipa_reviews.accounts.forms).
CONSENTS = {"agree_terms": "on", "agree_privacy": "on", "age_14": "on"}


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


class JobCategoryFactory(DjangoModelFactory):
    class Meta:
        model = "companies.JobCategory"
        django_get_or_create = ("name",)

    name = "개발"


class SubmissionFactory(DjangoModelFactory):
    """Writes the row directly, then counts it in the transparency figures as
    `submissions.submit` would, so that `verify_scores` finds no drift."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        item = super()._create(model_class, *args, **kwargs)
        submissions.counted_as_submitted(item)
        return item


class ReviewFactory(SubmissionFactory):
    """A pending review; publish it through reviews.services so the scores follow."""

    class Meta:
        model = "reviews.Review"

    company = factory.SubFactory(CompanyFactory)
    author = factory.SubFactory(UserFactory)
    employment_status = "current"
    job_category = factory.SubFactory(JobCategoryFactory)
    culture = 4
    pay_benefits = 4
    career = 4
    work_life = 4
    leadership = 4
    title = "일하기 괜찮은 회사"
    pros = "동료들이 친절하고 배울 점이 많아서 성장하기 좋은 환경입니다."
    cons = "업무가 몰리는 시기에는 야근이 잦아서 체력적으로 힘들 때가 있습니다."


class InterviewFactory(SubmissionFactory):
    """A pending interview experience with two questions; publish it through the service."""

    class Meta:
        model = "interviews.InterviewExperience"
        skip_postgeneration_save = True

    company = factory.SubFactory(CompanyFactory)
    author = factory.SubFactory(UserFactory)
    year = 2024
    half = "first"
    level = "new"
    job_category = factory.SubFactory(JobCategoryFactory)
    difficulty = 3
    atmosphere = 2
    result = "passed"
    format = "1:3 면접"
    account = "자기소개와 지원동기를 묻는 질문이 많았고 분위기는 차분했습니다."
    tip = "회사의 최근 사업을 미리 공부해 가세요."

    @factory.post_generation
    def questions(obj, create, extracted, **kwargs):
        if create:
            texts = extracted if extracted is not None else ["자기소개를 해 주세요.", "지원동기는?"]
            for order, text in enumerate(texts):
                obj.questions.create(order=order, text=text)


class EmployerReplyFactory(SubmissionFactory):
    """A pending 기업 답변 on a review of the same company; publish both through the services."""

    class Meta:
        model = "reviews.EmployerReply"

    review = factory.SubFactory(ReviewFactory)
    company = factory.SelfAttribute("review.company")
    author = factory.SubFactory(UserFactory)
    text = "소중한 의견 고맙습니다. 말씀하신 야근 문제는 올해 안에 개선하겠습니다."


class EmploymentVerificationFactory(DjangoModelFactory):
    """A valid 재직 인증 (12 months from now), as if a work email had proved it."""

    class Meta:
        model = "companies.EmploymentVerification"

    user = factory.SubFactory(UserFactory)
    company = factory.SubFactory(CompanyFactory)
    email_hash = factory.Sequence(lambda n: hashlib.sha256(f"work-{n}".encode()).hexdigest())
    verified_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyAttribute(lambda o: o.verified_at + timedelta(days=365))
