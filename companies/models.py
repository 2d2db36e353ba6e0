"""A company's profile: every section of the reference report, as data moderators edit."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.signals import post_delete, post_save, pre_save
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from nipa_reviews.pagecache import PageContentQuerySet, PageScope
from nipa_reviews.search.fields import LemmaVectorField, Matches


class OrganisationType(models.TextChoices):
    PUBLIC = "public", _("공공기관")
    LARGE = "large", _("대기업")
    MIDSIZE = "midsize", _("중견기업")
    SMALL = "small", _("중소기업")
    STARTUP = "startup", _("스타트업")
    FOREIGN = "foreign", _("외국계")
    OTHER = "other", _("기타")


def search_text_of(name: str, short_name: str, aliases: str) -> str:
    """The one lower-cased column the company search reads: name, acronym and aliases."""
    alias_lines = [line.strip() for line in aliases.splitlines() if line.strip()]
    return "\n".join([name, short_name, *alias_lines]).lower()


# Two letters or digits: a query the trigram index cannot serve (a trigram needs three),
# found instead among the stored bigrams of the names.
BIGRAM = re.compile(r"^[^\W_]{2}$")


def bigrams_of(search_text: str) -> str:
    """Every two adjacent letters or digits of the search column (테크 and 크놀 of 테크놀),
    as the literal of a lemma vector (nipa_reviews.search.fields)."""
    found = {
        word[i : i + 2]
        for word in re.findall(r"[^\W_]{2,}", search_text)
        for i in range(len(word) - 1)
    }
    return " ".join(f"'{bigram}':1" for bigram in sorted(found))


class CompanyQuerySet(PageContentQuerySet):
    def published(self):
        return self.filter(is_published=True)

    # The writes that send no signal keep the industries too (see Industry).
    def update(self, **kwargs):
        updated = super().update(**kwargs)
        if INDUSTRY_FIELDS & set(kwargs):
            Industry.rebuild()
        return updated

    update.alters_data = True

    def bulk_create(self, objs, *args, **kwargs):
        objs = super().bulk_create(objs, *args, **kwargs)
        Industry.refresh({company.industry for company in objs})
        return objs

    def search(self, query: str):
        """Name, acronym or alias, case-insensitive, any substring (Korean included).

        `search_text` is one lower-cased column so that a single trigram index serves the
        search on PostgreSQL.
        """
        query = query.strip().lower()
        if not query:
            return self
        if BIGRAM.match(query):  # 테크, 한빛: the GIN index of bigrams on PostgreSQL
            return self.filter(Matches("search_bigrams", [query]))
        return self.filter(search_text__contains=query)

    def with_profile(self):
        """Everything the company page shows, in a fixed number of queries."""
        return self.prefetch_related(
            "stakeholders",
            "business_areas",
            "core_values",
            "news_items",
            "hiring_steps",
            models.Prefetch(
                "hiring_counts",
                queryset=HiringCount.objects.select_related("employment_type"),
            ),
        )


# What decides whether a company's industry is offered in the list's filter.
INDUSTRY_FIELDS = frozenset({"industry", "is_published"})


class Company(models.Model):
    name = models.CharField(_("기업명"), max_length=100)
    short_name = models.CharField(_("약칭"), max_length=50, blank=True)
    slug = models.SlugField(_("주소 이름"), max_length=60, unique=True)
    aliases = models.TextField(
        _("검색용 다른 이름"),
        blank=True,
        help_text=_("한 줄에 하나씩 적습니다. 검색에만 쓰입니다."),
    )
    search_text = models.TextField(editable=False, blank=True, default="")
    # The search column's bigrams, for two-letter queries (CompanyQuerySet.search).
    search_bigrams = LemmaVectorField(editable=False, blank=True, default="")
    founded_year = models.PositiveSmallIntegerField(
        _("설립연도"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1800), MaxValueValidator(2100)],
    )
    organisation_type = models.CharField(
        _("기업 형태"),
        max_length=20,
        choices=OrganisationType.choices,
        default=OrganisationType.OTHER,
    )
    industry = models.CharField(_("산업"), max_length=50, blank=True)
    website = models.URLField(_("홈페이지"), blank=True)
    summary = models.TextField(_("기업 소개"), blank=True)
    vision = models.CharField(_("비전"), max_length=200, blank=True)
    mission = models.CharField(_("미션"), max_length=200, blank=True)
    hiring_notes = models.TextField(_("채용 참고사항"), blank=True)
    hiring_counts_note = models.CharField(
        _("채용규모 각주"),
        max_length=200,
        blank=True,
        help_text=_("예: 소수점 이하 인원은 시간선택제로 채용한 인원을 의미한다."),
    )
    is_published = models.BooleanField(_("공개"), default=False)
    # List sort keys, kept by reviews.services with the scores (PRODUCT.md, scoring): the
    # Bayesian average of the total, 0 until the score is shown, and the published reviews.
    ranking = models.DecimalField(
        _("순위 점수"), max_digits=6, decimal_places=3, default=0, editable=False
    )
    review_count = models.PositiveIntegerField(_("게시 리뷰 수"), default=0, editable=False)
    created_at = models.DateTimeField(_("등록일"), auto_now_add=True)
    updated_at = models.DateTimeField(_("수정일"), auto_now=True)

    objects = CompanyQuerySet.as_manager()
    page_scope = PageScope(company="", lists=True)

    class Meta:
        verbose_name = pgettext_lazy("singular", "기업")
        verbose_name_plural = pgettext_lazy("plural", "기업")
        ordering = ["name"]
        # One index per sort of the company list; the list shows published companies only.
        indexes = [
            models.Index(
                fields=["-ranking", "name"], name="company_by_score", condition=Q(is_published=True)
            ),
            models.Index(
                fields=["-review_count", "name"],
                name="company_by_reviews",
                condition=Q(is_published=True),
            ),
            models.Index(fields=["name"], name="company_by_name", condition=Q(is_published=True)),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.fill_search()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("companies:detail", kwargs={"slug": self.slug})

    def fill_search(self) -> None:
        """The search columns, from the names (bulk_create skips save(): call it first)."""
        self.search_text = search_text_of(self.name, self.short_name, self.aliases)
        self.search_bigrams = bigrams_of(self.search_text)

    def has_verified_employee(self, user, at: datetime | None = None) -> bool:
        """Whether `user` holds a valid 재직 인증 here (a submission copies the answer)."""
        if user is None or not user.is_authenticated:
            return False
        return self.employments.valid(at).filter(user=user).exists()

    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    def stakeholder_groups(self) -> list[tuple[str, list[str]]]:
        """(고객 | 자사 | 관련기관, names) in that order, from the prefetched rows."""
        groups = {kind: [] for kind in Stakeholder.Kind}
        for stakeholder in self.stakeholders.all():
            groups[stakeholder.kind].append(stakeholder.name)
        return [(kind.label, names) for kind, names in groups.items() if names]

    @property
    def report_year(self) -> int:
        """The year in "<name> 분석리포트 <year> ver.": that of the newest news item."""
        years = [item.year for item in self.news_items.all()]
        return max(years) if years else timezone.localdate().year

    def employment_type_footnotes(self) -> list[EmploymentType]:
        """The employment types this company's counts use that have a definition."""
        seen: dict[int, EmploymentType] = {}
        for count in self.hiring_counts.all():
            seen.setdefault(count.employment_type_id, count.employment_type)
        return [t for t in seen.values() if t.definition]


