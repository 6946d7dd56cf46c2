"""Old import paths of the editorial tasks, kept for one release.

Queued task rows store the task's import path. Rows queued before the re-layout name
`articles.tasks.<name>`; this module lets a worker still run them. Remove it once no row names
it (`manage.py db_worker` has drained the queue; see the README's "Upgrading" note).
"""

from articles.editorial.emails import notify_transition, send_workflow_email
from articles.editorial.workflow import publish_due_articles

__all__ = ["notify_transition", "publish_due_articles", "send_workflow_email"]
