"""« Révisions de loyer à proposer » and « Dépôts de garantie à restituer » in the « À faire » of the
direction and the rental managers (discovered by clef.agenda; no import of it). A constant number of
queries each (clef.leases.queries without the members' prefetch). Labels name the commune, the amounts and
the dates, never the household."""

from __future__ import annotations

from datetime import date

from clef.journal.services import euros_fr
from clef.leases import queries
from clef.organisations.models import Role

ROLES = frozenset({Role.DIRECTOR, Role.RENTAL_MANAGER})


def _revision_label(proposal) -> str:
    if proposal.lease is not None:
        what = f"Loyer du ménage ({proposal.lease.stay.dwelling.commune.name})"
    else:
        what = f"Loyer dû au propriétaire ({proposal.contract.dwelling.commune.name})"
    change = (
        proposal.problem
        if proposal.problem
        else f"{euros_fr(proposal.old_rent)} → {euros_fr(proposal.new_rent)} ({proposal.quarters})"
    )
    return f"{what} : révision au {proposal.due_on:%d/%m/%Y}, {change}"


def revision_items(organisation_id: int, on: date) -> list[dict]:
    return [
        {
            "subject": proposal.lease or proposal.contract,
            "household_id": proposal.lease.stay.household_id if proposal.lease else None,
            "label": _revision_label(proposal),
            "due_on": proposal.due_on,
            "url_name": "www:lease_life",
            "url_args": (),
        }
        for proposal in queries.revisions_due(organisation_id, on, names=False)
    ]


def deposit_items(organisation_id: int, on: date) -> list[dict]:
    found = queries.deposits_to_return(organisation_id, names=False)
    items = [
        {
            "subject": lease,
            "household_id": lease.stay.household_id,
            "label": f"Dépôt de garantie de {euros_fr(lease.held)} ({lease.stay.dwelling.commune.name}) : "
            f"restitution à décider, sortie le {lease.exit_on:%d/%m/%Y}",
            "due_on": lease.due_by,
            "url_name": "www:deposit_return",
            "url_args": (lease.pk,),
        }
        for lease in found.to_decide
    ]
    items += [
        {
            "subject": deposit,
            "household_id": deposit.lease.stay.household_id,
            "label": f"Dépôt de garantie : {euros_fr(deposit.returned_amount)} à rendre "
            f"({deposit.lease.stay.dwelling.commune.name}) au plus tard le {deposit.due_by:%d/%m/%Y}",
            "due_on": deposit.due_by,
            "url_name": "www:deposit_return",
            "url_args": (deposit.lease_id,),
        }
        for deposit in found.pending
    ]
    return sorted(items, key=lambda item: item["due_on"])


SECTIONS = [
    {
        "code": "rent_revisions",
        "title": "Révisions de loyer à proposer",
        "position": 860,
        "provider": revision_items,
        "roles": ROLES,
        "meeting": False,
    },
    {
        "code": "deposits_to_return",
        "title": "Dépôts de garantie à restituer",
        "position": 870,
        "provider": deposit_items,
        "roles": ROLES,
        "meeting": False,
    },
]
