"""The desk's public pages, without login: the owner's proposal form, the thank-you page and the private
follow page. They show one desk, or one request found by the hash of its token, and nothing else.

Anti-spam: a honeypot field (a robot that fills it sees the thank-you page, nothing is recorded) and a
rate limit per client address on ACCEPTED proposals only (django-ratelimit's counter; the address as the
trusted-proxy logic of `clef.accounts.throttling` computes it; the rate from `settings.CLEF_GUICHET`):
over it, the form comes back as typed with a French message and status 429. No personal data is logged."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django_ratelimit.core import get_usage

from clef.accounts.throttling import client_ip
from clef.guichet import services
from clef.guichet.enums import Outcome, Status
from clef.www.editing import attach_errors, form_status
from clef.www.guichet.access import get_followed_request_or_404, get_open_desk_or_404
from clef.www.guichet.forms import MODE_HELP, OwnerRequestForm

RATE_GROUP = "guichet_submit"


def _client_key(group: str, request: HttpRequest) -> str:
    return client_ip(request) or "inconnue"


def _rate(group: str, request: HttpRequest) -> str:
    return f"{settings.CLEF_GUICHET['submissions_per_hour_per_address']}/h"


def _accepted(request: HttpRequest, *, count: bool = False) -> int | None:
    """How many proposals this client address had ACCEPTED this hour (`count`: one more, after a new
    accepted proposal). Refused posts (bad input, honeypot, over the limit) are never counted: a person
    who corrects a typo five times is not locked out. None when the counter cannot be read."""
    usage = get_usage(request, group=RATE_GROUP, key=_client_key, rate=_rate, method="POST", increment=count)
    return None if usage is None else usage["count"]


def _limited(request: HttpRequest) -> bool:
    accepted = _accepted(request)
    return accepted is not None and accepted >= settings.CLEF_GUICHET["submissions_per_hour_per_address"]


def _submit(request: HttpRequest, desk, form: OwnerRequestForm) -> HttpResponse | None:
    """Record a valid proposal (None and the errors on the form when the service refuses it)."""
    data = services.Submission(**{k: v for k, v in form.cleaned_data.items() if k != "website"})
    try:
        services.submit(
            desk=desk,
            data=data,
            today=timezone.localdate(),
            follow_url=lambda token: request.build_absolute_uri(reverse("www:guichet_follow", args=[token])),
        )
    except ValidationError as exc:
        attach_errors(form, exc)
        return None
    _accepted(request, count=True)
    return redirect("www:guichet_thanks", desk.slug)


@login_not_required
def owner_form(request: HttpRequest, slug: str) -> HttpResponse:
    desk = get_open_desk_or_404(slug)
    if not desk.is_open:
        return render(request, "guichet/public_closed.html", {"desk": desk})
    form = OwnerRequestForm(request.POST or None, desk=desk)
    limited = False
    if request.method == "POST":
        if form.is_robot:
            return redirect("www:guichet_thanks", desk.slug)
        if form.is_valid():
            if _limited(request):
                limited = True  # the form comes back as typed: nothing is lost
            elif (response := _submit(request, desk, form)) is not None:
                return response
    status = 429 if limited else form_status(form)
    context = {"desk": desk, "form": form, "mode_help": MODE_HELP, "limited": limited}
    return render(request, "guichet/public_form.html", context, status=status)


@login_not_required
def owner_thanks(request: HttpRequest, slug: str) -> HttpResponse:
    desk = get_open_desk_or_404(slug)
    return render(request, "guichet/public_thanks.html", {"desk": desk})


# What the owner reads of each status, in plain words.
OWNER_WORDS = {
    Status.RECUE: "Votre proposition est bien reçue. La plateforme la confie à une structure de votre territoire.",
    Status.REVENUE: "Votre proposition est à nouveau entre les mains de la plateforme, qui la confie à une "
    "structure de votre territoire.",
    Status.CONFIEE: "Votre proposition est confiée à une structure de l'intermédiation locative de votre "
    "territoire, qui va vous recontacter.",
    Status.PRISE_EN_CHARGE: "Votre proposition est prise en charge : la structure ci-dessous vous recontacte.",
}
CLOSED_WORDS = {
    Outcome.CAPTEE: "Votre logement est entré dans le dispositif. Merci pour votre engagement !",
    Outcome.SANS_SUITE: "Votre demande est close sans suite. Vous pouvez en déposer une nouvelle à tout moment.",
    Outcome.DOUBLON: "Cette demande est close : elle faisait double emploi avec une autre de vos demandes.",
    Outcome.HORS_TERRITOIRE: "Cette demande est close : le logement est hors du territoire de la plateforme.",
}


@login_not_required
def owner_follow(request: HttpRequest, token: str) -> HttpResponse:
    owner_request = get_followed_request_or_404(token)
    services.sync_captured(requests=type(owner_request).objects.filter(pk=owner_request.pk))
    owner_request.refresh_from_db(fields=["status", "outcome", "closed_on", "assigned_operator"])
    if owner_request.status == Status.CLOSE:
        words = CLOSED_WORDS[owner_request.outcome]
    else:
        words = OWNER_WORDS[owner_request.status]
    operator = owner_request.assigned_operator if owner_request.acknowledged_on else None
    context = {
        "desk": owner_request.desk,
        "owner_request": owner_request,
        "words": words,
        "operator": operator,
    }
    response = render(request, "guichet/public_follow.html", context)
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response
