"""The newsroom's roles: Django groups whose permissions a data migration creates.

The names live here once; migrations, the demo loader and tests import them.
"""

from django.contrib.auth.management import create_permissions

WRITER = "Writer"
EDITOR = "Editor"
PUBLISHER = "Publisher"
MODERATOR = "Moderator"

_CONTENT = ["article", "section", "keypoint", "procon"]
_REFERENCE = ["fact", "source", "company", "category"]


def _perms(actions, models):
    return [f"articles.{action}_{model}" for action in actions for model in models]


WRITER_PERMISSIONS = [
    *_perms(["add", "change", "view"], _CONTENT),
    *_perms(["delete"], ["section", "keypoint", "procon"]),
    *_perms(["add", "change", "view"], ["fact", "source"]),
    *_perms(["view"], ["company", "category"]),
]
EDITOR_PERMISSIONS = [
    *_perms(["add", "change", "delete", "view"], _CONTENT),
    *_perms(["add", "change", "delete", "view"], _REFERENCE),
]
PUBLISHER_PERMISSIONS = [*EDITOR_PERMISSIONS]
MODERATOR_PERMISSIONS = _perms(["view"], ["article"])

ROLE_PERMISSIONS = {
    WRITER: WRITER_PERMISSIONS,
    EDITOR: EDITOR_PERMISSIONS,
    PUBLISHER: PUBLISHER_PERMISSIONS,
    MODERATOR: MODERATOR_PERMISSIONS,
}

# Granted by migration 0006_comments_moderator_permissions: the comment models do not exist yet
# when 0002 runs, so they cannot be part of ROLE_PERMISSIONS there.
MODERATOR_COMMENT_PERMISSIONS = [
    "articles.moderate_comment",
    *_perms(["view", "change"], ["comment"]),
    *_perms(["view"], ["commentvote"]),
    *_perms(["add", "change", "delete", "view"], ["ban", "knowncommenter"]),
]
# Granted by migration 0008_subscriptions_moderator_permissions: moderators answer readers who
# ask to stop notifications, so they may see and delete subscriptions (never add or edit them).
MODERATOR_SUBSCRIPTION_PERMISSIONS = _perms(["view", "delete"], ["subscription", "delivery"])
# Granted by migration 0009_workflow_roles_schedule_history: the workflow's own permissions
# (Meta.permissions on Article and Fact). Writers need none: they edit and submit their own
# articles through the model permissions.
_REVIEW = ["articles.change_any_article", "articles.review_article", "articles.verify_fact"]
EDITOR_WORKFLOW_PERMISSIONS = [*EDITOR_PERMISSIONS, *_REVIEW]
PUBLISHER_WORKFLOW_PERMISSIONS = [*PUBLISHER_PERMISSIONS, *_REVIEW, "articles.publish_article"]

# Granted by migration 0015_moderators_view_facts: an error report is about a fact, so moderators
# may look at facts and their sources (never change them).
MODERATOR_FACT_PERMISSIONS = _perms(["view"], ["fact", "source", "company"])

LATEST_ROLE_PERMISSIONS = {
    **ROLE_PERMISSIONS,
    EDITOR: EDITOR_WORKFLOW_PERMISSIONS,
    PUBLISHER: PUBLISHER_WORKFLOW_PERMISSIONS,
    MODERATOR: [
        *MODERATOR_PERMISSIONS,
        *MODERATOR_COMMENT_PERMISSIONS,
        *MODERATOR_SUBSCRIPTION_PERMISSIONS,
        *MODERATOR_FACT_PERMISSIONS,
    ],
}


def grant_roles(apps, roles=None):
    """Create each role's group and give it exactly its permissions; safe to run again.

    `apps` is a migration's historical registry or `django.apps.apps`. Permission rows do not
    exist yet inside a migration on a fresh database (post_migrate creates them later), so they
    are created here first. `roles` defaults to LATEST_ROLE_PERMISSIONS; migrations pass the
    mapping that existed when they were written."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, perms in (LATEST_ROLE_PERMISSIONS if roles is None else roles).items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(
            Permission.objects.get(content_type__app_label=label, codename=codename)
            for label, codename in (perm.split(".") for perm in perms)
        )
