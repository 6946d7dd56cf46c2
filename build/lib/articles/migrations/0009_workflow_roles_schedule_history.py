"""The editorial workflow: who may review, verify and publish, when an article is due, and the
record of every step.

The permission rows for the new Meta.permissions do not exist yet inside this migration on a fresh
database (post_migrate creates them later), so grant_roles creates them first, as in 0002.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from articles.roles import (
    EDITOR,
    EDITOR_PERMISSIONS,
    EDITOR_WORKFLOW_PERMISSIONS,
    PUBLISHER,
    PUBLISHER_PERMISSIONS,
    PUBLISHER_WORKFLOW_PERMISSIONS,
    grant_roles,
)


def grant_workflow_permissions(apps, schema_editor):
    grant_roles(
        apps, {EDITOR: EDITOR_WORKFLOW_PERMISSIONS, PUBLISHER: PUBLISHER_WORKFLOW_PERMISSIONS}
    )


def revoke_workflow_permissions(apps, schema_editor):
    grant_roles(apps, {EDITOR: EDITOR_PERMISSIONS, PUBLISHER: PUBLISHER_PERMISSIONS})


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0008_subscriptions_moderator_permissions'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='article',
            options={'ordering': ['-published_at', '-created_at'], 'permissions': [('change_any_article', 'Can edit any article, not only their own drafts'), ('review_article', 'Can request changes to and approve articles'), ('publish_article', 'Can publish, schedule and unpublish articles')]},
        ),
        migrations.AlterModelOptions(
            name='fact',
            options={'ordering': ['-updated_at'], 'permissions': [('verify_fact', 'Can verify or dispute facts')]},
        ),
        migrations.AddField(
            model_name='article',
            name='scheduled_at',
            field=models.DateTimeField(blank=True, db_index=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='article',
            name='unpublish_at',
            field=models.DateTimeField(blank=True, db_index=True, editable=False, null=True),
        ),
        migrations.CreateModel(
            name='ArticleTransition',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('action', models.CharField(help_text='The articles.workflow function taken.', max_length=30)),
                ('from_status', models.CharField(choices=[('draft', 'Draft'), ('in_review', 'In review'), ('changes_requested', 'Changes requested'), ('approved', 'Approved'), ('scheduled', 'Scheduled'), ('published', 'Published'), ('unpublished', 'Unpublished')], max_length=20)),
                ('to_status', models.CharField(choices=[('draft', 'Draft'), ('in_review', 'In review'), ('changes_requested', 'Changes requested'), ('approved', 'Approved'), ('scheduled', 'Scheduled'), ('published', 'Published'), ('unpublished', 'Unpublished')], max_length=20)),
                ('at', models.DateTimeField(default=django.utils.timezone.now)),
                ('note', models.TextField(blank=True)),
                ('on_version', models.BooleanField(default=False, help_text='Taken on a new version of this article, since published.')),
                ('article', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='transitions', to='articles.article')),
                ('by', models.ForeignKey(blank=True, help_text='Empty when the scheduler acted.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-at', '-id'],
                'indexes': [models.Index(fields=['article', '-at'], name='transition_article_idx')],
            },
        ),
        migrations.RunPython(grant_workflow_permissions, revoke_workflow_permissions),
    ]
