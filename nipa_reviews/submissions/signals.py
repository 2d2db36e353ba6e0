"""Manipulation signals: patterns a moderator should look at, found once, when a
submission arrives (services.submit). They are shown in the moderation queue and never
acted on automatically; nothing here stores or reads an IP address."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, models
from django.db.models import Count, F, Q, Value
from django.db.models.functions import Concat
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .kinds import Kind, kinds
from .models import Submission


class Code(models.TextChoices):
    BURST = "burst", gettext_lazy("몰림")
    NEW_ACCOUNT = "new_account", gettext_lazy("새 계정")
    EXTREME = "extreme", gettext_lazy("극단 평점")
    NEAR_DUPLICATE = "near_duplicate", gettext_lazy("유사 글")
    SPREAD = "spread", gettext_lazy("여러 기업")


# The relative burst test (three times the trailing mean) needs at least this many in 24
# hours: on a company with little history, two reviews in a day are not a pattern.
BURST_MIN_RELATIVE = 3
BURST_HISTORY = timedelta(days=90)
NEW_ACCOUNT_AGE = timedelta(hours=24)
# pg_trgm's similarity() over the kind's text fields, against the same company's
# submissions of the last 12 months.
DUPLICATE_SIMILARITY = 0.6
DUPLICATE_WINDOW = timedelta(days=365)
# Without pg_trgm (SQLite, `make run`) the same measure is computed in Python over the
# company's latest submissions only, so a submit stays bounded.
DUPLICATE_CANDIDATES = 200
SPREAD_COMPANIES = 3
SPREAD_WINDOW = timedelta(days=7)


def signal(code: Code, reason: str) -> dict[str, str]:
    return {"code": str(code.value), "reason": str(reason)}


def detect(kind: Kind, item: Submission, *, at: datetime) -> list[dict[str, str]]:
    """Every signal the unsaved `item` raises, arriving at `at`: three queries, however
    many submissions there are. The reasons are stored: they are written in the site's
    language, not in the author's."""
    with translation.override(settings.LANGUAGE_CODE):
        return [
            *_burst(kind, item, at),
            *_new_account(item, at),
            *_near_duplicate(kind, item, at),
            *_spread(item, at),
            *kind.signals(item),
        ]


def _burst(kind: Kind, item: Submission, at: datetime) -> list[dict]:
    day_ago = at - timedelta(hours=24)
    counts = kind.model.objects.filter(
        company_id=item.company_id, created_at__gt=day_ago - BURST_HISTORY, created_at__lte=at
    ).aggregate(
        day=Count("pk", filter=Q(created_at__gt=day_ago)),
        before=Count("pk", filter=Q(created_at__lte=day_ago)),
    )
    day = counts["day"] + 1  # this one
    mean = counts["before"] / BURST_HISTORY.days
    limit = settings.SIGNAL_BURST_PER_DAY
    if day > limit:
        reason = _("24시간 안에 이 기업에 %(label)s %(day)d건 (기준 %(limit)d건 초과)") % {
            "label": kind.label,
            "day": day,
            "limit": limit,
        }
        return [signal(Code.BURST, reason)]
    if day >= BURST_MIN_RELATIVE and day > 3 * mean:
        reason = _(
            "24시간 안에 이 기업에 %(label)s %(day)d건: 지난 90일 하루 평균 %(mean).1f건의 3배 초과"
        ) % {"label": kind.label, "day": day, "mean": mean}
        return [signal(Code.BURST, reason)]
    return []


def _new_account(item: Submission, at: datetime) -> list[dict]:
    author = item.author
    if author is None or author.date_joined <= at - NEW_ACCOUNT_AGE:
        return []
    hours = max(0, int((at - author.date_joined).total_seconds() // 3600))
    reason = _("가입한 지 %(hours)d시간 된 계정 (24시간 미만)") % {"hours": hours}
    return [signal(Code.NEW_ACCOUNT, reason)]


def _text(kind: Kind, values) -> str:
    return "\n".join(value or "" for value in values)


def _near_duplicate(kind: Kind, item: Submission, at: datetime) -> list[dict]:
    if not kind.text_fields:
        return []
    text = _text(kind, (getattr(item, name) for name in kind.text_fields))
    others = kind.model.objects.filter(
        company_id=item.company_id, created_at__gt=at - DUPLICATE_WINDOW
    ).order_by()
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import TrigramSimilarity

        parts = []
        for name in kind.text_fields:
            parts += [F(name), Value("\n")]
        joined = (
            Concat(*parts[:-1], output_field=models.TextField()) if len(parts) > 2 else parts[0]
        )
        best = (
            others.annotate(similarity=TrigramSimilarity(joined, text))
            .filter(similarity__gte=DUPLICATE_SIMILARITY)
            .order_by("-similarity")
            .values_list("similarity", flat=True)
            .first()
        )
    else:
        candidates = others.order_by("-created_at").values_list(*kind.text_fields)
        mine = trigrams(text)
        best = max(
            (
                similarity(mine, trigrams(_text(kind, row)))
                for row in candidates[:DUPLICATE_CANDIDATES]
            ),
            default=0.0,
        )
        best = best if best >= DUPLICATE_SIMILARITY else None
    if best is None:
        return []
    reason = _("최근 12개월 이 기업의 다른 %(label)s와 %(percent)d%% 유사") % {
        "label": kind.label,
        "percent": int(best * 100),
    }
    return [signal(Code.NEAR_DUPLICATE, reason)]


def trigrams(text: str) -> set[str]:
    """pg_trgm's trigrams: each run of letters and digits, lower-cased, padded with two
    spaces in front and one behind."""
    grams: set[str] = set()
    for word in re.findall(r"[^\W_]+", text.lower()):
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


def similarity(a: set[str], b: set[str]) -> float:
    """pg_trgm's similarity(): shared trigrams over all trigrams."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def _spread(item: Submission, at: datetime) -> list[dict]:
    if item.author_id is None:
        return []
    recent = [
        kind.model.objects.filter(author_id=item.author_id, created_at__gt=at - SPREAD_WINDOW)
        .order_by()
        .values_list("company_id")
        for kind in kinds()
    ]
    companies = {company_id for (company_id,) in recent[0].union(*recent[1:])}
    companies.add(item.company_id)
    if len(companies) < SPREAD_COMPANIES:
        return []
    reason = _("같은 계정이 7일 안에 기업 %(count)d곳에 글을 씀") % {"count": len(companies)}
    return [signal(Code.SPREAD, reason)]
