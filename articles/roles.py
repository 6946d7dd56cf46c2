"""The newsroom's roles: Django groups whose permissions a data migration creates.

The names live here once; migrations, the demo loader and tests import them.
"""

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
