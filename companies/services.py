"""Writes to company profiles. The profile JSON format is documented in docs/company-profile.md."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from .models import (
    BusinessArea,
    Company,
    CoreValue,
    EmailDomain,
    EmploymentType,
    HiringCount,
    HiringStep,
    NewsItem,
    Stakeholder,
)

PROFILE_FORMAT = "nipa_reviews.company/1"

# Top-level scalar keys of the format and the Company field each one fills.
COMPANY_FIELDS = {
    "slug": "slug",
    "name": "name",
    "short_name": "short_name",
    "founded_year": "founded_year",
    "organisation_type": "organisation_type",
    "industry": "industry",
    "website": "website",
    "summary": "summary",
    "vision": "vision",
    "mission": "mission",
    "hiring_notes": "hiring_notes",
    "hiring_counts_note": "hiring_counts_note",
    "published": "is_published",
}
LIST_KEYS = {
    "aliases",
    "stakeholders",
    "business_areas",
    "core_values",
    "news",
    "hiring_steps",
    "employment_types",
    "hiring_counts",
    "email_domains",
}
ROW_KEYS = {
    "stakeholders": {"kind", "name"},
    "business_areas": {"rank", "name", "share", "description"},
    "core_values": {"name", "description"},
    "news": {"year", "month", "kind", "title", "body"},
    "employment_types": {"name", "definition"},
    "hiring_counts": {"year", "employment_type", "count"},
}


# Each list of the format, and the related name of its rows on Company.
RELATED_NAMES = {
    Stakeholder: "stakeholders",
    BusinessArea: "business_areas",
    CoreValue: "core_values",
    NewsItem: "news_items",
    HiringStep: "hiring_steps",
    HiringCount: "hiring_counts",
    EmailDomain: "email_domains",
}


class ProfileError(Exception):
    """An invalid profile document. `errors` are lines like `news[2].month: …`."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


@transaction.atomic
def company_import(*, data: Any) -> Company:
    """Creates or updates the company named by `data["slug"]` from a whole profile.

    Every field is checked before anything is written; any error aborts the import and
    the database is left as it was. Importing the same document twice changes nothing.
    """
    profile = _ProfileReader(data)
    company, rows = profile.read()
    company.save()
    for type_ in profile.new_or_changed_types:
        type_.save()
    for related_name in RELATED_NAMES.values():
        getattr(company, related_name).all().delete()
    for model, objects in rows.items():
        for obj in objects:
            obj.company = company
        # A hiring count's new employment type was saved above; bulk_create takes its id.
        model.objects.bulk_create(objects)
    return company


