"""Arrears declared at 31/12 (« impayé déclaré au 31/12 »): the household's own debt of a stay on a
31 December, as an operator that keeps its rent accounts outside Clef sends it in the exchange format's
optional file `impayes` (docs/spec/exchange-format.md).

A stay with a rent account in Clef (`rental.Lease`) never uses a declared row: its arrears come from its
ledger (`rental.queries.arrears_at`); the bilan adds the declared rows of the stays without a lease only
(`rental.declared_queries.declared_arrears_at`), so that nothing is counted twice.

What the operator declares is what the bilan needs: the debt (balance minus the housing benefit still
expected from the CAF/MSA) and what the household owes each month (rent and charges, net of the benefit paid
to the manager), from which the arrears' age is computed by the ledger's one rule (the debt in months of
that amount, `rental.rules.ageing_bucket`). Imported rows are journaled by the importer."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.deconstruct import deconstructible

from clef.dwellings.models import within
from clef.utils.bounds import Bound, NotInFuture, date_bound

DECLARED_DEBT = Bound("le montant de l'impayé", Decimal("0.01"), Decimal("1000000"), "€")
NET_MONTHLY_DUE = Bound("la valeur de la mensualité nette", Decimal("0"), Decimal("15000"), "€")
ARREARS_DAY = date_bound("la date d'arrêté")
NOT_31_DECEMBER = "La date d'arrêté des impayés est un 31 décembre (ex. 2025-12-31)."


@deconstructible
class ThirtyFirstDecember:
    """The day arrears are declared at: a 31 December (the bilan's day D)."""

    def __call__(self, value) -> None:
        if value is not None and (value.month, value.day) != (12, 31):
            raise ValidationError(NOT_31_DECEMBER, code="not_31_december")

    def __eq__(self, other) -> bool:
        return isinstance(other, ThirtyFirstDecember)

    def __hash__(self) -> int:
        return hash(type(self))


class DeclaredArrears(models.Model):
    """« Impayé déclaré au 31/12 » of one stay (one row per stay and day)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name="structure"
    )
    stay = models.ForeignKey(
        "stays.Stay", on_delete=models.CASCADE, related_name="declared_arrears", verbose_name="séjour"
    )
    day = models.DateField(
        "arrêté au",
        validators=[ARREARS_DAY, ThirtyFirstDecember(), NotInFuture("la date d'arrêté")],
    )
    amount = models.DecimalField(
        "dette du ménage (€)", max_digits=10, decimal_places=2, validators=[DECLARED_DEBT]
    )
    net_monthly_due = models.DecimalField(
        "mensualité nette (€)", max_digits=10, decimal_places=2, validators=[NET_MONTHLY_DUE]
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="saisi par"
    )
    updated_at = models.DateTimeField("modifié le", auto_now=True)
    version = models.PositiveIntegerField("version", default=1, editable=False)

    class Meta:
        verbose_name = "impayé déclaré au 31/12"
        verbose_name_plural = "impayés déclarés au 31/12"
        ordering = ["day", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["stay", "day"], name="declared_arrears_unique_stay_day"),
            models.CheckConstraint(
                condition=within("amount", DECLARED_DEBT), name="declared_arrears_amount_bounds"
            ),
            models.CheckConstraint(
                condition=within("net_monthly_due", NET_MONTHLY_DUE),
                name="declared_arrears_net_monthly_due_bounds",
            ),
            models.CheckConstraint(condition=within("day", ARREARS_DAY), name="declared_arrears_day_bounds"),
            models.CheckConstraint(
                condition=Q(day__month=12, day__day=31), name="declared_arrears_day_31_december"
            ),
        ]

    def __str__(self) -> str:
        return f"Impayé déclaré au {self.day:%d/%m/%Y}"
