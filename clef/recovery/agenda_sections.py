"""Recovery in the IML meeting and the « À faire » lists (discovered by clef.agenda; no import of it):
« Relances de loyer à faire », « Plans d'apurement : échéances du mois », « Glissements possibles (plan
respecté) » (in the meeting: « les glissements de baux quand tout va bien ») and « Contentieux : prochaines
étapes » (in the meeting: « les dettes, les procédures »). One query each. Labels never name the household
(pages show its name read live)."""

from __future__ import annotations

from datetime import date

from clef.organisations.models import Role
from clef.recovery import queries
from clef.recovery.enums import StepKind

RECOVERY = frozenset({Role.DIRECTOR, Role.RENTAL_MANAGER, Role.LITIGATION_OFFICER})
SLIDES = frozenset({Role.DIRECTOR, Role.RENTAL_MANAGER, Role.SOCIAL_WORKER})
LITIGATION = frozenset({Role.DIRECTOR, Role.RENTAL_MANAGER, Role.SOCIAL_WORKER, Role.LITIGATION_OFFICER})


def _fr(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "—"


def _euros(amount) -> str:
    from clef.journal.services import euros_fr

    return euros_fr(amount)


def reminders_due(organisation_id: int, on: date) -> list[dict]:
    return [
        {
            "subject": row.lease,
            "household_id": row.lease.stay.household_id,
            "label": f"Relance de loyer : {_euros(row.debt)} dus (échéance du {_fr(row.due_on)}, dernière relance "
            f"{_fr(row.last_reminder_on)})",
            "due_on": row.due_on,
            "url_name": "www:reminder_create",
            "url_args": (row.lease.pk,),
        }
        for row in queries.reminders_due(organisation_id, on)
    ]


def instalments_of_month(organisation_id: int, on: date) -> list[dict]:
    return [
        {
            "subject": instalment.plan,
            "household_id": instalment.plan.lease.stay.household_id,
            "label": f"Plan d'apurement : échéance {instalment.number}/{instalment.plan.instalments_count} de "
            f"{_euros(instalment.amount)} le {_fr(instalment.due_on)}",
            "due_on": instalment.due_on,
            "url_name": "www:plan_detail",
            "url_args": (instalment.plan_id,),
        }
        for instalment in queries.instalments_of_month(organisation_id, on)
    ]


def slides_possible(organisation_id: int, on: date) -> list[dict]:
    return [
        {
            "subject": plan,
            "household_id": plan.lease.stay.household_id,
            "label": f"Plan d'apurement respecté {plan.respected_months} mois de suite (dette de "
            f"{_euros(plan.debt_amount)}) : glissement du bail possible depuis le {_fr(plan.slide_flagged_on)}",
            "due_on": plan.slide_flagged_on,
            "url_name": "www:plan_detail",
            "url_args": (plan.pk,),
        }
        for plan in queries.slides_possible(organisation_id)
    ]


def litigation_next_steps(organisation_id: int, on: date) -> list[dict]:
    items = []
    for case in queries.cases_with_last_step(organisation_id):
        if case.last_kind:
            what = f"dernière étape : {StepKind(case.last_kind).label.lower()} le {_fr(case.last_on)}"
            what += f", prochaine avant le {_fr(case.next_deadline)}" if case.next_deadline else ""
        else:
            what = "aucune étape encore"
        status = " (suspendue)" if case.status == "suspendue" else ""
        items.append(
            {
                "subject": case,
                "household_id": case.lease.stay.household_id,
                "label": f"Procédure contentieuse ouverte le {_fr(case.opened_on)}{status} : {what}",
                "due_on": case.next_deadline or case.opened_on,
                "url_name": "www:case_detail",
                "url_args": (case.pk,),
            }
        )
    return sorted(items, key=lambda item: item["due_on"])


SECTIONS = [
    {
        "code": "recovery_reminders",
        "title": "Relances de loyer à faire",
        "position": 820,
        "provider": reminders_due,
        "roles": RECOVERY,
        "meeting": False,
    },
    {
        "code": "recovery_instalments",
        "title": "Plans d'apurement : échéances du mois",
        "position": 830,
        "provider": instalments_of_month,
        "roles": RECOVERY,
        "meeting": False,
    },
    {
        "code": "recovery_slides",
        "title": "Glissements possibles (plan respecté)",
        "position": 840,
        "provider": slides_possible,
        "roles": SLIDES,
        "meeting": True,
    },
    {
        "code": "recovery_litigation",
        "title": "Contentieux : prochaines étapes",
        "position": 850,
        "provider": litigation_next_steps,
        "roles": LITIGATION,
        "meeting": True,
    },
]
