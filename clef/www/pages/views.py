"""Public pages linked from the footer: legal notice, personal data, accessibility statement.

Open to everybody, signed in or not (a State site must publish them); they show no record."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme


def _operator() -> dict[str, str]:
    """Who publishes, hosts and answers for this installation (settings LEGAL_*, .env.example)."""
    return {
        "publisher": settings.LEGAL_PUBLISHER,
        "director": settings.LEGAL_PUBLICATION_DIRECTOR,
        "host": settings.LEGAL_HOST,
        "contact": settings.LEGAL_CONTACT_EMAIL,
    }


@login_not_required
def legal_notice(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/legal_notice.html", {"operator": _operator()})


@login_not_required
def personal_data(request: HttpRequest) -> HttpResponse:
    context = {
        "operator": _operator(),
        "household_retention_years": settings.HOUSEHOLD_RETENTION_YEARS,
        "import_file_retention_days": settings.IMPORT_FILE_RETENTION_DAYS,
        "session_hours": settings.SESSION_COOKIE_AGE // 3600,
    }
    return render(request, "pages/personal_data.html", context)


@login_not_required
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/accessibility.html", {"operator": _operator()})


@login_not_required
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """`CSRF_FAILURE_VIEW`: a form sent without its valid security token (a page left open too long, a
    cookie refused). A French page, status 403, with a way back: the page the form came from when it is
    on this site (its Referer), else the home page. The form's content is not kept: say so plainly."""
    referer = request.META.get("HTTP_REFERER", "")
    back = (
        referer
        if url_has_allowed_host_and_scheme(referer, {request.get_host()}, require_https=request.is_secure())
        else "/"
    )
    return render(request, "pages/csrf_failure.html", {"back": back}, status=403)
