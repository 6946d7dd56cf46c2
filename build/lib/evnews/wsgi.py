import os

from django.core.wsgi import get_wsgi_application

from evnews import environment

environment.load()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "evnews.settings.prod")
application = get_wsgi_application()
