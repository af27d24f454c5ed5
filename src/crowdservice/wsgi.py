"""WSGI entry point for gunicorn: `gunicorn crowdservice.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crowdservice.settings")
application = get_wsgi_application()
