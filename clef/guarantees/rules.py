"""The guarantees' rules: the fund's projection (a pure function), the Visale claim checks and the fund
claim's decision and payout checks. Forms, services and the demo call these; never a copy of them.

Projection (« le fonds se tend »): year k (1…n) after the opening balance B₀,
    operators  Nₖ = max(0, N₀ + g·k)                  (g: operators' growth per year)
    loss rate  Lₖ = cents(Lₖ₋₁ × (1 + r/100)), L₀ = L (the observed payouts per operator-year; r: % per year)
    inflows    Iₖ = Nₖ × D + S + C                    (D: dues per operator; S, C: State and local contributions)
    payouts    Pₖ = Nₖ × Lₖ
    closing    Bₖ = Bₖ₋₁ + Iₖ − Pₖ
The fund is exhausted in the first year whose closing balance is negative."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError

from clef.guarantees.enums import FundClaimStatus, VisaleClaimKind
from clef.rental.rules import cents

ZERO = Decimal("0.00")
# Visale (visale.fr FAQ, domain_rules § 4): the caps are settings (CLEF_RENTAL: 36 monthly instalments over the
# whole occupation, 9 in the social stock; damage up to 2 months of rent and charges over all the guarantee's
# claims, on top of the deposit); the first claim cannot be for charges only (visale.fr FAQ « La gestion des
# impayés de loyer », a primary source: a rule, not a setting).


def visale_max_instalments(social_stock: bool) -> int:
    """The instalments Visale covers over the whole occupation (settings: 36, 9 in the social stock)."""
    key = "visale_max_instalments_social" if social_stock else "visale_max_instalments"
    return settings.CLEF_RENTAL[key]


def visale_damage_max_months() -> int:
    """Damage covered up to this many months of rent and charges, all the guarantee's claims together."""
    return settings.CLEF_RENTAL["visale_damage_max_months"]


def _euros(value: Decimal) -> str:
    text = f"{value:,.2f}".replace(",", "\u202f").replace(".", ",")
    return f"{text}\u00a0€"


# --- Projection of the security fund ----------------------------------------------------------------------


@dataclass(frozen=True)
class ProjectionInputs:
    opening_balance: Decimal
    first_year: int
    operators: int
    dues_per_operator: Decimal
    loss_per_operator_year: Decimal
    operators_growth: int = 0
    loss_rate_change_percent: Decimal = ZERO
    state_per_year: Decimal = ZERO
    local_per_year: Decimal = ZERO
    years: int = field(default_factory=lambda: settings.CLEF_RENTAL["fund_projection_years"])


@dataclass(frozen=True)
class ProjectedYear:
    year: int
    operators: int
    opening: Decimal
    dues: Decimal
    state: Decimal
    local: Decimal
    loss_per_operator: Decimal
    payouts: Decimal
    closing: Decimal

    @property
    def contributions(self) -> Decimal:
        return self.dues + self.state + self.local


def project(inputs: ProjectionInputs) -> list[ProjectedYear]:
    """The fund's balance year by year (see the module's docstring)."""
    rows: list[ProjectedYear] = []
    balance = cents(inputs.opening_balance)
    loss = cents(inputs.loss_per_operator_year)
    growth = Decimal(1) + Decimal(inputs.loss_rate_change_percent) / 100
    for k in range(1, inputs.years + 1):
        operators = max(0, inputs.operators + inputs.operators_growth * k)
        loss = cents(loss * growth)
        dues = cents(operators * inputs.dues_per_operator)
        payouts = cents(operators * loss)
        closing = balance + dues + cents(inputs.state_per_year) + cents(inputs.local_per_year) - payouts
        rows.append(
            ProjectedYear(
                year=inputs.first_year + k - 1,
                operators=operators,
                opening=balance,
                dues=dues,
                state=cents(inputs.state_per_year),
                local=cents(inputs.local_per_year),
                loss_per_operator=loss,
                payouts=payouts,
                closing=closing,
            )
        )
        balance = closing
    return rows


def exhausted_in(rows: list[ProjectedYear]) -> int | None:
    """The first projected year that closes with a negative balance (None: the fund holds)."""
    return next((row.year for row in rows if row.closing < 0), None)


