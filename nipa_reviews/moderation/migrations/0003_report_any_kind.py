"""Reports name their submission by kind and id, like the audit log, so that moderation
serves every kind of submission without a foreign key per kind."""

from django.db import migrations, models


def forwards(apps, schema_editor):
    Report = apps.get_model("moderation", "Report")
    for report in Report.objects.all().only("pk", "review_id", "interview_id"):
        if report.review_id is not None:
            report.item_type, report.item_id = "review", report.review_id
        else:
            report.item_type, report.item_id = "interview", report.interview_id
        report.save(update_fields=["item_type", "item_id"])


def backwards(apps, schema_editor):
    Report = apps.get_model("moderation", "Report")
    for report in Report.objects.all():
        if report.item_type == "review":
            report.review_id = report.item_id
        else:
            report.interview_id = report.item_id
        report.save(update_fields=["review", "interview"])


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0002_moderators_group"),
        ("reviews", "0003_latest_index"),
        ("interviews", "0002_list_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="item_type",
            field=models.CharField(default="", max_length=20, verbose_name="대상 종류"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="report",
            name="item_id",
            field=models.PositiveBigIntegerField(null=True, verbose_name="대상 번호"),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveConstraint(model_name="report", name="report_one_item"),
        migrations.RemoveConstraint(model_name="report", name="report_review_once"),
        migrations.RemoveConstraint(model_name="report", name="report_interview_once"),
        migrations.RemoveField(model_name="report", name="review"),
        migrations.RemoveField(model_name="report", name="interview"),
        migrations.AlterField(
            model_name="report",
            name="item_id",
            field=models.PositiveBigIntegerField(verbose_name="대상 번호"),
        ),
        migrations.AddConstraint(
            model_name="report",
            constraint=models.UniqueConstraint(
                fields=("item_type", "item_id", "reporter"), name="report_item_once"
            ),
        ),
        migrations.AddIndex(
            model_name="report",
            index=models.Index(
                fields=["item_type", "item_id", "status"], name="report_item_status"
            ),
        ),
    ]