class _ProfileReader:
    """Turns a profile document into unsaved model instances, collecting every error."""

    def __init__(self, data: Any):
        self.data = data
        self.errors: list[str] = []
        self.new_or_changed_types: list[EmploymentType] = []

    def fail(self, where: str, message: str) -> None:
        self.errors.append(f"{where}: {message}")

    def read(self) -> tuple[Company, dict[type[models.Model], list[models.Model]]]:
        data = self.data
        if not isinstance(data, dict):
            raise ProfileError([_("(문서): JSON 객체여야 합니다.")])
        if data.get("format") != PROFILE_FORMAT:
            self.fail("format", _('"%(format)s"이어야 합니다.') % {"format": PROFILE_FORMAT})
        unknown = set(data) - set(COMPANY_FIELDS) - LIST_KEYS - {"format"}
        for key in sorted(unknown):
            self.fail(key, _("알 수 없는 항목입니다."))
        for key in ("slug", "name"):
            if not data.get(key):
                self.fail(key, _("필수 항목입니다."))
        if self.errors:
            raise ProfileError(self.errors)

        company = self.read_company()
        rows = {
            Stakeholder: self.read_rows("stakeholders", self.stakeholder),
            BusinessArea: self.read_rows("business_areas", self.business_area),
            CoreValue: self.read_rows("core_values", self.core_value),
            NewsItem: self.read_rows("news", self.news_item),
            HiringStep: self.read_rows("hiring_steps", self.hiring_step, row_type=str),
        }
        types = self.read_employment_types()
        rows[HiringCount] = self.read_rows(
            "hiring_counts", lambda i, row: self.count(i, row, types)
        )
        rows[EmailDomain] = self.read_rows("email_domains", self.email_domain, row_type=str)
        self.check_business_areas(rows[BusinessArea])
        self.check_hiring_counts(rows[HiringCount])
        self.check_email_domains(rows[EmailDomain], company)
        if self.errors:
            raise ProfileError(self.errors)
        return company, rows

    def read_company(self) -> Company:
        data = self.data
        company = Company.objects.filter(slug=data["slug"]).first() or Company()
        for key, field in COMPANY_FIELDS.items():
            default = Company._meta.get_field(field).get_default()
            setattr(company, field, data.get(key, default))
        aliases = data.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            self.fail("aliases", _("문자열 목록이어야 합니다."))
        else:
            company.aliases = "\n".join(a.strip() for a in aliases if a.strip())
        self.validate(company, "", exclude=[])
        return company

    def read_rows(self, key, build, row_type=dict) -> list[models.Model]:
        rows = self.data.get(key, [])
        if not isinstance(rows, list):
            self.fail(key, _("목록이어야 합니다."))
            return []
        objects = []
        for i, row in enumerate(rows):
            where = f"{key}[{i}]"
            if not isinstance(row, row_type):
                self.fail(
                    where, _("문자열이어야 합니다.") if row_type is str else _("객체여야 합니다.")
                )
                continue
            if row_type is dict:
                for extra in sorted(set(row) - ROW_KEYS[key]):
                    self.fail(f"{where}.{extra}", _("알 수 없는 항목입니다."))
            obj = build(i, row)
            if obj is not None:
                if row_type is str:
                    # The string is the whole row: its errors name the row, not a field.
                    self.validate(obj, where, exclude=["company"], name_fields=False)
                else:
                    self.validate(obj, where + ".", exclude=["company", "employment_type"])
                objects.append(obj)
        return objects

    def validate(
        self, obj: models.Model, prefix: str, exclude: list[str], name_fields: bool = True
    ) -> None:
        try:
            obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                for message in messages:
                    where = f"{prefix}{self.key_for(field)}" if name_fields else prefix
                    self.fail(where, message)

    @staticmethod
    def key_for(field: str) -> str:
        reverse = {v: k for k, v in COMPANY_FIELDS.items()}
        return reverse.get(field, field)

    def stakeholder(self, i, row):
        return Stakeholder(kind=row.get("kind", ""), name=row.get("name", ""), order=i)

    def business_area(self, i, row):
        return BusinessArea(
            rank=row.get("rank"),
            name=row.get("name", ""),
            share=row.get("share"),
            description=row.get("description", ""),
        )

    def core_value(self, i, row):
        return CoreValue(name=row.get("name", ""), description=row.get("description", ""), order=i)

    def news_item(self, i, row):
        return NewsItem(
            year=row.get("year"),
            month=row.get("month"),
            kind=row.get("kind", ""),
            title=row.get("title", ""),
            body=row.get("body", ""),
        )

    def hiring_step(self, i, name):
        return HiringStep(name=name, order=i)

    def email_domain(self, i, domain):
        return EmailDomain(domain=domain)

    def read_employment_types(self) -> dict[str, EmploymentType]:
        """The known types: those in the database, updated by the file's definitions."""
        types = {t.name: t for t in EmploymentType.objects.all()}
        next_order = max((t.order for t in types.values()), default=-1) + 1
        for i, row in enumerate(self.data.get("employment_types", [])):
            where = f"employment_types[{i}]"
            if not isinstance(row, dict) or not isinstance(row.get("name"), str) or not row["name"]:
                self.fail(where, _("name이 있는 객체여야 합니다."))
                continue
            for extra in sorted(set(row) - ROW_KEYS["employment_types"]):
                self.fail(f"{where}.{extra}", _("알 수 없는 항목입니다."))
            type_ = types.get(row["name"])
            if type_ is None:
                type_ = EmploymentType(name=row["name"], order=next_order)
                next_order += 1
            definition = row.get("definition", "")
            if type_.pk is None or type_.definition != definition:
                type_.definition = definition
                self.validate(type_, where + ".", exclude=[])
                self.new_or_changed_types.append(type_)
            types[type_.name] = type_
        return types

    def count(self, i, row, types):
        name = row.get("employment_type")
        if name not in types:
            known = ", ".join(types)
            self.fail(
                f"hiring_counts[{i}].employment_type",
                _(
                    "알 수 없는 고용형태입니다: %(name)r "
                    "(employment_types에 추가하거나 %(known)s 중에서 고르세요)"
                )
                % {"name": name, "known": known},
            )
            return None
        return HiringCount(
            year=row.get("year"), count=row.get("count"), employment_type=types[name]
        )

    def check_business_areas(self, areas: list[BusinessArea]) -> None:
        ranks = [area.rank for area in areas]
        if len(ranks) != len(set(ranks)):
            self.fail("business_areas", _("순위(rank)가 겹칩니다."))
        shares = [area.share for area in areas if isinstance(area.share, Decimal)]
        if sum(shares, Decimal(0)) > 100:
            self.fail(
                "business_areas",
                _("비중(share)의 합이 100.0을 넘습니다 (%(total)s).") % {"total": sum(shares)},
            )

    def check_hiring_counts(self, counts: list[HiringCount]) -> None:
        keys = [(count.year, count.employment_type.name) for count in counts]
        if len(keys) != len(set(keys)):
            self.fail("hiring_counts", _("같은 연도와 고용형태가 두 번 나옵니다."))

    def check_email_domains(self, domains: list[EmailDomain], company: Company) -> None:
        # A domain proves employment at one company only (EmailDomain.domain is unique).
        names = [domain.domain for domain in domains]
        if len(names) != len(set(names)):
            self.fail("email_domains", _("같은 도메인이 두 번 나옵니다."))
        taken = dict(
            EmailDomain.objects.filter(domain__in=names)
            .exclude(company__slug=company.slug)
            .values_list("domain", "company__name")
        )
        for i, name in enumerate(names):
            if name in taken:
                self.fail(
                    f"email_domains[{i}]",
                    _(
                        "%(domain)s은(는) 이미 다른 기업(%(company)s)의 재직 인증 도메인입니다. "
                        "관리 화면에서 그 기업의 도메인을 먼저 지워 주세요."
                    )
                    % {"domain": name, "company": taken[name]},
                )
