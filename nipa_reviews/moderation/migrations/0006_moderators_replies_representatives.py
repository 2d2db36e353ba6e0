"""Moderators also moderate employer replies (a submission kind) and appoint company
representatives (기업 담당자)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Moderators"

PERMISSIONS = {
    ("reviews", "employerreply"): ["view", "change"],
    ("companies", "companyrepresentative"): ["view", "add", "change", "delete"],
}


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        if getattr(app_config, "models_module", None) is None:
            app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is None:
        return
    group.permissions.add(
        *[
            Permission.objects.get(content_type__app_label=app, codename=f"{action}_{model}")
            for (app, model), actions in PERMISSIONS.items()
            for action in actions
        ]
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is None:
        return
    group.permissions.remove(
        *Permission.objects.filter(
            content_type__app_label__in={app for app, _ in PERMISSIONS},
            content_type__model__in={model for _, model in PERMISSIONS},
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0005_redaction_and_categories"),
        ("reviews", "0008_employer_replies"),
        ("companies", "0004_employer_replies"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
