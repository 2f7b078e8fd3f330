"""Recovery in the demo, through the recovery services: reminders for the households in arrears (the
youngest debts left without one: the list « relances à faire »), the repayment plans the ledger was shaped
for (one kept month after month: the slide flag; one broken), brought up to date by `refresh_plans`, and
litigation cases on the oldest debts, opened on the team's decision, at several steps, with their reviews."""

from __future__ import annotations

from datetime import date

from clef.demo.rental.context import RentalContext
from clef.demo.rental.ledger import PlanTerms
from clef.demo.rental.profiles import Profile
from clef.recovery import services
from clef.recovery.enums import Channel, StepKind
from clef.recovery.models import RepaymentPlan
from clef.rental.models import Lease
from clef.utils.dates import add_months

REMINDED = {"1_2_mois": 1, "2_3_mois": 2, "3_mois_et_plus": 3, "caf_suspendue": 1, "plan_rompu": 2}
CHANNELS = [Channel.COURRIER, Channel.TELEPHONE, Channel.VISITE]
# Steps of the litigation cases (kind, months before this month, day), one list per case in turn.
CASES = [
    [(StepKind.RELANCE, -3, 20), (StepKind.MISE_EN_DEMEURE, -2, 10)],
    [
        (StepKind.RELANCE, -4, 20),
        (StepKind.MISE_EN_DEMEURE, -3, 10),
        (StepKind.COMMANDEMENT_DE_PAYER, -3, 28),
        (StepKind.ASSIGNATION, -1, 15),
    ],
    [(StepKind.RELANCE, -3, 22), (StepKind.MISE_EN_DEMEURE, -2, 12), (StepKind.COMMANDEMENT_DE_PAYER, -1, 8)],
    [(StepKind.RELANCE, -2, 18)],
]
DECISION = (
    "Décision de l'équipe (direction, gestion locative, travailleur social) en réunion IML : plus de contact "
    "avec le ménage malgré les relances et la visite à domicile ; la procédure est engagée, le lien reste "
    "proposé à chaque étape."
)
REVIEW = (
    "Point entre la chargée de contentieux et le travailleur social : situation du ménage, démarches "
    "FSL en cours, prochaine étape confirmée."
)


def _day(ctx: RentalContext, months: int, day: int) -> date:
    return min(add_months(ctx.today.replace(day=1), months).replace(day=day), ctx.today)


def reminders(ctx: RentalContext, leases: dict[int, Lease], profiles: list[Profile]) -> int:
    count = 0
    for profile in profiles:
        lease = leases[profile.stay.pk]
        for n in range(REMINDED.get(profile.kind, 0)):
            services.record_reminder(
                lease=lease,
                sent_on=_day(ctx, -n, 16),
                channel=CHANNELS[n % len(CHANNELS)],
                note="Relance après l'échéance du mois, copie au travailleur social.",
                acting_user=ctx.teams[lease.organisation_id].manager,
            )
            count += 1
    return count


def plans(ctx: RentalContext, terms: list[PlanTerms]) -> list[RepaymentPlan]:
    created = []
    for term in terms:
        created.append(
            services.create_plan(
                lease=term.lease,
                instalments_count=term.count,
                first_due_on=term.first_due_on,
                agreed_on=term.agreed_on,
                debt_amount=term.debt,
                comments="Plan signé avec le ménage en présence du travailleur social.",
                acting_user=ctx.teams[term.lease.organisation_id].manager,
            )
        )
    services.refresh_plans(
        list(RepaymentPlan.objects.filter(pk__in=[p.pk for p in created]).select_related("lease__stay")),
        ctx.today,
    )
    return created


def cases(ctx: RentalContext, leases: dict[int, Lease], profiles: list[Profile]) -> tuple[int, int]:
    oldest = [leases[p.stay.pk] for p in profiles if p.kind == "3_mois_et_plus"]
    steps_count = reviews = 0
    for lease, steps in zip(oldest, CASES, strict=False):
        team = ctx.teams[lease.organisation_id]
        officer = (
            ctx.litigation_officer if lease.organisation_id == ctx.operators["op2"].pk else team.director
        )
        case = services.open_case(
            lease=lease,
            opened_on=_day(ctx, steps[0][1], steps[0][2]),
            decision=DECISION,
            officer=officer,
            social_worker=team.social_worker,
            acting_user=officer,
        )
        for kind, months, day in steps:
            services.add_step(
                case=case, kind=kind, done_on=_day(ctx, months, day), today=ctx.today, acting_user=officer
            )
            steps_count += 1
        for months in {steps[0][1], steps[-1][1]}:
            services.add_review(case=case, on=_day(ctx, months, 25), notes=REVIEW, acting_user=officer)
            reviews += 1
    return steps_count, reviews
