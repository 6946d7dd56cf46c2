"""Comments anchored before 0011 get the kind, wording, uid and fact of their part.

A migration of its own: on PostgreSQL, 0011's new foreign key is created at the end of its
transaction, and rows updated here leave deferred checks that would block that (and 0013).
"""
from django.db import migrations


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
        ('articles', '0011_inline_feedback'),
    ]

    operations = [
        migrations.RunPython(describe_existing_feedback, migrations.RunPython.noop),
    ]
