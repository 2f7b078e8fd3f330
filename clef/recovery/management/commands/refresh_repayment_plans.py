"""Daily: every repayment plan in progress (or broken, in case a late entry changes an outcome) brought up to
date: status, consecutive respected months, the « glissement du bail possible » flag."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from clef.recovery.enums import PlanStatus
from clef.recovery.models import RepaymentPlan
from clef.recovery.services import refresh_plans

BATCH = 500


class Command(BaseCommand):
    help = "Met à jour les plans d'apurement (échéances respectées, glissement possible)."

    def handle(self, *args, **options) -> None:
        on = timezone.localdate()
        ids = list(
            RepaymentPlan.objects.filter(status__in=[PlanStatus.EN_COURS, PlanStatus.ROMPU])
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        changed = 0
        for start in range(0, len(ids), BATCH):
            plans = RepaymentPlan.objects.filter(pk__in=ids[start : start + BATCH]).select_related(
                "lease__stay"
            )
            changed += refresh_plans(list(plans), on)
        self.stdout.write(f"{len(ids)} plans vérifiés, {changed} mis à jour.")
