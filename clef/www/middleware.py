"""HTTP headers that django's SecurityMiddleware and django-csp do not set.

- Permissions-Policy on every response: the browser features Clef never uses are switched off.
- Pages for a signed-in user may show personal data: no browser or proxy keeps a copy of them
  (Cache-Control: no-store…). Static files never reach this middleware (WhiteNoise answers first).
"""

from django.conf import settings
from django.utils.cache import add_never_cache_headers


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response
