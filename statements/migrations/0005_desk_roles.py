"""Installs the Fact-checkers and Editors groups (statements/roles.py says who may do what)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def install_roles(apps, schema_editor):
    # On a fresh database permissions are only created after all migrations have run; create
    # this app's now so that the groups can be given them.
    app_config = apps.get_app_config("statements")
    # The migration state's app config has no models module; create_permissions only checks
    # that one exists.
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    from statements.roles import roles_sync

    roles_sync(apps=apps)


def remove_roles(apps, schema_editor):
    from statements.roles import ROLE_PERMISSIONS

    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("statements", "0004_desk_history"),
    ]

    operations = [migrations.RunPython(install_roles, remove_roles)]
