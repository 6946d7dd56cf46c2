"""Inline feedback keeps what it was about (kind, wording, fact) for when its part is removed."""
import django.db.models.deletion
from django.db import migrations, models


def describe_existing_feedback(apps, schema_editor):
    """Rows anchored before this migration get the kind, wording and fact their part has now."""
    Comment = apps.get_model("articles", "Comment")
    for comment in Comment.objects.exclude(key_point=None).select_related("key_point__fact"):
        comment.anchor_kind = "key_point"
        comment.anchor_label = comment.key_point.fact.statement[:200]
        comment.fact_id = comment.key_point.fact_id
        comment.anchor_uid = comment.key_point.uid
        comment.save(update_fields=["anchor_kind", "anchor_label", "fact", "anchor_uid"])
    for comment in Comment.objects.exclude(section=None).select_related("section"):
        comment.anchor_kind = "section"
        comment.anchor_label = comment.section.heading[:200]
        comment.anchor_uid = comment.section.uid
        comment.save(update_fields=["anchor_kind", "anchor_label", "anchor_uid"])
    # An error flag only means something on a key point.
    Comment.objects.exclude(anchor_kind="key_point").update(is_error_report=False)


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0009_workflow_roles_schedule_history'),
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
        migrations.RunPython(describe_existing_feedback, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='comment',
            constraint=models.CheckConstraint(condition=models.Q(('key_point__isnull', True), ('section__isnull', True), _connector='OR'), name='comment_one_anchor'),
        ),
        migrations.AddConstraint(
            model_name='comment',
            constraint=models.CheckConstraint(condition=models.Q(('is_error_report', False), ('anchor_kind', 'key_point'), _connector='OR'), name='comment_error_report_on_key_point'),
        ),
    ]
