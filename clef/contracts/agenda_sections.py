"""« Conventions et contrats arrivant à échéance » in the IML meeting and the « À faire » of the director,
the rental managers and the captation officers (discovered by clef.agenda; no import of it). One query
for the practice settings, one for the contracts, one for the conventions. Labels name the dwelling's
commune and the date, never the owner."""

from __future__ import annotations

from datetime import date

from clef.contracts import queries
from clef.organisations.models import Role

ROLES = frozenset({Role.DIRECTOR, Role.RENTAL_MANAGER, Role.CAPTATION_OFFICER})


def _fr(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "—"


def _passed(day: date, on: date) -> str:
    return " (dépassée)" if day < on else ""


def ending_items(organisation_id: int, on: date) -> list[dict]:
    found = queries.ending(organisation_id, on)
    items = []
    for contract in found.contracts:
        what = "renouvellement" if contract.renewal_on == contract.due_on else "fin"
        items.append(
            {
                "subject": contract,
                "household_id": None,
                "label": f"{contract.get_kind_display()} ({contract.dwelling.commune.name}) : {what} le "
                f"{_fr(contract.due_on)}{_passed(contract.due_on, on)}",
                "due_on": contract.due_on,
                "url_name": "www:contract_detail",
                "url_args": (contract.pk,),
            }
        )
    for convention in found.conventions:
        items.append(
            {
                "subject": convention,
                "household_id": None,
                "label": f"Convention Anah {convention.get_level_display()} ({convention.dwelling.commune.name}) : "
                f"fin le {_fr(convention.ends_on)}{_passed(convention.ends_on, on)}",
                "due_on": convention.ends_on,
                "url_name": "www:convention_detail",
                "url_args": (convention.pk,),
            }
        )
    return sorted(items, key=lambda item: item["due_on"])


SECTIONS = [
    {
        "code": "contracts_ending",
        "title": "Conventions et contrats arrivant à échéance",
        "position": 320,
        "provider": ending_items,
        "roles": ROLES,
        "meeting": True,
    }
]
