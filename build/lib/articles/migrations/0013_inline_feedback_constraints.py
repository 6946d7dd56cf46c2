"""The database refuses feedback on two parts at once, and an error flag off a key point.

Separate from 0012: on PostgreSQL, rows updated by its data step leave deferred foreign-key checks
pending, and a table with pending trigger events cannot be altered in the same transaction.
"""
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0012_inline_feedback_existing_rows'),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='comment',
            constraint=models.CheckConstraint(condition=models.Q(('key_point__isnull', True), ('section__isnull', True), _connector='OR'), name='comment_one_anchor'),
        ),
        migrations.AddConstraint(
            model_name='comment',
            constraint=models.CheckConstraint(condition=models.Q(('is_error_report', False), ('anchor_kind', 'key_point'), _connector='OR'), name='comment_error_report_on_key_point'),
        ),
    ]
