import os

from django.core.asgi import get_asgi_application

from evnews import environment

environment.load()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "evnews.settings.prod")
application = get_asgi_application()
