"""The Moderators group: exactly the permissions to view and change reviews, interview
experiences, reports, highlights and company content; nothing on users or groups."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Moderators"

PERMISSIONS = {
    ("reviews", "review"): ["view", "change"],
    ("reviews", "highlight"): ["view", "add", "change", "delete"],
    ("interviews", "interviewexperience"): ["view", "change"],
    ("interviews", "interviewquestion"): ["view"],
    ("moderation", "report"): ["view", "change"],
    ("moderation", "auditentry"): ["view"],
    **{
        ("companies", model): ["view", "add", "change", "delete"]
        for model in (
            "company",
            "stakeholder",
            "businessarea",
            "corevalue",
            "newsitem",
            "hiringstep",
            "hiringcount",
            "employmenttype",
            "jobcategory",
        )
    },
}


def create_group(apps, schema_editor):
    # Permissions are normally created after all migrations; the group needs them now.
    for app_config in apps.get_app_configs():
        if getattr(app_config, "models_module", None) is None:  # historical configs have none
            app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    permissions = [
        Permission.objects.get(content_type__app_label=app, codename=f"{action}_{model}")
        for (app, model), actions in PERMISSIONS.items()
        for action in actions
    ]
    group.permissions.set(permissions)


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0001_reports_and_audit"),
        ("reviews", "0001_reviews_and_scores"),
        ("interviews", "0001_experiences"),
        ("companies", "0002_search_trigram_and_taxonomies"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
