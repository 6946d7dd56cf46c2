"""The newsroom's admin, one module per concern. Importing a module registers its ModelAdmins."""

from django.contrib import admin

from . import articles, comments, facts, subscriptions  # noqa: F401 - imported for their @admin.register side effects

admin.site.site_header = "evnews newsroom"
admin.site.site_title = "evnews newsroom"
admin.site.index_title = "Newsroom"