class Industry(models.Model):
    """An industry some published company is in: the company list's filter choices,
    read in one query of a few rows instead of a DISTINCT over every company.

    Kept on every write of a company that can change them, whoever writes (the admin,
    the import, a command): saves and deletes through the receivers below, queryset
    updates and bulk creates through CompanyQuerySet. A publish, which saves only the
    ranking and the review count, leaves it alone."""

    name = models.CharField(_("산업"), max_length=50, primary_key=True)

    class Meta:
        verbose_name = _("산업")
        verbose_name_plural = _("산업")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def refresh(cls, names) -> None:
        """Offers each of `names` exactly when a published company is in it."""
        names = set(filter(None, names))
        if not names:
            return
        found = set(
            Company.objects.published()
            .filter(industry__in=names)
            .values_list("industry", flat=True)
            .order_by()
            .distinct()
        )
        cls.objects.bulk_create([cls(name=name) for name in found], ignore_conflicts=True)
        cls.objects.filter(name__in=names - found).delete()

    @classmethod
    def rebuild(cls) -> None:
        cls.objects.all().delete()
        cls.refresh(
            Company.objects.published().values_list("industry", flat=True).order_by().distinct()
        )


def _industry_before(sender, instance, update_fields=None, **kwargs):
    instance._industry_before = None
    if instance.pk is None or (
        update_fields is not None and not INDUSTRY_FIELDS & set(update_fields)
    ):
        return
    instance._industry_before = (
        Company._base_manager.filter(pk=instance.pk).values_list("industry", flat=True).first()
    )


