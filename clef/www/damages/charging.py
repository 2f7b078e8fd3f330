"""« Imputer au compte du ménage »: the one place where a damage claim reaches the household's rent account.
clef.damages and clef.rental are siblings (neither imports the other): the web layer, above both, records
the charged part on the claim (damages.services.mark_charged) and posts the `degradations` entry
(rental.services.post_charge, idempotent by source_key « sinistre:<pk> ») in ONE transaction."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError

from clef.damages import services as damages
from clef.damages.models import DamageClaim
from clef.rental import services as rental
from clef.rental.enums import EntryKind, EntrySource
from clef.rental.models import Lease
from clef.utils.writes import register_write

NO_LEASE = (
    "Ce séjour n'a pas de titre d'occupation dans la gestion locative : créez-le avant d'imputer le sinistre "
    "au compte du ménage."
)


@register_write
def charge_claim(
    *, claim: DamageClaim, amount: Decimal, on: date, acting_user, expected_version: int | None
) -> DamageClaim:
    lease = Lease.objects.filter(stay_id=claim.stay_id).first()
    if lease is None:
        raise ValidationError(NO_LEASE, code="no_lease")
    charged = damages.mark_charged(
        claim=claim, amount=amount, on=on, acting_user=acting_user, expected_version=expected_version
    )
    rental.post_charge(
        lease,
        EntryKind.DEGRADATIONS,
        amount,
        on,
        label=f"Dégradations (sinistre du {claim.assessed_on:%d/%m/%Y})",
        source=EntrySource.DEGRADATIONS,
        source_key=f"sinistre:{claim.pk}",
        acting_user=acting_user,
    )
    return charged
