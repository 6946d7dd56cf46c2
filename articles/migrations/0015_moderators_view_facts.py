"""Moderators may view facts, sources and companies: an error report is about a fact."""

from django.db import migrations

from articles.roles import (
    MODERATOR,
    MODERATOR_COMMENT_PERMISSIONS,
    MODERATOR_FACT_PERMISSIONS,
    MODERATOR_PERMISSIONS,
    MODERATOR_SUBSCRIPTION_PERMISSIONS,
    grant_roles,
)

BEFORE = [*MODERATOR_PERMISSIONS, *MODERATOR_COMMENT_PERMISSIONS, *MODERATOR_SUBSCRIPTION_PERMISSIONS]


def grant(apps, schema_editor):
    grant_roles(apps, {MODERATOR: [*BEFORE, *MODERATOR_FACT_PERMISSIONS]})


def revoke(apps, schema_editor):
    grant_roles(apps, {MODERATOR: BEFORE})


class Migration(migrations.Migration):
    dependencies = [("articles", "0014_imported_wordpress_posts_and_topics")]

    operations = [migrations.RunPython(grant, revoke)]
