"""Let the Moderator group see and delete comment subscriptions, now that the models exist.

As in 0002 and 0003, permission rows do not exist yet inside a migration on a fresh database;
grant_roles creates them first.
"""

from django.db import migrations

from articles.roles import (
    MODERATOR,
    MODERATOR_COMMENT_PERMISSIONS,
    MODERATOR_PERMISSIONS,
    MODERATOR_SUBSCRIPTION_PERMISSIONS,
    grant_roles,
)

BEFORE = [*MODERATOR_PERMISSIONS, *MODERATOR_COMMENT_PERMISSIONS]


def grant(apps, schema_editor):
    grant_roles(apps, {MODERATOR: [*BEFORE, *MODERATOR_SUBSCRIPTION_PERMISSIONS]})


def revoke(apps, schema_editor):
    grant_roles(apps, {MODERATOR: BEFORE})


class Migration(migrations.Migration):
    dependencies = [("articles", "0007_subscriptions")]

    operations = [migrations.RunPython(grant, revoke)]
