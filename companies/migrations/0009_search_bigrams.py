import nipa_reviews.search.fields
from django.db import migrations

from companies.models import bigrams_of


def fill(apps, schema_editor):
    """The bigrams of every company's names, from the search column."""
    Company = apps.get_model("companies", "Company")
    companies = list(Company.objects.only("pk", "search_text"))
    for company in companies:
        company.search_bigrams = bigrams_of(company.search_text)
    Company.objects.bulk_update(companies, ["search_bigrams"], batch_size=1000)


def create_index(apps, schema_editor):
    # A two-letter query (테크) has no trigram: the trigram index cannot serve it, this
    # GIN index of the names' bigrams does. SQLite has no such index and scans.
    # Companies are written seldom: each write goes straight into the index
    # (fastupdate off) rather than into a pending list every search would read.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS company_search_bigrams "
            "ON companies_company USING gin (search_bigrams) WITH (fastupdate = off)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS company_search_bigrams")


class Migration(migrations.Migration):

    dependencies = [
        ('companies', '0008_industries'),
    ]

    operations = [
        migrations.AddField(
            model_name='company',
            name='search_bigrams',
            field=nipa_reviews.search.fields.LemmaVectorField(blank=True, default='', editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(create_index, drop_index),
    ]
