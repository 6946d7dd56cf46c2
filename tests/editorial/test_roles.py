from django.contrib.auth.models import Group

from articles.roles import EDITOR, LATEST_ROLE_PERMISSIONS, WRITER
from tests.factories import make_user


def test_the_migration_creates_every_role_with_its_permissions(db):
    for name, perms in LATEST_ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=name)
        granted = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        assert granted == set(perms)


def test_roles_come_back_after_a_flush_as_browser_tests_do(db):
    Group.objects.all().delete()
    writer = make_user("w", role=WRITER)
    assert writer.has_perm("articles.add_article")
    assert not writer.has_perm("articles.delete_article")


def test_roles_come_back_with_their_workflow_permissions(db):
    Group.objects.all().delete()
    editor = make_user("e", role=EDITOR)
    assert editor.has_perm("articles.review_article")
    assert not editor.has_perm("articles.publish_article")
