"""Trigram search on PostgreSQL, and the shared lists every company uses."""

from django.db import migrations

EMPLOYMENT_TYPES = [
    ("정규직", ""),
    ("무기계약직", ""),
    ("채용형 청년인턴", "신입사원 채용 전형의 하나로, 인턴 근무를 거쳐 일정 비율이 신입사원으로 임용된다."),
    ("체험형 청년인턴", "채용과 연계되지 않은 인턴 전형으로, 신입사원 전형에 지원할 경우 가점을 제공하기도 한다."),
]

JOB_CATEGORIES = [
    "기획/전략/경영",
    "개발",
    "마케팅/광고/홍보",
    "영업/고객상담",
    "디자인",
    "연구/R&D",
    "인사/총무",
    "재무/회계",
    "생산/제조",
    "공공/복지",
    "법무",
    "교육",
    "의료",
    "기타",
]


def create_trigram_index(apps, schema_editor):
    # The search is a substring LIKE on one lower-cased column; a GIN trigram index
    # answers it without a sequential scan. SQLite has no such index and scans.
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS companies_company_search_trgm "
        "ON companies_company USING gin (search_text gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS companies_company_search_trgm")


def seed_lists(apps, schema_editor):
    EmploymentType = apps.get_model("companies", "EmploymentType")
    JobCategory = apps.get_model("companies", "JobCategory")
    for order, (name, definition) in enumerate(EMPLOYMENT_TYPES):
        EmploymentType.objects.get_or_create(
            name=name, defaults={"definition": definition, "order": order}
        )
    for order, name in enumerate(JOB_CATEGORIES):
        JobCategory.objects.get_or_create(name=name, defaults={"order": order})


class Migration(migrations.Migration):
    dependencies = [("companies", "0001_profile")]

    operations = [
        migrations.RunPython(create_trigram_index, drop_trigram_index),
        migrations.RunPython(seed_lists, migrations.RunPython.noop),
    ]
