"""Inline feedback keeps what it was about (kind, wording, uid, fact) for when its part is removed."""
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0010_hero_renditions'),
    ]

    operations = [
        migrations.AddField(
            model_name='comment',
            name='anchor_kind',
            field=models.CharField(blank=True, choices=[('key_point', 'Key point'), ('section', 'Section')], editable=False, max_length=10),
        ),
        migrations.AddField(
            model_name='comment',
            name='anchor_label',
            field=models.CharField(blank=True, editable=False, max_length=200),
        ),
        migrations.AddField(
            model_name='comment',
            name='anchor_uid',
            field=models.UUIDField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='comment',
            name='fact',
            field=models.ForeignKey(blank=True, editable=False, help_text='For feedback on a key point: the fact it showed when the reader wrote.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='reader_comments', to='articles.fact'),
        ),
    ]