# --- Visale ------------------------------------------------------------------------------------------------


def visale_threshold(net_monthly_due: Decimal) -> Decimal:
    """A Visale claim is possible once the unpaid exceeds this (« plus d'un mois » of rent and charges, net
    of the housing benefit paid to the manager): visale_claim_after_months × the net monthly due."""
    return cents(Decimal(settings.CLEF_RENTAL["visale_claim_after_months"]) * net_monthly_due)


def visale_claim_deadline(crossed_on: date) -> date:
    """The last day to declare, counted from the day the unpaid crossed the threshold (⚠ a setting)."""
    return crossed_on + timedelta(days=settings.CLEF_RENTAL["visale_claim_window_days"])


FIRST_CLAIM_CHARGES_ONLY = (
    "Le premier sinistre Visale ne peut pas porter sur les seules charges : la part des charges doit être "
    "inférieure au montant déclaré (déclarez l'impayé de loyer avec elles)."
)


def claim_charges_errors(
    *, kind: str, amount: Decimal, charges_amount: Decimal, months_already_claimed: int
) -> dict[str, list[str]]:
    """The charges' part of a claim: within the amount of an unpaid-rent claim, none in a damage claim; the first
    unpaid-rent claim of the occupation (no earlier claim declared and not refused) cannot be for charges only."""
    if charges_amount is None or amount is None or not kind:
        return {}
    if kind != VisaleClaimKind.IMPAYES:
        if charges_amount:
            return {
                "charges_amount": ["Une déclaration de dégradations n'a pas de part de charges : indiquez 0."]
            }
        return {}
    if charges_amount > amount:
        return {
            "charges_amount": [f"La part des charges ne peut dépasser le montant déclaré ({_euros(amount)})."]
        }
    if months_already_claimed == 0 and charges_amount >= amount:
        return {"charges_amount": [FIRST_CLAIM_CHARGES_ONLY]}
    return {}


def check_claim_charges(
    *, kind: str, amount: Decimal, charges_amount: Decimal, months_already_claimed: int
) -> None:
    """`claim_charges_errors` as a French ValidationError (the claim form calls it; `check_claim` for the
    service)."""
    if errors := claim_charges_errors(
        kind=kind, amount=amount, charges_amount=charges_amount, months_already_claimed=months_already_claimed
    ):
        raise ValidationError(errors)


def _damage_errors(
    errors: dict, *, months: int, amount: Decimal, monthly_due: Decimal, already: Decimal
) -> None:
    """Damage: the guarantee's damage claims (not refused) together within `visale_damage_max_months`."""
    most = visale_damage_max_months()
    cap = cents(most * monthly_due)
    if months > most or amount + already > cap:
        claimed = f" ; {_euros(already)} déjà déclarés" if already else ""
        errors.setdefault("amount", []).append(
            f"Visale couvre les dégradations à hauteur de {most} mois de loyer et charges au plus "
            f"({_euros(cap)}) pour toute la garantie, en plus du dépôt de garantie{claimed}."
        )


