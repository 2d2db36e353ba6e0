"""The lifecycle every kind of submission shares, run for each registered kind: submit,
edit, publish, report, auto-hide, hide, delete, audit, drift and rebuild. A new kind
joins by adding its example below (the first test fails until it does)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from nipa_reviews.moderation import services as moderation
from nipa_reviews.moderation.models import AuditEntry, Report
from nipa_reviews.submissions import services as submissions
from nipa_reviews.submissions.kinds import kind_named, kinds
from reviews.models import Review
from tests.factories import CompanyFactory, JobCategoryFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db


def reviewed(company) -> dict:
    """A reply's fields: the company's published review it answers (made once)."""
    review = Review.objects.published().filter(company=company).first()
    if review is None:
        review = submissions.publish(item=ReviewFactory(company=company), moderator=None)
    return {
        "review": review,
        "text": "소중한 의견 고맙습니다. 말씀하신 야근 문제는 올해 안에 개선하겠습니다.",
    }


# Per kind: what a form would submit (given the company), and an edit that changes what
# it shows or counts.
EXAMPLES = {
    "review": (
        lambda company: {
            "job_category": JobCategoryFactory(),
            "employment_status": "current",
            "culture": 4,
            "pay_benefits": 3,
            "career": 5,
            "work_life": 2,
            "leadership": 4,
            "title": "배울 것이 많은 회사",
            "pros": "동료들이 친절하고 배울 점이 많아서 성장하기 좋은 환경입니다.",
            "cons": "업무가 몰리는 시기에는 야근이 잦아서 체력적으로 힘들 때가 있습니다.",
        },
        {"culture": 1, "title": "고친 제목"},
    ),
    "reply": (reviewed, {"text": "다시 읽어 보니 더 자세히 답하고 싶어 고쳐 씁니다. 고맙습니다."}),
    "interview": (
        lambda company: {
            "job_category": JobCategoryFactory(),
            "year": 2024,
            "half": "first",
            "level": "new",
            "difficulty": 3,
            "atmosphere": 2,
            "result": "passed",
            "account": "자기소개와 지원동기를 묻는 질문이 많았고 분위기는 차분했습니다.",
            "questions": ["자기소개를 해 주세요.", "지원동기는?"],
        },
        {"difficulty": 5, "result": "failed"},
    ),
}
KINDS = sorted(EXAMPLES)


def test_every_registered_kind_is_in_this_suite():
    assert sorted(kind.name for kind in kinds()) == KINDS


def submit(name: str, *, company=None, author=None):
    company = company or CompanyFactory()
    fields, _ = EXAMPLES[name]
    return submissions.submit(
        kind=kind_named(name), company=company, author=author or UserFactory(), **fields(company)
    )


def values(kind, row, company) -> dict:
    """An aggregate row's fields; a missing row counts as an empty one, as drift has it."""
    row = row or kind.aggregates[0](company_id=company.pk)
    return {name: getattr(row, name) for name in kind.aggregates[0].FIELDS}


def stored(kind, company) -> dict:
    return values(kind, kind.aggregates[0].objects.filter(company=company).first(), company)


def recomputed(kind, company) -> dict:
    return values(kind, kind.aggregates[0].recomputed().get(company.pk), company)


