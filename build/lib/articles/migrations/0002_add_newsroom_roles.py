"""Create the newsroom's role groups with their permissions.

Permission rows do not exist yet inside a migration on a fresh database (post_migrate creates them
later), so they are created here explicitly first.
"""

from django.db import migrations

from articles.roles import ROLE_PERMISSIONS, grant_roles


def add_roles(apps, schema_editor):
    grant_roles(apps, ROLE_PERMISSIONS)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_content_model"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(add_roles, remove_roles)]
