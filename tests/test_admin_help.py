"""The admin tells moderators what they need to know: a new company's page is not up until
it is published, what the address is, which kind of submission an audit entry is about."""

from __future__ import annotations

import pytest
from django.urls import reverse

from nipa_reviews.moderation.models import AuditEntry
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db

INLINES = [
    "stakeholders",
    "business_areas",
    "news_items",
    "core_values",
    "hiring_steps",
    "hiring_counts",
    "email_domains",
]


def company_form(**fields) -> dict:
    data = {"name": "새기업", "short_name": "NEW", "slug": "new", "organisation_type": "other"}
    for prefix in INLINES:
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    return {**data, **fields}


def test_adding_an_unpublished_company_says_its_page_is_not_up(client, superuser):
    client.force_login(superuser)
    response = client.post(reverse("admin:companies_company_add"), company_form(), follow=True)
    content = response.content.decode()
    assert "‘새기업’ 기업은 아직 공개하지 않아 기업 페이지가 보이지 않습니다." in content
    published = company_form(name="공개기업", slug="open", is_published="on")
    response = client.post(reverse("admin:companies_company_add"), published, follow=True)
    assert "아직 공개하지 않아" not in response.content.decode()


def test_company_form_explains_the_address_and_suggests_it_from_the_acronym(client, superuser):
    client.force_login(superuser)
    content = client.get(reverse("admin:companies_company_add")).content.decode()
    assert "기업 페이지의 주소가 됩니다 (nipa → /companies/nipa/)." in content
    assert "체크해야 기업 페이지와 목록에 보입니다." in content
    # Django's prepopulation: the slug follows the acronym as it is typed.
    assert '"dependency_ids": ["#id_short_name"]' in content.replace("&quot;", '"')


def test_audit_log_names_kinds_by_their_labels(client, superuser):
    company = CompanyFactory()
    AuditEntry.objects.create(
        action="publish", item_type="review", item_id=1, item_summary=f"{company.name} · 제목"
    )
    AuditEntry.objects.create(
        action="publish", item_type="interview", item_id=2, item_summary=f"{company.name} · 면접"
    )
    client.force_login(superuser)
    content = client.get(reverse("admin:moderation_auditentry_changelist")).content.decode()
    assert '<td class="field-item_kind">리뷰</td>' in content
    assert '<td class="field-item_kind">면접 후기</td>' in content
    assert "?item_type=interview" in content  # the filter, by label
