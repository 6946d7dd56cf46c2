from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = "Newsroom"

    def ready(self):
        # Imported for what they register: deploy checks, and the receivers that keep derived
        # data in step (a published new version's history, hero image renditions, readers'
        # error reports reaching the desk, a reader's anonymous votes that follow them when they
        # log in).
        from articles import checks  # noqa: F401
        from articles.comments import posting  # noqa: F401
        from articles.editorial import workflow  # noqa: F401
        from articles.facts import reports  # noqa: F401
        from articles.images import renditions  # noqa: F401
        from articles.ratings import services  # noqa: F401
