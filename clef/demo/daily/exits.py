"""Guided exits of the demo: the « prêt à sortir » checklist, the exit assessment with the household's
word and the relay, the five perspectives (criteria from `clef.exits.enums.CRITERIA`, checked by
`clef.exits.rules`), and the solicitations after the exit.

Every exit of the demo operators since the daily tools are in use has them (no new exit: the register's
exits are read as they are). Judgements follow the facts of the stay (durable housing, losses, length)
and, in about one exit in five, one perspective sees it otherwise (the disagreements the bilan shows).
"""

from __future__ import annotations

from datetime import date, timedelta

from clef.demo.daily import texts
from clef.demo.daily.context import DAILY_SINCE, DailyContext, StayRow
from clef.exits import rules
from clef.exits.enums import (
    READINESS_ITEMS,
    HouseholdChoice,
    Judgement,
    Perspective,
    RelayKind,
    SolicitationSubject,
)
from clef.exits.models import ExitAssessment, ExitPerspective, ExitReadiness, Solicitation
from clef.referential.schemes import PERENNE
from clef.stays.enums import EXIT_DESTINATIONS
from clef.support.models import RelayResource
from clef.utils.dates import months_between

RECOMMENDED_MONTHS = 18
RELAY_NAMES = {
    RelayKind.TRAVAILLEUR_SOCIAL_SECTEUR: "Service social départemental de secteur",
    RelayKind.BAILLEUR_AGENCE: "Chargée de clientèle du bailleur",
    RelayKind.PROFESSIONNEL_SANTE: "Médecin traitant",
    RelayKind.AUTRE: "Association de quartier",
}
RELAY_RESOURCE_CODES = ["cpts", "mon-soutien-psy", "dac", "mediateurs-sante"]
SOLICITATION_SHARES = {"courrier": 35, "menace_impaye": 15, "demarche": 25, "conseil": 20, "autre": 5}


def assessed(stay: StayRow) -> bool:
    return (
        stay.exit_date is not None and stay.exit_date >= DAILY_SINCE and stay.destination in EXIT_DESTINATIONS
    )


def durable(stay: StayRow) -> bool:
    return stay.destination in PERENNE


def readiness(ctx: DailyContext) -> list[ExitReadiness]:
    """The checklist of every assessed exit (filled before it), and of the present households whose exit
    is being prepared (about one in six of those housed for more than fifteen months, checked lately)."""
    result = []
    for stay in ctx.stays:
        rng = ctx.rng("readiness", stay.external_id)
        if assessed(stay):
            good = 0.9 if durable(stay) else 0.35
            checked_on = max(stay.entry_date, stay.exit_date - timedelta(days=rng.randint(10, 45)))
        elif stay.present and stay.entry_date < ctx.today - timedelta(days=450) and rng.random() < 0.17:
            good = 0.5
            checked_on = ctx.today - timedelta(days=rng.randint(3, 30))
        else:
            continue
        checks = {field: rng.random() < good for field, _label in READINESS_ITEMS}
        checks["debts_settled"] = checks["debts_settled"] or not stay.loss_unpaid_rent
        result.append(
            ExitReadiness(
                organisation_id=stay.organisation_id,
                stay_id=stay.pk,
                checked_on=checked_on,
                checked_by=ctx.teams[stay.organisation_id].social_workers[0],
                **checks,
            )
        )
    return result


def assessments(ctx: DailyContext) -> tuple[list[ExitAssessment], dict[int, list[ExitPerspective]]]:
    """The assessments, and their perspectives by stay pk (written once the assessments have their pk)."""
    resources = dict(
        RelayResource.objects.filter(organisation=None, code__in=RELAY_RESOURCE_CODES).values_list(
            "code", "pk"
        )
    )
    result, perspectives = [], {}
    for stay in filter(assessed, ctx.stays):
        rng = ctx.rng("assessment", stay.external_id)
        team = ctx.teams[stay.organisation_id]
        choice = _draw(rng, _choice_shares(stay))
        relay = _draw(rng, _relay_shares(stay))
        resource_id = None
        if relay == RelayKind.PROFESSIONNEL_SANTE and resources and rng.random() < 0.5:
            resource_id = resources[rng.choice(sorted(resources))]
        relay_name = "" if relay == RelayKind.AUCUN or resource_id else RELAY_NAMES[relay]
        rules.check_household_choice(choice)
        rules.check_relay(kind=relay, name=relay_name, resource_id=resource_id)
        assessment = ExitAssessment(
            organisation_id=stay.organisation_id,
            stay_id=stay.pk,
            household_choice=choice,
            relay_kind=relay,
            relay_name=relay_name,
            relay_resource_id=resource_id,
            assessed_on=min(ctx.today, stay.exit_date + timedelta(days=rng.randint(0, 21))),
            assessed_by=team.social_workers[0],
        )
        result.append(assessment)
        perspectives[stay.pk] = _perspectives(ctx, stay, choice, rng)
    return result, perspectives


