"""The "League staff" group: exactly the permissions for entering and correcting results.

View everything in the tournaments app; add and change legs, goals, bookings, ties, general
table entries, people and squad members; delete only goals and bookings (a wrongly entered
scorer or card). No deletion of competitions, seasons, tournaments, rounds or teams, and no
access to users or groups. Superusers are separate accounts.
"""

from django.db import migrations

GROUP = "League staff"

VIEW = [
    "competition",
    "season",
    "team",
    "teamalias",
    "person",
    "tournament",
    "tournamententry",
    "squadmember",
    "round",
    "tie",
    "leg",
    "goal",
    "booking",
]
ADD_AND_CHANGE = ["leg", "goal", "booking", "tie", "tournamententry", "person", "squadmember"]
DELETE = ["goal", "booking"]


def codenames():
    return (
        [f"view_{model}" for model in VIEW]
        + [f"{action}_{model}" for model in ADD_AND_CHANGE for action in ("add", "change")]
        + [f"delete_{model}" for model in DELETE]
    )


def create_group(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now so a fresh
    # database gets a complete group.
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    wanted = codenames()
    permissions = list(
        Permission.objects.filter(content_type__app_label="tournaments", codename__in=wanted)
    )
    missing = set(wanted) - {p.codename for p in permissions}
    if missing:
        raise RuntimeError(f"Permissions missing for the League staff group: {sorted(missing)}")
    group, _created = Group.objects.get_or_create(name=GROUP)
    group.permissions.set(permissions)


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("tournaments", "0002_history"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
