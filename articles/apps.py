from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = "Newsroom"

    def ready(self):
        # The workflow listens for published new versions (articles.versions.version_applied).
        from articles import workflow  # noqa: F401