def _perspectives(ctx: DailyContext, stay: StayRow, choice: str, rng) -> list[ExitPerspective]:
    team = ctx.teams[stay.organisation_id]
    writers = {
        Perspective.MENAGE: team.social_workers[0],
        Perspective.TRAVAILLEUR_SOCIAL: team.social_workers[0],
        Perspective.GESTIONNAIRE: team.rental_manager,
        Perspective.STRUCTURE: team.director,
        Perspective.FINANCEUR: team.director,
    }
    facts = _facts(stay, choice)
    base = _base_judgement(stay)
    dissenting = rng.choice(list(Perspective)) if rng.random() < 0.2 else None
    result = []
    for perspective in Perspective:
        met = [code for code in rules.criteria_codes(perspective) if facts.get(code, rng.random() < 0.75)]
        judgement = base
        if perspective == Perspective.MENAGE and choice == HouseholdChoice.SUBI:
            judgement = Judgement.MITIGEE if base == Judgement.POSITIVE else Judgement.NEGATIVE
        if perspective == dissenting:
            judgement = rng.choice([j for j in Judgement if j != judgement])
        comment = texts.PERSPECTIVE_COMMENTS[judgement] if rng.random() < 0.3 else ""
        rules.check_perspective(perspective=perspective, criteria=met, judgement=judgement, comment=comment)
        result.append(
            ExitPerspective(
                perspective=perspective,
                criteria=met,
                judgement=judgement,
                comment=comment,
                filled_by=writers[perspective],
            )
        )
    return result


def _facts(stay: StayRow, choice: str) -> dict[str, bool]:
    """Criteria the register decides; the others are drawn."""
    no_loss = not (stay.loss_unpaid_rent or stay.loss_damage)
    short = months_between(stay.pathway_start or stay.entry_date, stay.exit_date) <= RECOMMENDED_MONTHS
    return {
        "choisi": choice == HouseholdChoice.CHOISI,
        "sans_sinistre": no_loss,
        "sans_sinistralite": no_loss,
        "delais_raisonnables": short,
        "delai_respecte": short,
        "glissement_perenne": durable(stay),
        "insertion_durable": durable(stay),
    }


def _base_judgement(stay: StayRow) -> str:
    if not durable(stay):
        return Judgement.NEGATIVE
    if stay.loss_unpaid_rent or stay.loss_damage:
        return Judgement.MITIGEE
    return Judgement.POSITIVE


def _choice_shares(stay: StayRow) -> dict[str, int]:
    if durable(stay):
        return {HouseholdChoice.CHOISI: 70, HouseholdChoice.SUBI: 15, HouseholdChoice.NE_SAIT_PAS: 15}
    return {HouseholdChoice.CHOISI: 20, HouseholdChoice.SUBI: 55, HouseholdChoice.NE_SAIT_PAS: 25}


def _relay_shares(stay: StayRow) -> dict[str, int]:
    if durable(stay):
        return {
            RelayKind.TRAVAILLEUR_SOCIAL_SECTEUR: 35,
            RelayKind.BAILLEUR_AGENCE: 30,
            RelayKind.PROFESSIONNEL_SANTE: 10,
            RelayKind.AUTRE: 10,
            RelayKind.AUCUN: 15,
        }
    return {RelayKind.TRAVAILLEUR_SOCIAL_SECTEUR: 40, RelayKind.PROFESSIONNEL_SANTE: 10, RelayKind.AUCUN: 50}


def _draw(rng, shares: dict[str, int]) -> str:
    return rng.choices(list(shares), weights=list(shares.values()))[0]


def solicitations(ctx: DailyContext) -> list[Solicitation]:
    """About a third of the households whose pathway ended since mid-2024 call on their former operator,
    once to three times in the year after; only the calls made by today are written."""
    result = []
    since = date(2024, 7, 1)
    for stay in ctx.stays:
        if stay.later_stay or stay.exit_date is None or stay.exit_date < since:
            continue
        if stay.destination not in EXIT_DESTINATIONS:
            continue
        rng = ctx.rng("solicitation", stay.external_id)
        if rng.random() >= 0.35:
            continue
        team = ctx.teams[stay.organisation_id]
        for _ in range(rng.randint(1, 3)):
            day = stay.exit_date + timedelta(days=rng.randint(7, 365))
            subject = _draw(rng, SOLICITATION_SHARES)
            worker = rng.choice(team.social_workers)
            if day > ctx.today:
                continue
            result.append(
                Solicitation(
                    organisation_id=stay.organisation_id,
                    household_id=stay.household_id,
                    solicited_on=day,
                    subject=SolicitationSubject(subject),
                    answered_by=worker,
                    minutes_spent=rng.choice([10, 15, 20, 30, 45, 60, 90]),
                    note=texts.SOLICITATIONS[subject],
                    created_by=worker,
                )
            )
    return result