@pytest.mark.parametrize("name", KINDS)
def test_the_lifecycle(name, moderator, django_capture_on_commit_callbacks):
    kind = kind_named(name)
    company = CompanyFactory()
    author = UserFactory()

    item = submit(name, company=company, author=author)
    assert item.status == "pending"
    assert stored(kind, company) == values(kind, None, company)  # nothing counted

    _, edit = EXAMPLES[name]
    item = submissions.update(item=item, **edit)
    assert all(getattr(item, field) == value for field, value in edit.items())

    with django_capture_on_commit_callbacks(execute=True):
        moderation.moderate(item=item, action="publish", moderator=moderator)
    assert stored(kind, company) == recomputed(kind, company) != values(kind, None, company)
    assert mail.outbox[-1].to == [author.email]  # the author hears of it

    # A published one edited back (the admin's path) moves the aggregate with it.
    fields = EXAMPLES[name][0](company)
    original = {field: fields[field] for field in kind.editable_fields if field in fields}
    item = submissions.update(item=item, **original)
    assert stored(kind, company) == recomputed(kind, company)

    with override_settings(REPORT_AUTOHIDE_THRESHOLD=2):
        moderation.report_submit(item=item, reporter=UserFactory(), reason="abuse")
        assert type(item).objects.get(pk=item.pk).status == "published"
        moderation.report_submit(item=item, reporter=UserFactory(), reason="spam")
    item = type(item).objects.get(pk=item.pk)
    assert (item.status, item.hidden_by_reports) == ("hidden", True)
    assert stored(kind, company) == recomputed(kind, company)

    moderation.reports_resolve(item=item, upheld=False, moderator=moderator)
    assert type(item).objects.get(pk=item.pk).status == "published"

    moderation.moderate(
        item=item, action="hide", moderator=moderator, reason="개인정보", category="other"
    )
    moderation.moderate(item=item, action="restore", moderator=moderator)
    assert submissions.drift() == []

    actions = list(
        AuditEntry.objects.filter(item_type=name, item_id=item.pk)
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["publish", "auto_hide", "reports_dismissed", "hide", "restore"]

    kind.aggregates[0].objects.filter(company=company).update(**{kind.aggregates[0].FIELDS[0]: 999})
    assert any(f"company {company.pk}" in line for line in submissions.drift())
    submissions.rebuild()
    assert submissions.drift() == []

    item_id = item.pk
    submissions.delete(item=item)
    assert stored(kind, company) == recomputed(kind, company)
    assert not Report.objects.filter(item_type=name, item_id=item_id).exists()
    assert AuditEntry.objects.filter(item_type=name, item_id=item_id).exists()  # kept
    assert submissions.drift() == []


@pytest.mark.parametrize("name", KINDS)
def test_one_per_period_holds_for_a_second_submission(name):
    company, author = CompanyFactory(), UserFactory()
    submit(name, company=company, author=author)
    with pytest.raises(submissions.Duplicate):
        submit(name, company=company, author=author)
    assert kind_named(name).model.objects.count() == 1


@pytest.mark.parametrize("name", KINDS)
def test_status_rules_hold(name, moderator):
    item = submit(name)
    with pytest.raises(ValidationError, match="사유를 적어 주세요"):
        submissions.reject(item=item, moderator=moderator, reason=" ")
    with pytest.raises(ValidationError):
        submissions.hide(item=item, moderator=moderator, reason="x")  # pending: not hideable
    submissions.reject(item=item, moderator=moderator, reason="광고")
    with pytest.raises(ValidationError):
        submissions.publish(item=item, moderator=moderator)


@pytest.mark.parametrize("name", KINDS)
def test_pages_every_kind_gets(name, client, moderator):
    kind = kind_named(name)
    author = UserFactory()
    item = submit(name, author=author)
    client.force_login(author)
    me = client.get(reverse("me")).content.decode()
    assert kind.title(item) in me and kind.edit_url(item) in me and kind.delete_url(item) in me
    confirm = client.get(kind.delete_url(item)).content.decode()
    assert kind.summary(item) in confirm
    submissions.publish(item=item, moderator=moderator)
    reader = UserFactory()
    client.force_login(reader)
    report_url = reverse(f"moderation:report_{name}", args=[item.public_id])
    assert client.get(report_url).status_code == 200
    response = client.post(report_url, {"reason": "abuse"})
    assert response.status_code == 302 and response.url == kind.public_url(item)
    assert Report.objects.about(item).count() == 1
    client.force_login(moderator)
    changelist = reverse(
        f"admin:{kind.model._meta.app_label}_{kind.model._meta.model_name}_changelist"
    )
    page = client.get(changelist + "?reported=yes").content.decode()
    assert str(kind.model._meta.verbose_name) in page or str(item) in page
    index = client.get(reverse("admin:index")).content.decode()
    assert f"검수 대기 {kind.label}" in index
