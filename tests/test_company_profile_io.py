"""import_company / export_company: one transaction, clear errors, a faithful round trip."""

from __future__ import annotations

import copy
import json

import pytest
from django.core.management import CommandError, call_command

from companies.models import (
    BusinessArea,
    Company,
    EmailDomain,
    EmploymentType,
    HiringCount,
    NewsItem,
    Stakeholder,
)
from companies.selectors import company_export
from tests.conftest import NIPA_FILE
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def nipa_doc():
    with open(NIPA_FILE, encoding="utf-8") as f:
        return json.load(f)


def write(tmp_path, doc, name="company.json") -> str:
    path = tmp_path / name
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc, ensure_ascii=False))
    return str(path)


def database_state() -> dict:
    return {
        "companies": [company_export(c) for c in Company.objects.order_by("slug")],
        "types": list(EmploymentType.objects.values_list("name", "definition")),
    }


def test_import_then_export_gives_back_the_same_document(tmp_path, capsys):
    call_command("import_company", str(NIPA_FILE))
    out = tmp_path / "out.json"
    call_command("export_company", "nipa", output=str(out))
    assert out.read_text(encoding="utf-8") == NIPA_FILE.read_text(encoding="utf-8")


def test_export_to_standard_output(nipa, capsys):
    call_command("export_company", "nipa")
    assert json.loads(capsys.readouterr().out)["name"] == "정보통신산업진흥원"


def test_import_is_idempotent(nipa):
    before = database_state()
    call_command("import_company", str(NIPA_FILE))
    assert database_state() == before
    assert Company.objects.count() == 1
    assert NewsItem.objects.count() == 9
    assert BusinessArea.objects.count() == 4
    assert HiringCount.objects.count() == 4


def test_import_updates_an_existing_company_by_slug(nipa, nipa_doc, tmp_path):
    nipa_doc["vision"] = "새 비전"
    nipa_doc["news"] = nipa_doc["news"][:2]
    call_command("import_company", write(tmp_path, nipa_doc))
    company = Company.objects.get(slug="nipa")
    assert company.pk == nipa.pk
    assert company.vision == "새 비전"
    assert company.news_items.count() == 2


def test_import_adds_a_new_employment_type(nipa_doc, tmp_path):
    nipa_doc["employment_types"].append({"name": "계약직", "definition": "기간을 정한 고용"})
    nipa_doc["hiring_counts"].append({"year": 2023, "employment_type": "계약직", "count": "2.5"})
    call_command("import_company", write(tmp_path, nipa_doc))
    count = HiringCount.objects.get(employment_type__name="계약직")
    assert str(count.count) == "2.5"
    assert count.employment_type.definition == "기간을 정한 고용"


def break_missing_name(doc):
    del doc["name"]


def break_shares(doc):
    doc["business_areas"][0]["share"] = "90.0"


def break_month(doc):
    doc["news"][3]["month"] = 13


def break_employment_type(doc):
    doc["hiring_counts"][1]["employment_type"] = "파견직"


def break_stakeholder_kind(doc):
    doc["stakeholders"][2]["kind"] = "partner"


def break_share_type(doc):
    doc["business_areas"][1]["share"] = "많음"


def break_unknown_key(doc):
    doc["ceo"] = "홍길동"


def break_domain_case(doc):
    doc["email_domains"] = ["nipa.kr", "NIPA.or.kr"]


def break_domain_with_at(doc):
    doc["email_domains"] = ["@nipa.kr"]


def break_domain_type(doc):
    doc["email_domains"] = [{"domain": "nipa.kr"}]


def break_domain_twice(doc):
    doc["email_domains"] = ["nipa.kr", "nipa.kr"]


@pytest.mark.parametrize(
    ("breaks", "field", "problem"),
    [
        (break_missing_name, "name", "필수 항목입니다"),
        (break_shares, "business_areas", "100.0을 넘습니다"),
        (break_month, "news[3].month", "12"),
        (
            break_employment_type,
            "hiring_counts[1].employment_type",
            "알 수 없는 고용형태입니다: '파견직'",
        ),
        (break_stakeholder_kind, "stakeholders[2].kind", "partner"),
        (break_share_type, "business_areas[1].share", "10진수"),
        (break_unknown_key, "ceo", "알 수 없는 항목입니다"),
        (break_domain_case, "email_domains[1]", "소문자로 적어 주세요"),
        (break_domain_with_at, "email_domains[0]", "@ 뒤 부분을"),
        (break_domain_type, "email_domains[0]", "문자열이어야 합니다"),
        (break_domain_twice, "email_domains", "같은 도메인이 두 번 나옵니다"),
    ],
)
def test_bad_file_names_the_field_and_changes_nothing(
    nipa, nipa_doc, tmp_path, breaks, field, problem
):
    doc = copy.deepcopy(nipa_doc)
    doc["summary"] = "바뀌면 안 되는 요약"
    breaks(doc)
    before = database_state()
    with pytest.raises(CommandError) as error:
        call_command("import_company", write(tmp_path, doc))
    message = str(error.value)
    assert f"{field}:" in message
    assert problem in message
    assert database_state() == before


def test_import_sets_the_work_email_domains(nipa, nipa_doc, tmp_path):
    assert list(EmailDomain.objects.values_list("company__slug", "domain")) == [("nipa", "nipa.kr")]
    nipa_doc["email_domains"] = ["nipa.kr", "nipa.or.kr"]
    call_command("import_company", write(tmp_path, nipa_doc))
    assert company_export(nipa)["email_domains"] == ["nipa.kr", "nipa.or.kr"]


def test_a_domain_of_another_company_is_refused_by_name(nipa, nipa_doc, tmp_path):
    other = CompanyFactory(name="다른기관")
    EmailDomain.objects.create(company=other, domain="other.kr")
    nipa_doc["email_domains"] = ["nipa.kr", "other.kr"]
    before = database_state()
    with pytest.raises(CommandError) as error:
        call_command("import_company", write(tmp_path, nipa_doc))
    assert "email_domains[1]: other.kr은(는) 이미 다른 기업(다른기관)의" in str(error.value)
    assert database_state() == before


def test_bad_file_for_a_new_company_creates_nothing(nipa_doc, tmp_path):
    nipa_doc["slug"] = "brand-new"
    nipa_doc["news"][0]["month"] = 0
    with pytest.raises(CommandError, match=r"news\[0\]\.month"):
        call_command("import_company", write(tmp_path, nipa_doc))
    assert not Company.objects.exists()
    assert not Stakeholder.objects.exists()


def test_malformed_json_says_where(nipa, tmp_path):
    before = database_state()
    with pytest.raises(CommandError, match=r"JSON 형식이 잘못되었습니다 \(2행"):
        call_command("import_company", write(tmp_path, '{"slug": "nipa",\n "name": }'))
    assert database_state() == before


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="파일을 열 수 없습니다"):
        call_command("import_company", str(tmp_path / "nope.json"))


def test_export_of_an_unknown_slug_is_a_clear_error():
    with pytest.raises(CommandError, match="'nope' 주소 이름의 기업이 없습니다"):
        call_command("export_company", "nope")


def test_load_demo_is_idempotent():
    call_command("load_demo")
    before = database_state()
    call_command("load_demo")
    assert database_state() == before
    assert Company.objects.get(slug="nipa").is_published
