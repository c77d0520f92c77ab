"""The "League staff" group may start a new tournament alone: add and change
competitions, seasons, tournaments, rounds, teams and team aliases (on top of 0003's
results permissions). Still no deletion of any of them."""

from django.db import migrations

GROUP = "League staff"
ADD_AND_CHANGE = ["competition", "season", "tournament", "round", "team", "teamalias"]


def codenames():
    return [f"{action}_{model}" for model in ADD_AND_CHANGE for action in ("add", "change")]


def extend_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is None:
        return
    wanted = codenames()
    permissions = list(
        Permission.objects.filter(content_type__app_label="tournaments", codename__in=wanted)
    )
    missing = set(wanted) - {p.codename for p in permissions}
    if missing:
        raise RuntimeError(f"Permissions missing for the League staff group: {sorted(missing)}")
    group.permissions.add(*permissions)


def narrow_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(
            *group.permissions.filter(
                content_type__app_label="tournaments", codename__in=codenames()
            )
        )


class Migration(migrations.Migration):
    dependencies = [("tournaments", "0005_history_competition_season_alias")]

    operations = [migrations.RunPython(extend_group, narrow_group)]
