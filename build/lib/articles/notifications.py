"""Old import paths of the subscription tasks, kept for one release (see articles/tasks.py)."""

from articles.subscriptions.notifications import plan_notifications, send_confirmation, send_digest

__all__ = ["plan_notifications", "send_confirmation", "send_digest"]
