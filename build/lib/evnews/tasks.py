"""The one import point for background tasks, shaped like Django 6's `django.tasks`.

On Django 5.2 the backport `django_tasks` provides the same API; on Django 6 this falls through to
the built-in module and nothing else in the project changes.
"""

try:
    from django.tasks import TaskResultStatus, default_task_backend, task
except ImportError:  # Django < 6.0
    from django_tasks import TaskResultStatus, default_task_backend, task

__all__ = ["TaskResultStatus", "default_task_backend", "task"]
