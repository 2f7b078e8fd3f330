"""The owners' desk in the agenda (discovered by `clef.agenda`, see `clef.agenda.sections`): the requests
a desk confided to the operator that it has not taken in charge yet, soonest deadline first (« À faire » of
the direction and captation officers; not part of the monthly meeting: a request waits days, not a month).
Labels name the request by its number and the dwelling by typology and commune, never the owner."""

from __future__ import annotations

from datetime import date

from clef.guichet.enums import Status
from clef.guichet.models import OwnerRequest
from clef.organisations.models import Role

EDITORS = frozenset({Role.DIRECTOR, Role.CAPTATION_OFFICER})


def to_acknowledge(organisation_id: int, on: date) -> list[dict]:
    """Requests confided to the operator, to take in charge by their deadline (one query)."""
    requests = (
        OwnerRequest.objects.filter(status=Status.CONFIEE, assigned_operator_id=organisation_id)
        .select_related("commune")
        .order_by("acknowledge_by", "pk")
    )
    return [
        {
            "subject": request,
            "household_id": None,
            "label": f"Demande n° {request.pk} ({request.typology}, {request.commune.name}) : à prendre en "
            f"charge au plus tard le {request.acknowledge_by:%d/%m/%Y}"
            + (" (délai dépassé)" if request.acknowledge_by < on else ""),
            "due_on": request.acknowledge_by,
            "url_name": "www:guichet_received",
            "url_args": (),
        }
        for request in requests
    ]


SECTIONS = [
    {
        "code": "guichet_to_acknowledge",
        "title": "Demandes du guichet à prendre en charge",
        "position": 690,
        "provider": to_acknowledge,
        "roles": EDITORS,
        "meeting": False,
    },
]
