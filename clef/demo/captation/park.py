"""The owners of the demo operators' park: a landlord for each dwelling (a social landlord for the public
park, shared by its dwellings), the contract binding the operator to the owner (mandate or main lease,
matching the dwelling's management mode, with a glissement clause for a bail glissant), the Anah
conventions of the conventionné dwellings (renewed when they ran out), bank details for some owners.

Every dwelling in the park today has its contract in force, except the mandates of « Seuil Commun de la
Savoie », which holds no carte professionnelle: `clef.contracts.rules.check_mandate` refuses them, so they
stay « sans contrat » (a point for the demo). A dwelling that left the park within the year has its ended
contract (the end reason is the dwelling's), the ground of its re-captation lead. Contract and convention
fields go through the contracts rules (`check_contract`, `default_duration_years`, `convention_ends_on`,
`management_mode`), never a copy of them.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from stdnum import iban as stdnum_iban

from clef.captation.enums import LandlordKind
from clef.captation.models import Landlord, LandlordContact
from clef.contracts import rules, services
from clef.contracts.enums import ContractKind, ConventionStatus
from clef.contracts.models import AnahConvention, Contract, OwnerBankAccount
from clef.demo import names
from clef.demo.captation.context import CaptationContext
from clef.dwellings.enums import Conventionnement, ManagementMode, Parc, RentLevel
from clef.utils.dates import add_months

SOCIAL_CONSENT_ON = date(2018, 1, 2)  # the partnership with the social landlords
BANK_SHARE = 0.45  # private owners whose bank details are entered
DEMO_BIC = "DEMOFRPP"  # a well-formed BIC of no bank
REQUEST_WINDOW_DAYS = 55  # within the two months after the first lease
REQUESTED_PER_OPERATOR = 2
FIXED_TERM_SHARE = 0.2  # contracts with a fixed end (no tacit renewal): some end within the alert window
SOCIAL_LANDLORDS = ("Alpes Habitat Solidaire (fictif)", "Logis du Rhône-Alpes (fictif)")
COMPANY_NAMES = ["Immobilière du Lac SAS", "Foncière des Alpes SARL", "Patrimoine Rhône SAS"]
CONTACT_ROLES = {
    LandlordKind.SCI: "gérant de la SCI",
    LandlordKind.SOCIETE: "responsable du patrimoine",
    LandlordKind.BAILLEUR_SOCIAL: "chargée de la gestion locative",
}


@dataclass(eq=False)
class Owned:
    """One dwelling of a demo operator and what binds it to its owner."""

    row: dict
    landlord: Landlord
    contract: Contract | None
    conventions: list[AnahConvention] = field(default_factory=list)  # oldest first: each renews the previous


@dataclass(eq=False)
class Park:
    owned: list[Owned] = field(default_factory=list)
    landlords: list[Landlord] = field(default_factory=list)
    contacts: list[LandlordContact] = field(default_factory=list)
    banks: dict[int, OwnerBankAccount] = field(default_factory=dict)  # id(landlord) → its account


def ascii_slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in plain.lower() if c.isalnum() or c in ".-")


def fictional_phone(n: int) -> str:
    """A number of the range ARCEP keeps for fiction (06 39 98 xx xx)."""
    return f"06 39 98 {n // 100 % 100:02d} {n % 100:02d}"


def fictional_iban(n: int) -> str:
    """A French IBAN with a valid RIB key and check digits, of a fictional bank."""
    bank, branch, account = 99990, 10000 + n % 90000, n
    key = 97 - ((89 * bank + 15 * branch + 3 * account) % 97)
    bban = f"{bank:05d}{branch:05d}{account:011d}{key:02d}"
    return "FR" + stdnum_iban.calc_check_digits("FR00" + bban) + bban


def private_landlord(ctx: CaptationContext, org_pk: int, key: str, commune: str, n: int) -> Landlord:
    rng = ctx.rng("landlord", key)
    kind = rng.choices(
        [LandlordKind.PARTICULIER, LandlordKind.SCI, LandlordKind.SOCIETE], weights=[75, 17, 8]
    )[0]
    if kind == LandlordKind.PARTICULIER:
        first = rng.choice(names.FIRST_NAMES_F + names.FIRST_NAMES_M)
        last = rng.choice(names.LAST_NAMES)
        email = f"{ascii_slug(first)}.{ascii_slug(last)}{n}@exemple.test"
    else:
        first = ""
        sci = f"SCI {rng.choice(names.LAST_NAMES)}"
        last = rng.choice(COMPANY_NAMES) if kind == LandlordKind.SOCIETE else sci
        email = f"contact{n}@{ascii_slug(last.split()[-1])}.exemple.test"
    return Landlord(
        organisation_id=org_pk,
        kind=kind,
        name=last,
        first_name=first,
        email=email,
        phone=fictional_phone(n),
        address=f"{rng.randint(1, 120)} {rng.choice(names.STREETS)}",
        commune_id=commune,
        created_by=ctx.officers[org_pk],
    )


def build_park(ctx: CaptationContext) -> Park:
    park = Park()
    requested: dict[int, int] = {}  # operator pk → conventions requested, not signed yet
    for org in ctx.operators.values():
        social = _social_landlords(ctx, park, org.pk)
        for row in ctx.dwellings.get(org.pk, []):
            if not (ctx.in_park(row) or ctx.left_lately(row)):
                continue
            if row["parc"] == Parc.PUBLIC:
                landlord = social[ctx.rng("social", row["external_id"]).randrange(len(social))]
            else:
                landlord = private_landlord(
                    ctx, org.pk, row["external_id"], row["commune_id"], len(park.landlords)
                )
                park.landlords.append(landlord)
                _contact(park, landlord)
            owned = Owned(row=row, landlord=landlord, contract=_contract(ctx, row, landlord))
            owned.conventions = _conventions(ctx, row, landlord) or _requested(ctx, row, landlord, requested)
            _consent(owned)
            park.owned.append(owned)
    _bank_accounts(ctx, park)
    return park


def _social_landlords(ctx: CaptationContext, park: Park, org_pk: int) -> list[Landlord]:
    result = []
    for index, name in enumerate(SOCIAL_LANDLORDS):
        landlord = Landlord(
            organisation_id=org_pk,
            kind=LandlordKind.BAILLEUR_SOCIAL,
            name=name,
            email=f"gestion{index + 1}@bailleur.exemple.test",
            phone=fictional_phone(9000 + len(park.landlords)),
            consent_to_contact=True,
            consent_on=SOCIAL_CONSENT_ON,
            created_by=ctx.officers[org_pk],
        )
        park.landlords.append(landlord)
        _contact(park, landlord)
        result.append(landlord)
    return result


def _contact(park: Park, landlord: Landlord) -> None:
    if landlord.kind in CONTACT_ROLES:
        n = len(park.contacts)
        first, last = (
            names.FIRST_NAMES_F[n % len(names.FIRST_NAMES_F)],
            names.LAST_NAMES[n % len(names.LAST_NAMES)],
        )
        park.contacts.append(
            LandlordContact(
                landlord=landlord,
                name=f"{first} {last}",
                role=CONTACT_ROLES[landlord.kind],
                email=f"{ascii_slug(first)}.{ascii_slug(last)}@contact.exemple.test",
                phone=fictional_phone(5000 + n),
            )
        )


def _consent(owned: Owned) -> None:
    """An owner under contract agreed to be contacted the day the contract was signed (the first one)."""
    landlord, contract = owned.landlord, owned.contract
    if contract is not None and landlord.kind != LandlordKind.BAILLEUR_SOCIAL:
        landlord.consent_to_contact = True
        landlord.consent_on = min(filter(None, [landlord.consent_on, contract.signed_on]))


def _contract(ctx: CaptationContext, row: dict, landlord: Landlord) -> Contract | None:
    rng = ctx.rng("contract", row["external_id"])
    operator = ctx.organisation(row["organisation_id"])
    mode = row["management_mode"]
    kind = (
        ContractKind.MANDAT_GESTION if mode == ManagementMode.MANDAT_GESTION else ContractKind.BAIL_PRINCIPAL
    )
    glissement = mode == ManagementMode.BAIL_GLISSANT
    if rules.management_mode(kind, glissement) != mode:  # the one rule from a contract to the mode
        raise ValueError(f"{row['external_id']}: no contract gives the mode {mode}")
    starts_on = row["entry_date"]
    signed_on = starts_on - timedelta(days=rng.randint(3, 40))
    if kind == ContractKind.MANDAT_GESTION:
        try:
            rules.check_mandate(operator, signed_on)
        except ValidationError:
            return None  # no card: the mandate stays to regularise
    ended_on = row["exit_date"] if row["exit_date"] and row["exit_date"] <= ctx.today else None
    term = (
        12
        if kind == ContractKind.MANDAT_GESTION
        else (36 if landlord.kind == LandlordKind.PARTICULIER else 72)
    )
    term_end = add_months(starts_on, term)
    while term_end <= (ended_on or ctx.today):
        term_end = add_months(term_end, term)
    fixed = rng.random() < FIXED_TERM_SHARE
    contract = Contract(
        organisation_id=operator.pk,
        dwelling_id=row["pk"],
        landlord=landlord,
        kind=kind,
        glissement_clause=glissement,
        signed_on=signed_on,
        starts_on=starts_on,
        ends_on=term_end if fixed else None,
        renewal_on=None if fixed else term_end,
        tacit_renewal=not fixed,
        rent=row["rent_hc"],
        charges=row["charges"],
        fee_percent=ctx.fee_percent(operator.pk) if kind == ContractKind.MANDAT_GESTION else None,
        ended_on=ended_on,
        end_reason=row["exit_reason"] if ended_on else "",
        created_by=ctx.managers[operator.pk],
    )
    rules.check_contract(
        kind=kind,
        glissement_clause=glissement,
        fee_percent=contract.fee_percent,
        signed_on=signed_on,
        starts_on=starts_on,
        ends_on=contract.ends_on,
        renewal_on=contract.renewal_on,
    )
    return contract


def _conventions(ctx: CaptationContext, row: dict, landlord: Landlord) -> list[AnahConvention]:
    """The dwelling's Anah conventions from its first lease: each one renewed when it ran out (the last
    is in force), terminated the day the dwelling left; a convention requested lately is not signed yet."""
    works = row["conventionnement"]
    if works == Conventionnement.AUCUN:
        return []
    level = row["rent_level"] or RentLevel.LOC2
    rules.check_convention_park(row["parc"], works, level)
    rng = ctx.rng("convention", row["external_id"])
    duration = rules.default_duration_years(works)
    left = row["exit_date"] if row["exit_date"] and row["exit_date"] <= ctx.today else None
    starts_on = row["entry_date"]
    requested_on = starts_on - timedelta(days=rng.randint(20, 90))
    chain: list[AnahConvention] = []
    while True:
        rules.check_convention_request(requested_on=requested_on, first_lease_on=starts_on)
        signed_on = requested_on + timedelta(days=rng.randint(15, 50))
        convention = AnahConvention(
            organisation_id=row["organisation_id"],
            dwelling_id=row["pk"],
            landlord=landlord,
            works=works,
            level=level,
            requested_on=requested_on,
            signed_on=signed_on if signed_on <= ctx.today else None,
            status=ConventionStatus.SIGNEE if signed_on <= ctx.today else ConventionStatus.DEMANDEE,
            starts_on=starts_on,
            duration_years=duration,
            ends_on=rules.convention_ends_on(starts_on, duration),
            renews=chain[-1] if chain else None,
            created_by=ctx.managers[row["organisation_id"]],
        )
        chain.append(convention)
        if convention.ends_on > (left or ctx.today):
            break
        convention.status, convention.ended_on = ConventionStatus.TERMINEE, convention.ends_on
        starts_on, requested_on = (
            convention.ends_on,
            convention.ends_on - timedelta(days=rng.randint(60, 150)),
        )
    if left:
        chain[-1].status, chain[-1].ended_on = ConventionStatus.TERMINEE, left
    return chain


def _requested(ctx: CaptationContext, row: dict, landlord: Landlord, requested: dict) -> list[AnahConvention]:
    """A private dwelling that entered lately without a convention: its owner asked the Anah for one
    within the two months after the first lease (CCH D. 321-24), not signed yet (a few per operator)."""
    days = (ctx.recent - row["entry_date"]).days
    if (
        row["conventionnement"] != Conventionnement.AUCUN
        or row["parc"] != Parc.PRIVE
        or not ctx.in_park(row)
        or not 0 <= days <= REQUEST_WINDOW_DAYS
        or requested.get(row["organisation_id"], 0) >= REQUESTED_PER_OPERATOR
    ):
        return []
    requested[row["organisation_id"]] = requested.get(row["organisation_id"], 0) + 1
    requested_on = min(
        ctx.today, row["entry_date"] + timedelta(days=ctx.rng("request", row["external_id"]).randint(5, 30))
    )
    rules.check_convention_request(requested_on=requested_on, first_lease_on=row["entry_date"])
    works = Conventionnement.SANS_TRAVAUX
    duration = rules.default_duration_years(works)
    convention = AnahConvention(
        organisation_id=row["organisation_id"],
        dwelling_id=row["pk"],
        landlord=landlord,
        works=works,
        level=RentLevel.LOC2,
        requested_on=requested_on,
        status=ConventionStatus.DEMANDEE,
        starts_on=row["entry_date"],
        duration_years=duration,
        ends_on=rules.convention_ends_on(row["entry_date"], duration),
        created_by=ctx.managers[row["organisation_id"]],
    )
    return [convention]


def _bank_accounts(ctx: CaptationContext, park: Park) -> None:
    """Bank details for some private owners under contract (encrypted field; the IBAN's first and last
    four characters stay readable for the masked display)."""
    for owned in park.owned:
        landlord = owned.landlord
        if owned.contract is None or landlord.kind == LandlordKind.BAILLEUR_SOCIAL:
            continue
        rng = ctx.rng("bank", owned.row["external_id"])
        if id(landlord) not in park.banks and rng.random() < BANK_SHARE:
            number = services.clean_iban(fictional_iban(len(park.banks) + 1))  # the contracts' checks
            park.banks[id(landlord)] = OwnerBankAccount(
                organisation_id=landlord.organisation_id,
                landlord=landlord,
                holder=str(landlord),
                iban=number,
                bic=services.clean_bic(DEMO_BIC),
                iban_start=number[:4],
                iban_last4=number[-4:],
                created_by=ctx.managers[landlord.organisation_id],
            )
        owned.contract.bank_account = park.banks.get(id(landlord))
