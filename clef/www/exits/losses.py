"""The losses at exit on the two exit forms (exit of a stay, guided exit): from the rent account and the
damage claims when the stay has a rent account (`clef.exits.losses.losses_at_exit`), shown read-only with
links to the account and to a repayment plan (`plan_create?sortie=1`) when a debt is left; typed otherwise."""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse

from clef.exits.losses import ExitLosses, losses_at_exit
from clef.journal.models import AccessLogEntry
from clef.journal.services import log_access
from clef.rental.models import Lease
from clef.stays.models import Stay
from clef.utils import bounds


def _url(name: str, pk: int, query: str = "") -> str | None:
    """The page's address, or None while that page does not exist."""
    try:
        return reverse(f"www:{name}", args=[pk]) + query
    except NoReverseMatch:
        return None


def typed_exit_date(data, field_name: str) -> date | None:
    """The exit date typed in a form sent back (its errors shown again), when it is a valid date: the losses
    are then shown at that day; None otherwise (at today)."""
    if not data or not data.get(field_name):
        return None
    try:
        return forms.DateField(validators=[bounds.DATE]).clean(data.get(field_name))
    except ValidationError:
        return None


def exit_losses(request, stay: Stay, field_name: str = "exit_date") -> dict:
    """{"losses": ExitLosses, "account_url", "plan_url"} for the exit form's template, at the exit date typed
    when the form comes back with errors (else today). Reading the account is a read of personal data:
    traced (context COMPTE) when the losses come from it."""
    losses: ExitLosses = losses_at_exit(stay, typed_exit_date(request.POST, field_name))
    context = {"losses": losses, "account_url": None, "plan_url": None}
    if not losses.from_accounts:
        return context
    log_access(
        user=request.user,
        organisation_id=stay.organisation_id,
        context=AccessLogEntry.Context.COMPTE,
        household_ids=[stay.household_id],
        subject=Lease(pk=losses.lease_id),
    )
    context["account_url"] = _url("lease_ledger", losses.lease_id)
    if losses.debt and losses.debt > 0:
        context["plan_url"] = _url("plan_create", losses.lease_id, "?sortie=1")
    return context
