"""WSGI entry point, used by gunicorn."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nipa_reviews.settings")

application = get_wsgi_application()

# Search analyses each query with Kiwi (nipa_reviews.search), whose model takes about
# 500 MB once warm. Loaded here, it is loaded once in gunicorn's master when gunicorn runs
# with --preload (docs/deploy), and every worker forked after shares it, adding a few MB.
from nipa_reviews.search.analysis import preload  # noqa: E402

preload()
