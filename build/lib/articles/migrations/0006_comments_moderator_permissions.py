"""Give the Moderator group the comment permissions, now that the comment models exist.

As in 0002, permission rows do not exist yet inside a migration on a fresh database; grant_roles
creates them first.
"""

from django.db import migrations

from articles.roles import (
    MODERATOR,
    MODERATOR_COMMENT_PERMISSIONS,
    MODERATOR_PERMISSIONS,
    grant_roles,
)


def grant(apps, schema_editor):
    grant_roles(apps, {MODERATOR: [*MODERATOR_PERMISSIONS, *MODERATOR_COMMENT_PERMISSIONS]})


def revoke(apps, schema_editor):
    grant_roles(apps, {MODERATOR: MODERATOR_PERMISSIONS})


class Migration(migrations.Migration):
    dependencies = [("articles", "0005_comments")]

    operations = [migrations.RunPython(grant, revoke)]
