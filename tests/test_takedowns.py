"""임시조치 expires: past its decision date without a decision, the item returns by itself."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from nipa_reviews.moderation import services as moderation
from nipa_reviews.moderation.models import AuditEntry
from nipa_reviews.submissions import services as submissions
from nipa_reviews.submissions.kinds import kind_of
from reviews.models import CompanyScore
from tests.factories import CompanyFactory, InterviewFactory, ReviewFactory

pytestmark = pytest.mark.django_db


def take_down(item, moderator, until):
    moderation.moderate(
        item=item,
        action="takedown",
        moderator=moderator,
        reason="권리침해 주장",
        takedown_until=until,
    )
    return type(item).objects.get(pk=item.pk)


def test_an_undecided_takedown_returns_after_its_date_for_every_kind(
    moderator, publish, publish_interview
):
    company = CompanyFactory()
    today = timezone.localdate()
    reviews = publish(*ReviewFactory.create_batch(3, company=company))
    experience = publish_interview(InterviewFactory(company=company))
    for item in [reviews[0], experience]:
        take_down(item, moderator, today + timedelta(days=2))
    decided = take_down(reviews[1], moderator, today + timedelta(days=2))
    moderation.moderate(
        item=decided, action="takedown_remove", moderator=moderator, reason="확인", category="other"
    )
    assert CompanyScore.objects.get(company=company).review_count == 1

    assert moderation.takedowns_expire(today=today + timedelta(days=2)) == 0  # the last day
    assert moderation.takedowns_expire(today=today + timedelta(days=3)) == 2

    for item in [reviews[0], experience]:
        item = type(item).objects.get(pk=item.pk)
        assert (item.status, item.takedown_until) == ("published", None)
        entries = AuditEntry.objects.filter(item_type=kind_of(item).name, item_id=item.pk)
        entry = entries.get(action="takedown_expired")
        assert entry.actor is None and "결정이 없어 다시 게시" in entry.reason
    assert type(decided).objects.get(pk=decided.pk).status == "hidden"  # decided: stays
    assert CompanyScore.objects.get(company=company).review_count == 2
    assert submissions.drift() == []


def test_the_command_runs_it(moderator, publish):
    review = publish(ReviewFactory())
    take_down(review, moderator, timezone.localdate())
    out = io.StringIO()
    call_command("expire_takedowns", stdout=out)
    assert "0건" in out.getvalue()  # today is still the decision day


def test_the_daily_job_runs_it(moderator, publish):
    from nipa_reviews.moderation.tasks import expire_takedowns_daily

    review = publish(ReviewFactory())
    take_down(review, moderator, timezone.localdate())
    type(review).objects.filter(pk=review.pk).update(
        takedown_until=timezone.localdate() - timedelta(days=1)
    )
    assert expire_takedowns_daily.delay().get() == 1
    assert type(review).objects.get(pk=review.pk).status == "published"
