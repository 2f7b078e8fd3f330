import sys

from django.db import OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def permission_denied(request, exception=None):
    return render(request, "errors/403.html", status=403)


def server_error(request):
    """Django calls this while handling the exception. The page is rendered without the request (no
    context processor: the database may be what failed). A database busy beyond its wait (SQLite's write
    lock held by a long import) is not a fault but a moment to retry, said as such (503)."""
    if is_database_busy(sys.exc_info()[1]):
        response = HttpResponse(render_to_string("errors/503.html"), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponse(render_to_string("errors/500.html"), status=500)


def is_database_busy(exc: BaseException | None) -> bool:
    return isinstance(exc, OperationalError) and "locked" in str(exc).lower()
