from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = "Newsroom"

    def ready(self):
        from articles import checks, moderation, notifications  # noqa: F401 - checks registers

        # Approving a comment (by a moderator or the posting rules) is what notifies subscribers.
        moderation.comment_approved.connect(
            notifications.on_comment_approved, dispatch_uid="notify-subscribers"
        )
