"""Moderation in the admin: who may do what, and what every action does to scores, the
audit log and the author's inbox."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from interviews.models import CompanyInterviewStats, InterviewExperience
from nipa_reviews.moderation import services
from nipa_reviews.moderation.models import AuditEntry, Report
from reviews.models import CompanyScore, Highlight, Review
from tests.factories import CompanyFactory, InterviewFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db

REVIEWS = reverse("admin:reviews_review_changelist")
INTERVIEWS = reverse("admin:interviews_interviewexperience_changelist")
REPORTS = reverse("admin:moderation_report_changelist")


def act(client, url, action, items, **extra):
    data = {"action": action, "_selected_action": [item.pk for item in items], **extra}
    return client.post(url, data, follow=True)


def status_of(item) -> str:
    return type(item).objects.get(pk=item.pk).status


@pytest.fixture
def company(db):
    return CompanyFactory(slug="acme", name="에이크미")


@pytest.fixture
def verify_clean(capsys):
    def verify():
        call_command("verify_scores")
        assert "scores verified" in capsys.readouterr().out

    return verify


# --- The group and make_moderator -----------------------------------------------------------


def test_moderators_group_has_exactly_the_moderation_permissions(moderators_group):
    permissions = set(
        moderators_group.permissions.values_list("content_type__app_label", "codename")
    )
    assert ("reviews", "change_review") in permissions
    assert ("interviews", "change_interviewexperience") in permissions
    assert ("moderation", "change_report") in permissions
    assert ("reviews", "add_highlight") in permissions
    assert ("reviews", "change_employerreply") in permissions
    assert ("companies", "add_companyrepresentative") in permissions
    assert ("companies", "change_company") in permissions
    assert ("companies", "change_newsitem") in permissions
    assert not {p for p in permissions if p[0] in {"accounts", "auth"}}
    assert ("reviews", "delete_review") not in permissions
    assert ("moderation", "change_auditentry") not in permissions


def test_make_moderator_adds_the_account_to_the_group_and_the_admin(moderators_group, capsys):
    user = UserFactory(email="mod@example.com")
    call_command("make_moderator", "MOD@example.com")
    user.refresh_from_db()
    assert user.is_staff and not user.is_superuser
    assert moderators_group in user.groups.all()
    assert user.has_perm("reviews.change_review")
    assert not user.has_perm("accounts.view_user")


def test_make_moderator_with_an_unknown_email_is_a_clear_error(moderators_group):
    with pytest.raises(CommandError, match="그 이메일로 가입한 계정이 없습니다"):
        call_command("make_moderator", "nobody@example.com")


# --- The permission matrix ----------------------------------------------------------------------


def test_moderator_publishes_rejects_and_hides(client, moderator, company, verify_clean):
    to_publish, to_reject = ReviewFactory.create_batch(2, company=company)
    client.force_login(moderator)
    assert (
        "1건을 게시 처리했습니다." in act(client, REVIEWS, "publish", [to_publish]).content.decode()
    )
    act(
        client,
        REVIEWS,
        "reject",
        [to_reject],
        apply="1",
        category="other",
        reason="회사 내부 정보가 있습니다.",
    )
    assert (status_of(to_publish), status_of(to_reject)) == ("published", "rejected")
    act(client, REVIEWS, "hide", [to_publish], apply="1", category="other", reason="사실 확인 중")
    assert status_of(to_publish) == "hidden"
    verify_clean()


def test_moderator_sees_author_tokens_never_emails_and_cannot_touch_users(
    client, moderator, company
):
    review = ReviewFactory(company=company, author=UserFactory(email="writer@corp.example"))
    client.force_login(moderator)
    changelist = client.get(REVIEWS).content.decode()
    change = client.get(reverse("admin:reviews_review_change", args=[review.pk])).content.decode()
    for content in (changelist, change):
        assert review.author.moderation_token in content
        assert "writer@corp.example" not in content
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 403
    assert (
        client.get(reverse("admin:accounts_user_change", args=[review.author.pk])).status_code
        == 403
    )
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 403


def test_author_token_is_the_same_for_one_account_and_finds_its_submissions(client, moderator):
    author = UserFactory()
    ReviewFactory.create_batch(2, author=author)
    ReviewFactory()
    client.force_login(moderator)
    response = client.get(REVIEWS, {"q": author.moderation_token})
    assert response.context["cl"].result_count == 2


def test_plain_staff_outside_the_group_cannot_moderate(client, staff):
    review = ReviewFactory()
    client.force_login(staff)
    assert client.get(REVIEWS).status_code == 403
    assert (
        client.post(REVIEWS, {"action": "publish", "_selected_action": [review.pk]}).status_code
        == 403
    )
    assert client.get(REPORTS).status_code == 403
    assert status_of(review) == "pending"


def test_superuser_does_everything_and_sees_the_account(client, superuser, company):
    review = ReviewFactory(company=company, author=UserFactory(email="writer@corp.example"))
    client.force_login(superuser)
    assert "writer@corp.example" in client.get(REVIEWS).content.decode()
    act(client, REVIEWS, "publish", [review])
    assert status_of(review) == "published"
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(REVIEWS)
    assert response.status_code == 302


# --- What every action does -------------------------------------------------------------------


@pytest.mark.parametrize("action", ["reject", "hide"])
def test_reason_is_required_on_the_intermediate_page(client, moderator, company, action, publish):
    review = ReviewFactory(company=company)
    if action == "hide":
        review = publish(review)
    client.force_login(moderator)
    page = act(client, REVIEWS, action, [review]).content.decode()
    assert 'name="reason"' in page and review.title in page
    page = act(client, REVIEWS, action, [review], apply="1", reason="  ").content.decode()
    assert "사유를 적어 주세요. 작성자에게 전달됩니다." in page
    assert status_of(review) == review.status
    assert not AuditEntry.objects.exists()


def test_publish_writes_audit_sends_email_and_moves_scores(
    client, moderator, company, verify_clean, django_capture_on_commit_callbacks
):
    reviews = ReviewFactory.create_batch(3, company=company, culture=5)
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        act(client, REVIEWS, "publish", reviews)
    assert CompanyScore.objects.get(company=company).review_count == 3
    entries = AuditEntry.objects.filter(action="publish")
    assert entries.count() == 3
    entry = entries.first()
    assert (entry.actor, entry.item_type) == (moderator, "review")
    assert entry.item_summary.startswith("에이크미 · ")
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.author.email for r in reviews)
    assert "게시되었습니다" in mail.outbox[0].subject
    # The public page shows the new numbers at once.
    assert "게시된 리뷰 3건" in client.get(company.get_absolute_url()).content.decode()
    verify_clean()


def test_reject_sends_the_reason_and_me_shows_it(
    client, moderator, company, django_capture_on_commit_callbacks
):
    review = ReviewFactory(company=company)
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        act(
            client,
            REVIEWS,
            "reject",
            [review],
            apply="1",
            category="other",
            reason="개인정보가 포함되어 있습니다.",
        )
    assert "반려되었습니다" in mail.outbox[0].subject
    assert "반려 사유: 개인정보가 포함되어 있습니다." in mail.outbox[0].body
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.reason) == ("reject", "개인정보가 포함되어 있습니다.")
    client.force_login(review.author)
    assert "개인정보가 포함되어 있습니다." in client.get(reverse("me")).content.decode()


def test_hide_and_restore_move_the_scores(client, moderator, company, publish, verify_clean):
    reviews = publish(*ReviewFactory.create_batch(4, company=company))
    client.force_login(moderator)
    act(client, REVIEWS, "hide", reviews[:1], apply="1", category="other", reason="확인 중")
    assert CompanyScore.objects.get(company=company).review_count == 3
    act(client, REVIEWS, "restore", reviews[:1])
    assert CompanyScore.objects.get(company=company).review_count == 4
    assert list(AuditEntry.objects.order_by("id").values_list("action", flat=True)) == [
        "hide",
        "restore",
    ]
    verify_clean()


def test_interview_actions_move_the_aggregates(
    client, moderator, company, verify_clean, publish_interview
):
    experiences = InterviewFactory.create_batch(2, company=company)
    client.force_login(moderator)
    act(client, INTERVIEWS, "publish", experiences)
    assert CompanyInterviewStats.objects.get(company=company).count == 2
    act(
        client, INTERVIEWS, "hide", experiences[:1], apply="1", category="other", reason="신고 확인"
    )
    assert CompanyInterviewStats.objects.get(company=company).count == 1
    assert AuditEntry.objects.filter(item_type="interview").count() == 3
    verify_clean()


def test_bulk_publish_of_fifty_is_all_or_nothing(
    client, moderator, company, django_capture_on_commit_callbacks
):
    reviews = ReviewFactory.create_batch(50, company=company)
    services.moderate(
        item=reviews[30], action="reject", moderator=moderator, reason="광고", category="other"
    )
    AuditEntry.objects.all().delete()
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = act(client, REVIEWS, "publish", reviews)
    assert (
        f"리뷰 {reviews[30].pk}: 반려 상태의 글은 게시 처리할 수 없습니다."
        in response.content.decode()
    )
    assert Review.objects.filter(status="published").count() == 0
    assert not CompanyScore.objects.filter(company=company, review_count__gt=0).exists()
    assert not AuditEntry.objects.exists()
    assert mail.outbox == []


def test_bulk_publish_counts_only_what_changed(client, moderator, company, publish):
    done = publish(ReviewFactory(company=company))
    fresh = ReviewFactory.create_batch(2, company=company)
    client.force_login(moderator)
    response = act(client, REVIEWS, "publish", [done, *fresh])
    assert "2건을 게시 처리했습니다." in response.content.decode()


def test_pending_first_oldest_first_with_open_report_counts(client, moderator, company, publish):
    published = publish(ReviewFactory(company=company, title="게시된 것"))
    old = ReviewFactory(company=company, title="오래된 검수 대기")
    Review.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=3))
    ReviewFactory(company=company, title="새 검수 대기")
    services.report_submit(item=published, reporter=UserFactory(), reason="spam")
    client.force_login(moderator)
    response = client.get(REVIEWS)
    titles = [r.title for r in response.context["cl"].result_list]
    assert titles == ["오래된 검수 대기", "새 검수 대기", "게시된 것"]
    reported = client.get(REVIEWS, {"reported": "yes"}).context["cl"].result_list
    assert [r.open_reports for r in reported] == [1]


def test_admin_index_shows_the_queue(client, moderator, publish):
    ReviewFactory.create_batch(2)
    InterviewFactory()
    services.report_submit(item=publish(ReviewFactory()), reporter=UserFactory(), reason="abuse")
    client.force_login(moderator)
    content = client.get(reverse("admin:index")).content.decode()
    assert "검수 대기 리뷰</a></th><td>2건" in content
    assert "검수 대기 면접 후기</a></th><td>1건" in content
    assert "처리 안 된 신고</a></th><td>1건" in content


def test_audit_log_is_read_only_and_outlives_the_item(client, moderator, superuser, publish):
    review = ReviewFactory(title="지워질 리뷰")
    services.moderate(item=review, action="publish", moderator=moderator)
    client.force_login(superuser)
    client.post(reverse("admin:reviews_review_delete", args=[review.pk]), {"post": "yes"})
    assert not Review.objects.filter(pk=review.pk).exists()
    entry = AuditEntry.objects.get()
    assert "지워질 리뷰" in entry.item_summary
    client.force_login(moderator)
    assert client.get(reverse("admin:moderation_auditentry_changelist")).status_code == 200
    assert (
        client.get(reverse("admin:moderation_auditentry_change", args=[entry.pk])).status_code
        == 200
    )
    assert (
        client.post(
            reverse("admin:moderation_auditentry_delete", args=[entry.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


# --- Reports and automatic hiding -------------------------------------------------------------


@override_settings(REPORT_AUTOHIDE_THRESHOLD=3)
def test_distinct_reporters_hide_an_item_at_the_threshold(company, publish, verify_clean):
    reviews = publish(*ReviewFactory.create_batch(4, company=company))
    target = reviews[0]
    first = UserFactory()
    services.report_submit(item=target, reporter=first, reason="abuse")
    with pytest.raises(Exception, match="이미 신고한 글입니다"):
        services.report_submit(item=target, reporter=first, reason="spam")
    services.report_submit(item=target, reporter=UserFactory(), reason="abuse")
    assert status_of(target) == "published"  # two distinct reporters: below 3
    services.report_submit(item=target, reporter=UserFactory(), reason="false")
    target.refresh_from_db()
    assert (target.status, target.hidden_by_reports) == ("hidden", True)
    assert CompanyScore.objects.get(company=company).review_count == 3
    entry = AuditEntry.objects.get(action="auto_hide")
    assert entry.actor is None and "신고 3건" in entry.reason
    verify_clean()


@override_settings(REPORT_AUTOHIDE_THRESHOLD=2)
def test_dismissing_reports_restores_an_auto_hidden_item(client, moderator, company, publish):
    review = publish(ReviewFactory(company=company))
    for _ in range(2):
        services.report_submit(item=review, reporter=UserFactory(), reason="abuse")
    assert status_of(review) == "hidden"
    client.force_login(moderator)
    act(client, REPORTS, "dismiss", Report.objects.all()[:1])
    assert status_of(review) == "published"
    assert set(Report.objects.values_list("status", flat=True)) == {"dismissed"}
    assert AuditEntry.objects.filter(action="reports_dismissed", actor=moderator).exists()


def test_upholding_reports_hides_the_item_with_the_reason(
    client, moderator, company, publish, publish_interview
):
    experience = publish_interview(InterviewFactory(company=company))
    services.report_submit(item=experience, reporter=UserFactory(), reason="personal")
    client.force_login(moderator)
    queue = client.get(REPORTS).content.decode()
    assert "면접 후기" in queue and "에이크미" in queue
    page = act(client, REPORTS, "uphold", Report.objects.all()).content.decode()
    assert 'name="reason"' in page
    act(
        client,
        REPORTS,
        "uphold",
        Report.objects.all(),
        apply="1",
        category="personal",
        reason="면접관 실명이 있습니다.",
    )
    experience = InterviewExperience.objects.get(pk=experience.pk)
    assert (experience.status, experience.moderation_reason) == (
        "hidden",
        "면접관 실명이 있습니다.",
    )
    assert experience.moderation_category == "personal"
    assert Report.objects.get().status == "upheld"
    assert CompanyInterviewStats.objects.get(company=company).count == 0


def test_reporters_stay_private_in_the_queue(client, moderator, publish):
    review = publish(ReviewFactory())
    services.report_submit(
        item=review, reporter=UserFactory(email="reporter@corp.example"), reason="spam"
    )
    client.force_login(moderator)
    assert "reporter@corp.example" not in client.get(REPORTS).content.decode()


# --- Temporary takedown (임시조치) --------------------------------------------------------------


def test_takedown_hides_until_a_decision_within_thirty_days(client, moderator, company, publish):
    review, other = publish(*ReviewFactory.create_batch(2, company=company))
    client.force_login(moderator)
    too_late = (timezone.localdate() + timedelta(days=31)).isoformat()
    response = act(
        client,
        REVIEWS,
        "takedown",
        [review],
        apply="1",
        reason="명예훼손 주장",
        takedown_until=too_late,
    )
    assert "임시조치 기한은 오늘부터 30일 안이어야 합니다." in response.content.decode()
    assert status_of(review) == "published"
    in_time = (timezone.localdate() + timedelta(days=30)).isoformat()
    act(
        client,
        REVIEWS,
        "takedown",
        [review, other],
        apply="1",
        reason="명예훼손 주장",
        takedown_until=in_time,
    )
    listed = client.get(REVIEWS, {"takedown": "open"}).context["cl"].result_list
    assert {r.pk for r in listed} == {review.pk, other.pk}
    act(client, REVIEWS, "restore", [review])
    act(
        client,
        REVIEWS,
        "takedown_remove",
        [other],
        apply="1",
        category="other",
        reason="권리침해 확인",
    )
    review.refresh_from_db()
    other.refresh_from_db()
    assert (review.status, review.takedown_until) == ("published", None)
    assert (other.status, other.takedown_until) == ("hidden", None)
    assert not client.get(REVIEWS, {"takedown": "open"}).context["cl"].result_list
    assert list(AuditEntry.objects.order_by("id").values_list("action", flat=True)) == [
        "takedown",
        "takedown",
        "restore",
        "takedown_remove",
    ]


# --- Highlights ------------------------------------------------------------------------------


def test_highlight_from_a_published_review(client, moderator, publish):
    review = publish(ReviewFactory())
    client.force_login(moderator)
    page = act(client, REVIEWS, "make_highlight", [review]).content.decode()
    assert 'name="text"' in page
    page = act(
        client, REVIEWS, "make_highlight", [review], apply="1", kind="positive", text="지어낸 말"
    ).content.decode()
    assert "인용문은 리뷰의 장점에 있는 문장 그대로여야 합니다." in page
    page = act(
        client, REVIEWS, "make_highlight", [review], apply="1", kind="negative", text="가" * 61
    ).content.decode()
    assert "인용문은 60자 이하로 적어 주세요" in page
    act(
        client,
        REVIEWS,
        "make_highlight",
        [review],
        apply="1",
        kind="negative",
        text="야근이 잦아서",
    )
    highlight = Highlight.objects.get()
    assert (highlight.kind, highlight.text, highlight.company) == (
        "negative",
        "야근이 잦아서",
        review.company,
    )
    assert AuditEntry.objects.filter(action="highlight").exists()


def test_highlight_needs_a_published_review(client, moderator):
    review = ReviewFactory()
    client.force_login(moderator)
    page = act(
        client,
        REVIEWS,
        "make_highlight",
        [review],
        apply="1",
        kind="positive",
        text="동료들이 친절하고",
    ).content.decode()
    assert "게시된 리뷰에서만 하이라이트를 고를 수 있습니다." in page
    assert not Highlight.objects.exists()


def test_moderator_edits_company_content(client, moderator, company):
    client.force_login(moderator)
    assert (
        client.get(reverse("admin:companies_company_change", args=[company.pk])).status_code == 200
    )


def test_no_permission_object_grants_users(moderators_group):
    assert not Permission.objects.filter(
        group=moderators_group, content_type__model__in=["user", "group"]
    ).exists()
