from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = "Newsroom"

    def ready(self):
        # checks registers deploy checks; workflow listens for published new versions.
        from articles import checks, moderation, notifications, workflow  # noqa: F401

        # Approving a comment (by a moderator or the posting rules) is what notifies subscribers.
        moderation.comment_approved.connect(
            notifications.on_comment_approved, dispatch_uid="notify-subscribers"
        )
        # Connects the receivers that queue hero image renditions when an image changes.
        from articles import renditions  # noqa: F401