def _industry_changed(sender, instance, update_fields=None, **kwargs):
    if update_fields is not None and not INDUSTRY_FIELDS & set(update_fields):
        return
    Industry.refresh({instance.industry, getattr(instance, "_industry_before", None)})


pre_save.connect(_industry_before, sender=Company, dispatch_uid="company-industry-before")
post_save.connect(_industry_changed, sender=Company, dispatch_uid="company-industry-save")
post_delete.connect(_industry_changed, sender=Company, dispatch_uid="company-industry-delete")


class Stakeholder(models.Model):
    class Kind(models.TextChoices):
        CUSTOMER = "customer", _("고객")
        SELF = "self", _("자사")
        RELATED = "related", _("관련기관")

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="stakeholders")
    kind = models.CharField(_("구분"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("이름"), max_length=100)
    order = models.PositiveSmallIntegerField(_("순서"), default=0)

    objects = PageContentQuerySet.as_manager()
    page_scope = PageScope(company="company")

    class Meta:
        verbose_name = pgettext_lazy("singular", "이해관계자")
        verbose_name_plural = pgettext_lazy("plural", "이해관계자")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name}"


class BusinessArea(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="business_areas")
    rank = models.PositiveSmallIntegerField(_("순위"), validators=[MinValueValidator(1)])
    name = models.CharField(_("사업명"), max_length=100)
    share = models.DecimalField(
        _("비중(%)"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.0")), MaxValueValidator(Decimal("100.0"))],
    )
    description = models.TextField(_("내용"), blank=True)

    objects = PageContentQuerySet.as_manager()
    page_scope = PageScope(company="company")

    class Meta:
        verbose_name = pgettext_lazy("singular", "주요 사업")
        verbose_name_plural = pgettext_lazy("plural", "주요 사업")
        ordering = ["rank"]
        constraints = [
            models.UniqueConstraint(fields=["company", "rank"], name="business_area_rank_unique"),
            models.CheckConstraint(
                condition=Q(share__gte=0) & Q(share__lte=100), name="business_area_share_range"
            ),
        ]

    def __str__(self) -> str:
        return _("%(rank)s위 %(name)s") % {"rank": self.rank, "name": self.name}


class CoreValue(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="core_values")
    name = models.CharField(_("핵심가치"), max_length=50)
    description = models.TextField(_("설명"), blank=True)
    order = models.PositiveSmallIntegerField(_("순서"), default=0)

    objects = PageContentQuerySet.as_manager()
    page_scope = PageScope(company="company")

    class Meta:
        verbose_name = pgettext_lazy("singular", "핵심가치")
        verbose_name_plural = pgettext_lazy("plural", "핵심가치")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class NewsItem(models.Model):
    class Kind(models.TextChoices):
        BUSINESS = "business", _("사업내용")
        RESULT = "result", _("사업성과")

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="news_items")
    year = models.PositiveSmallIntegerField(
        _("연도"), validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    month = models.PositiveSmallIntegerField(
        _("월"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    kind = models.CharField(_("구분"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("제목"), max_length=200)
    body = models.TextField(_("내용"))

    objects = PageContentQuerySet.as_manager()
    page_scope = PageScope(company="company")

    class Meta:
        verbose_name = pgettext_lazy("singular", "최신이슈/성과")
        verbose_name_plural = pgettext_lazy("plural", "최신이슈/성과")
        # Years newest first; within a year the report's order: 사업내용, then 사업성과.
        ordering = ["-year", "kind", "month", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(month__gte=1) & Q(month__lte=12), name="news_item_month_range"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class HiringStep(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="hiring_steps")
    order = models.PositiveSmallIntegerField(_("순서"), default=0)
    name = models.CharField(_("단계"), max_length=50)

    objects = PageContentQuerySet.as_manager()
    page_scope = PageScope(company="company")

    class Meta:
        verbose_name = _("채용절차 단계")
        verbose_name_plural = _("채용절차")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class EmploymentType(models.Model):
    """정규직, 무기계약직, 채용형/체험형 청년인턴 …: a list moderators can extend."""

    name = models.CharField(_("고용형태"), max_length=30, unique=True)
    definition = models.CharField(_("정의"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("순서"), default=0)

    objects = PageContentQuerySet.as_manager()
    # Every company page shows these lists.
    page_scope = PageScope(company=None)

    class Meta:
        verbose_name = pgettext_lazy("singular", "고용형태")
        verbose_name_plural = pgettext_lazy("plural", "고용형태")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class HiringCount(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="hiring_counts")
    year = models.PositiveSmallIntegerField(
        _("연도"), validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    employment_type = models.ForeignKey(
        EmploymentType, on_delete=models.PROTECT, verbose_name=_("고용형태")
    )
    # One decimal: a fraction counts part-time hires (the report's footnote).
    count = models.DecimalField(
        _("인원"), max_digits=6, decimal_places=1, validators=[MinValueValidator(Decimal("0.0"))]
    )

    objects = PageContentQuerySet.as_manager()
    page_scope = PageScope(company="company")

    class Meta:
        verbose_name = _("채용규모")
        verbose_name_plural = _("채용규모")
        ordering = ["-year", "employment_type__order", "employment_type_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "year", "employment_type"], name="hiring_count_unique"
            ),
            models.CheckConstraint(condition=Q(count__gte=0), name="hiring_count_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.employment_type}: {self.count}"


class JobCategory(models.Model):
    """직무: the shared taxonomy that reviews and interviews use."""

    name = models.CharField(_("직무"), max_length=30, unique=True)
    order = models.PositiveSmallIntegerField(_("순서"), default=0)

    objects = PageContentQuerySet.as_manager()
    # Every company page shows these lists.
    page_scope = PageScope(company=None)

    class Meta:
        verbose_name = pgettext_lazy("singular", "직무")
        verbose_name_plural = pgettext_lazy("plural", "직무")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class EmailDomain(models.Model):
    """A domain of the company's work email (재직 인증): `nipa.kr`, lower case."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="email_domains")
    domain = models.CharField(
        _("메일 도메인"),
        max_length=100,
        unique=True,
        validators=[
            RegexValidator(
                r"^(?=.{1,100}$)([a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$",
                _("메일 주소의 @ 뒤 부분을 소문자로 적어 주세요 (예: nipa.kr)."),
            )
        ],
    )

    class Meta:
        verbose_name = pgettext_lazy("singular", "재직 인증 메일 도메인")
        verbose_name_plural = pgettext_lazy("plural", "재직 인증 메일 도메인")
        ordering = ["domain"]

    def __str__(self) -> str:
        return self.domain


class EmploymentQuerySet(models.QuerySet):
    def valid(self, at: datetime | None = None):
        return self.filter(expires_at__gt=at or timezone.now())


class EmploymentVerification(models.Model):
    """An account's 재직 인증 at a company: who, where, until when, and a keyed hash of the
    work email that proved it (one work email verifies one account at a time). The work
    email itself is stored nowhere (PRODUCT.md, anonymity)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="employments"
    )
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="employments")
    # HMAC-SHA256 (EMPLOYMENT_HASH_KEY) of the normalised work email, hex.
    email_hash = models.CharField(_("메일 해시"), max_length=64, unique=True, editable=False)
    verified_at = models.DateTimeField(_("인증 일시"), default=timezone.now)
    expires_at = models.DateTimeField(_("만료 일시"))

    objects = EmploymentQuerySet.as_manager()

    class Meta:
        verbose_name = pgettext_lazy("singular", "재직 인증")
        verbose_name_plural = pgettext_lazy("plural", "재직 인증")
        constraints = [
            models.UniqueConstraint(fields=["user", "company"], name="employment_once_per_company")
        ]

    def __str__(self) -> str:
        return f"{self.company_id}: {self.user_id}"

    @property
    def is_valid(self) -> bool:
        return self.expires_at > timezone.now()


class CompanyRepresentative(models.Model):
    """기업 담당자: a verified account a moderator appointed to answer its company's reviews
    in the company's name (기업 답변). The reviews' authors stay unknown to it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="representations",
        verbose_name=_("계정"),
    )
    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="representatives", verbose_name=_("기업")
    )
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("지정한 운영자"),
        editable=False,
    )
    appointed_at = models.DateTimeField(_("지정 일시"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = pgettext_lazy("singular", "기업 담당자")
        verbose_name_plural = pgettext_lazy("plural", "기업 담당자")
        constraints = [
            models.UniqueConstraint(fields=["user", "company"], name="representative_once")
        ]

    def __str__(self) -> str:
        return f"{self.company}: {self.user_id}"

    def clean(self):
        if self.company_id and self.user_id and not self.company.has_verified_employee(self.user):
            raise ValidationError(
                {"user": _("이 기업에 재직 인증을 마친 계정만 기업 담당자로 지정할 수 있습니다.")}
            )


# The transparency figures' stored counts live in their own module.
from .transparency import ModerationTally  # noqa: E402, F401
