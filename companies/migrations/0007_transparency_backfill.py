"""Counts the submissions that exist before the transparency figures did, as
`verify_scores --fix` would (companies.transparency.ModerationTally.recomputed)."""

from django.db import migrations
from django.db.models import BooleanField, Count, DateField, ExpressionWrapper, Q
from django.db.models.functions import TruncMonth

from companies.transparency import state_of

KINDS = [
    ("review", "reviews", "Review"),
    ("reply", "reviews", "EmployerReply"),
    ("interview", "interviews", "InterviewExperience"),
]


def backfill(apps, schema_editor):
    Tally = apps.get_model("companies", "ModerationTally")
    counts = {}
    for kind, app_label, model_name in KINDS:
        rows = (
            apps.get_model(app_label, model_name)
            .objects.order_by()
            .annotate(month=TruncMonth("created_at", output_field=DateField()))
            .values(
                "company_id",
                "month",
                "status",
                "moderation_category",
                "hidden_by_reports",
                takedown=ExpressionWrapper(
                    Q(takedown_until__isnull=False), output_field=BooleanField()
                ),
            )
            .annotate(n=Count("pk"))
        )
        for row in rows:
            state = state_of(
                status=row["status"], by_reports=row["hidden_by_reports"], takedown=row["takedown"]
            )
            category = row["moderation_category"] if state in ("rejected", "hidden") else ""
            key = (row["company_id"], kind, row["month"], state, category or "")
            counts[key] = counts.get(key, 0) + row["n"]
    Tally.objects.bulk_create(
        [
            Tally(company_id=c, kind=k, month=m, state=s, category=cat, count=n)
            for (c, k, m, s, cat), n in counts.items()
        ],
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0006_transparency"),
        ("reviews", "0009_signals"),
        ("interviews", "0005_signals"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
