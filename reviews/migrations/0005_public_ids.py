"""Random public ids for reviews: pages, URLs and the API address them by these, never
by the primary key, which counts up and so links one author's submissions."""

import uuid

from django.db import migrations, models


def fill(apps, schema_editor):
    for name in ['Review']:
        model = apps.get_model("reviews", name)
        table = model._meta.db_table
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"UPDATE {table} SET public_id = gen_random_uuid()")
            continue
        rows = list(model.objects.only("pk"))
        for row in rows:
            row.public_id = uuid.uuid4()
        model.objects.bulk_update(rows, ["public_id"], batch_size=2000)


def field(**options):
    return models.UUIDField(editable=False, verbose_name="공개 번호", **options)


class Migration(migrations.Migration):
    dependencies = [("reviews", "0004_site_totals")]

    operations = [
        migrations.AddField(model_name="review", name="public_id", field=field(null=True)),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="review",
            name="public_id",
            field=field(default=uuid.uuid4, unique=True),
        ),
    ]
