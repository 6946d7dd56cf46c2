"""Fact versions for facts that exist already, and the roles' rights on versions and corrections.

Every existing fact gets version 1 holding its current content (verified if the fact is), so the
history and the edit-conflict check start from what readers see today.
"""

from django.db import migrations

from articles.roles import (
    EDITOR,
    EDITOR_WORKFLOW_PERMISSIONS,
    LATEST_ROLE_PERMISSIONS,
    PUBLISHER,
    PUBLISHER_WORKFLOW_PERMISSIONS,
    ROLE_PERMISSIONS,
    WRITER,
    grant_roles,
)


def first_versions(apps, schema_editor):
    Fact = apps.get_model("articles", "Fact")
    FactVersion = apps.get_model("articles", "FactVersion")
    for fact in Fact.objects.select_related("subject").prefetch_related("sources"):
        subject = fact.subject
        FactVersion.objects.create(
            fact=fact,
            number=1,
            status="verified" if fact.status == "verified" else "recorded",
            data={
                "statement": fact.statement,
                "subject": {"id": subject.pk, "name": subject.name} if subject else None,
                "kind": fact.kind,
                "value": str(fact.value) if fact.value is not None else None,
                "unit": fact.unit,
                "as_of": fact.as_of.isoformat() if fact.as_of else None,
                "sources": [
                    {"id": s.pk, "label": f"{s.publisher}: {s.title}" if s.title else s.publisher}
                    for s in sorted(fact.sources.all(), key=lambda s: s.pk)
                ],
            },
            checked_by_id=fact.verified_by_id,
            checked_at=fact.verified_at,
            note="As it stood when versions began",
        )
        Fact.objects.filter(pk=fact.pk).update(lock_version=1)


def grant(apps, schema_editor):
    grant_roles(apps, {role: LATEST_ROLE_PERMISSIONS[role] for role in (WRITER, EDITOR, PUBLISHER)})


def revoke(apps, schema_editor):
    grant_roles(
        apps,
        {
            WRITER: ROLE_PERMISSIONS[WRITER],
            EDITOR: EDITOR_WORKFLOW_PERMISSIONS,
            PUBLISHER: PUBLISHER_WORKFLOW_PERMISSIONS,
        },
    )


class Migration(migrations.Migration):
    dependencies = [("articles", "0020_fact_versions_and_corrections")]

    operations = [
        migrations.RunPython(first_versions, migrations.RunPython.noop),
        migrations.RunPython(grant, revoke),
    ]
