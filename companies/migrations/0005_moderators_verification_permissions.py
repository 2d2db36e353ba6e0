"""The Moderators group keeps each company's work-email domains and may look at 재직 인증
records (read-only in the admin; never the email, which is stored nowhere)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Moderators"

PERMISSIONS = {
    "emaildomain": ["view", "add", "change", "delete"],
    "employmentverification": ["view"],
}


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; the group needs them now.
    app_config = apps.get_app_config("companies")
    if getattr(app_config, "models_module", None) is None:  # historical configs have none
        app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is None:
        return
    group.permissions.add(
        *[
            Permission.objects.get(content_type__app_label="companies", codename=f"{a}_{model}")
            for model, actions in PERMISSIONS.items()
            for a in actions
        ]
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="companies", content_type__model__in=list(PERMISSIONS)
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0004_employer_replies"),
        # The group itself.
        ("moderation", "0002_moderators_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
