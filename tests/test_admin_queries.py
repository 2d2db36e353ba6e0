"""Every admin changelist runs a fixed number of queries, however many rows it shows.

Each registered model's changelist is fetched with N rows and again with 3×N, unfiltered
and with its filters applied, by a superuser and by a moderator where the Moderators
group may view it; the counts must be equal. The models come from the admin registry,
so a newly registered admin fails here until CHANGELISTS says how to make its rows."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from itertools import count

import pytest
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.contrib.auth import get_permission_codename
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from companies.models import CompanyRepresentative, EmploymentType
from nipa_reviews.moderation import services as moderation
from nipa_reviews.submissions import services as submissions
from nipa_reviews.submissions.models import Submission
from reviews.services import highlight_create
from tests.factories import (
    CompanyFactory,
    EmployerReplyFactory,
    EmploymentVerificationFactory,
    InterviewFactory,
    JobCategoryFactory,
    ReviewFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

# Rows at the small size; the large size has three times as many. Both fit on one page
# (the queues show 50), so every row is rendered and an N+1 shows in the count.
N = 3
serial = count()


# --- Rows, made through the services as the site makes them ---------------------------


def published(factory) -> Submission:
    return submissions.publish(item=factory(), moderator=None)


def queue_rows(factory) -> Callable[[int], None]:
    """n pending, n published with an open report, n published under a takedown."""

    def make(n: int) -> None:
        moderator = UserFactory(is_staff=True)
        for _ in range(n):
            factory()
            moderation.report_submit(
                item=published(factory), reporter=UserFactory(), reason="false"
            )
            moderation.moderate(
                item=published(factory),
                action="takedown",
                moderator=moderator,
                reason="권리침해 주장",
                takedown_until=timezone.localdate() + timedelta(days=30),
            )

    return make


def reports(n: int) -> None:
    """n open reports on each kind, and n a moderator has dismissed."""
    moderator = UserFactory(is_staff=True)
    for factory in (ReviewFactory, InterviewFactory):
        for _ in range(n):
            moderation.report_submit(
                item=published(factory), reporter=UserFactory(), reason="abuse"
            )
    for _ in range(n):
        item = published(ReviewFactory)
        moderation.report_submit(item=item, reporter=UserFactory(), reason="spam")
        moderation.reports_resolve(item=item, upheld=False, moderator=moderator)


def audit_entries(n: int) -> None:
    """n entries: publishes, each by another moderator, and every third a hide by the
    system, which has no actor."""
    for i in range(n):
        if i % 3 == 2:
            moderation.audit(published(ReviewFactory), "auto_hide", actor=None, reason="신고 누적")
        else:
            moderator = UserFactory(is_staff=True)
            moderation.moderate(item=ReviewFactory(), action="publish", moderator=moderator)


def redactions(n: int) -> None:
    moderator = UserFactory(is_staff=True)
    for _ in range(n):
        moderation.redact(
            item=published(ReviewFactory),
            field="pros",
            passage="동료들이",
            reason="실명",
            moderator=moderator,
        )


def representatives(n: int) -> None:
    for _ in range(n):
        verification = EmploymentVerificationFactory()
        CompanyRepresentative.objects.create(user=verification.user, company=verification.company)


def highlights(n: int) -> None:
    for _ in range(n):
        highlight_create(review=published(ReviewFactory), kind="positive", text="동료들이 친절하고")


def verifications(n: int) -> None:
    """n valid 재직 인증 records and n expired ones."""
    for _ in range(n):
        EmploymentVerificationFactory()
        EmploymentVerificationFactory(verified_at=timezone.now() - timedelta(days=400))


def social_tokens(n: int) -> None:
    for _ in range(n):
        app = SocialApp.objects.create(provider="google", name=f"앱 {next(serial)}")
        account = SocialAccount.objects.create(
            user=UserFactory(), provider="google", uid=str(next(serial))
        )
        SocialToken.objects.create(app=app, account=account, token="token")


# Model label → (how to make n of its rows, the query strings to fetch its changelist
# with: "" and one per filter worth checking).
CHANGELISTS: dict[str, tuple[Callable[[int], None], list[str]]] = {
    "companies.Company": (
        lambda n: CompanyFactory.create_batch(n),
        ["", "?is_published__exact=1", "?organisation_type__exact=small"],
    ),
    "companies.EmploymentType": (
        lambda n: [EmploymentType.objects.create(name=f"형태 {next(serial)}") for _ in range(n)],
        [""],
    ),
    "companies.EmploymentVerification": (verifications, ["", "?valid=yes", "?valid=no"]),
    "companies.JobCategory": (
        lambda n: [JobCategoryFactory(name=f"직무 {next(serial)}") for _ in range(n)],
        [""],
    ),
    "reviews.Review": (
        queue_rows(ReviewFactory),
        ["", "?status__exact=pending", "?reported=yes", "?takedown=open"],
    ),
    "interviews.InterviewExperience": (
        queue_rows(InterviewFactory),
        ["", "?status__exact=pending", "?reported=yes", "?takedown=open"],
    ),
    "reviews.EmployerReply": (
        queue_rows(EmployerReplyFactory),
        ["", "?status__exact=pending", "?reported=yes", "?takedown=open"],
    ),
    "companies.CompanyRepresentative": (representatives, [""]),
    "reviews.Highlight": (highlights, ["", "?kind__exact=positive"]),
    "reviews.CompanyScore": (lambda n: [published(ReviewFactory) for _ in range(n)], [""]),
    "interviews.CompanyInterviewStats": (
        lambda n: [published(InterviewFactory) for _ in range(n)],
        [""],
    ),
    "moderation.Report": (reports, ["", "?status__exact=open", "?reason__exact=abuse"]),
    "moderation.AuditEntry": (audit_entries, ["", "?action__exact=publish"]),
    "moderation.Redaction": (redactions, [""]),
    "accounts.User": (
        lambda n: UserFactory.create_batch(n),
        ["", "?is_staff__exact=0", "?is_active__exact=1"],
    ),
    "auth.Group": (
        lambda n: [Group.objects.create(name=f"그룹 {next(serial)}") for _ in range(n)],
        [""],
    ),
    "account.EmailAddress": (
        lambda n: UserFactory.create_batch(n),
        ["", "?verified__exact=1"],
    ),
    "socialaccount.SocialApp": (
        lambda n: [
            SocialApp.objects.create(provider="kakao", name=f"앱 {next(serial)}") for _ in range(n)
        ],
        [""],
    ),
    "socialaccount.SocialAccount": (
        lambda n: [
            SocialAccount.objects.create(
                user=UserFactory(), provider="naver", uid=str(next(serial))
            )
            for _ in range(n)
        ],
        ["", "?provider__exact=naver"],
    ),
    "socialaccount.SocialToken": (social_tokens, ["", "?app__provider=google"]),
}

REGISTERED = sorted(model._meta.label for model in admin.site._registry)


def may_view(user, model) -> bool:
    opts = model._meta
    return any(
        user.has_perm(f"{opts.app_label}.{get_permission_codename(action, opts)}")
        for action in ("view", "change")
    )


def measure(client, viewers, url: str, queries: list[str]) -> dict[tuple[str, str], tuple]:
    """(viewer, query string) → (number of queries, rows the filter matched)."""
    results = {}
    for viewer in viewers:
        client.force_login(viewer)
        for query in queries:
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url + query)
            assert response.status_code == 200, (viewer, query)
            results[viewer.email, query] = (len(captured), response.context["cl"].result_count)
    return results


@pytest.mark.parametrize("label", REGISTERED)
def test_changelist_query_count_does_not_grow(client, superuser, moderator, label):
    assert label in CHANGELISTS, f"{label} is registered in the admin: add its rows to CHANGELISTS"
    make, queries = CHANGELISTS[label]
    model = apps.get_model(label)
    if admin.site._registry[model].list_filter:
        assert len(queries) > 1, f"{label} has filters: add a filtered query string"
    url = reverse(admin_urlname(model._meta, "changelist"))
    viewers = [user for user in (superuser, moderator) if may_view(user, model)]
    make(N)
    # Once before counting, so that what the first request caches is in neither count.
    measure(client, viewers, url, queries)

    small = measure(client, viewers, url, queries)
    make(2 * N)
    large = measure(client, viewers, url, queries)

    assert {key: n for key, (n, _) in large.items()} == {key: n for key, (n, _) in small.items()}
    # The filters matched more rows at the large size, so the rows were really rendered.
    for key, (_, rows) in large.items():
        assert rows > small[key][1], key


@pytest.mark.parametrize("rows", [3, 30])
def test_audit_log_changelist_runs_seven_queries(
    client, superuser, django_assert_num_queries, rows
):
    # It once ran one query per row for the actor's name: 11 for 3 rows, 38 for 30.
    audit_entries(rows)
    client.force_login(superuser)

    # The session, the user, the filtered and the full count, the page of entries with
    # their actors (list_select_related), the first and last date, then the days of that
    # month for the date hierarchy. The kinds' filter lists the registered kinds: no query.
    with django_assert_num_queries(7):
        response = client.get(reverse("admin:moderation_auditentry_changelist"))

    assert response.context["cl"].result_count == rows
