import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Serving (gunicorn, runserver) without DEBUG and with a public SECRET_KEY is refused here, with a French
# message; management commands do not load this module.
from clef.accounts.checks import ensure_safe_to_serve  # noqa: E402

ensure_safe_to_serve()