def check_claim(
    *,
    kind: str,
    months: int,
    amount: Decimal,
    unpaid: Decimal,
    monthly_due: Decimal,
    net_monthly_due: Decimal,
    months_already_claimed: int,
    guarantee_in_force: bool,
    charges_amount: Decimal = ZERO,
    social_stock: bool = False,
    damage_already_claimed: Decimal = ZERO,
) -> None:
    """Whether a Visale claim may be declared (French ValidationError naming each failed condition).

    Unpaid rent: the unpaid (the household's own debt: the housing benefit still expected from the CAF/MSA is
    not the household's, clef.rental.debt) must exceed `visale_threshold`; the instalments of all the
    occupation's claims stay within the cap (`visale_max_instalments`); the amount within the unpaid and within
    `months` × rent and charges; the first claim is not for charges only (`check_claim_charges`). Damage: the
    guarantee's damage claims (not refused) together at most `visale_damage_max_months` of rent and charges."""
    errors = claim_charges_errors(
        kind=kind, amount=amount, charges_amount=charges_amount, months_already_claimed=months_already_claimed
    )
    if not guarantee_in_force:
        errors.setdefault("declared_on", []).append(
            "La garantie Visale n'est pas en vigueur à cette date : aucun sinistre ne peut être déclaré."
        )
    if kind == VisaleClaimKind.IMPAYES:
        threshold = visale_threshold(net_monthly_due)
        if unpaid <= threshold:
            errors.setdefault("amount", []).append(
                f"Un impayé ne peut être déclaré à Visale qu'au-delà de {_euros(threshold)} (plus d'un mois de "
                f"loyer et charges, net de l'aide au logement versée au gestionnaire) : la dette du ménage est de "
                f"{_euros(unpaid)} (l'aide encore attendue de la CAF/MSA n'en fait pas partie)."
            )
        elif amount > unpaid:
            errors.setdefault("amount", []).append(
                f"Le montant déclaré dépasse l'impayé du ménage ({_euros(unpaid)})."
            )
        most = visale_max_instalments(social_stock)
        if months_already_claimed + months > most:
            left = max(0, most - months_already_claimed)
            errors.setdefault("months", []).append(
                f"Visale couvre {most} mensualités au plus sur toute l'occupation"
                f"{' dans le parc social' if social_stock else ''} : "
                f"{months_already_claimed} déjà déclarées, {left} restantes."
            )
        if amount > cents(months * monthly_due):
            errors.setdefault("amount", []).append(
                f"{months} mensualité(s) couvrent au plus {_euros(cents(months * monthly_due))} de loyer et "
                "charges."
            )
    else:
        _damage_errors(
            errors, months=months, amount=amount, monthly_due=monthly_due, already=damage_already_claimed
        )
    if errors:
        raise ValidationError(errors)


# --- Claims to the security fund ---------------------------------------------------------------------------


def check_decision(*, claim, status: str, decided_on: date, amount_granted: Decimal | None) -> None:
    """A claim « déposée » is accepted (with an amount granted, > 0 and ≤ the amount claimed) or refused (no
    amount); the decision is dated on or after the claim."""
    errors: dict[str, list[str]] = {}
    if claim.status != FundClaimStatus.DEPOSEE:
        raise ValidationError("Cette demande a déjà été décidée : sa décision ne se modifie pas.")
    if status not in (FundClaimStatus.ACCEPTEE, FundClaimStatus.REFUSEE):
        errors["status"] = ["Choisissez « Acceptée » ou « Refusée »."]
    if decided_on < claim.declared_on:
        errors["decided_on"] = [
            f"La décision ne peut précéder le dépôt de la demande ({claim.declared_on:%d/%m/%Y})."
        ]
    if status == FundClaimStatus.ACCEPTEE:
        if amount_granted is None or amount_granted <= 0:
            errors["amount_granted"] = ["Indiquez le montant accordé."]
        elif amount_granted > claim.amount_claimed:
            errors["amount_granted"] = [
                f"Le montant accordé ne peut dépasser le montant demandé ({_euros(claim.amount_claimed)})."
            ]
    elif status == FundClaimStatus.REFUSEE and amount_granted:
        errors["amount_granted"] = ["Une demande refusée n'a pas de montant accordé : laissez ce champ vide."]
    if errors:
        raise ValidationError(errors)


def check_payout(*, claim, paid_on: date, paid_amount: Decimal) -> None:
    """Only an accepted claim is paid, once, at most its granted amount, on or after its decision."""
    if claim.status != FundClaimStatus.ACCEPTEE:
        raise ValidationError("Seule une demande acceptée et non encore versée peut être versée.")
    errors: dict[str, list[str]] = {}
    if paid_amount <= 0 or paid_amount > claim.amount_granted:
        errors["paid_amount"] = [
            f"Le montant versé doit être positif et ne peut dépasser le montant accordé "
            f"({_euros(claim.amount_granted)})."
        ]
    if paid_on < claim.decided_on:
        errors["paid_on"] = [f"Le versement ne peut précéder la décision ({claim.decided_on:%d/%m/%Y})."]
    if errors:
        raise ValidationError(errors)


def check_fund_claim(*, loss_amount: Decimal, amount_claimed: Decimal) -> None:
    if amount_claimed > loss_amount:
        raise ValidationError(
            {
                "amount_claimed": [
                    f"Le montant demandé ne peut dépasser le montant du sinistre ({_euros(loss_amount)})."
                ]
            }
        )
