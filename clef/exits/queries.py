"""Reads of the guided exit and of the contact after exit, for the pages, the agenda and the bilan: each
an aggregate query (never a loop over rows in Python)."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear

from clef.exits.enums import Judgement, Perspective
from clef.exits.models import ExitAssessment, ExitPerspective, Solicitation


def disagreements(queryset: QuerySet[ExitAssessment]) -> QuerySet[ExitAssessment]:
    """The assessments whose perspectives do not all give the same judgement."""
    return queryset.annotate(judgements=Count("perspectives__judgement", distinct=True)).filter(
        judgements__gt=1
    )


def positive_shares(assessments: QuerySet[ExitAssessment]) -> dict[str, dict[str, int]]:
    """Per perspective: how many assessments it was filled in, and how many judged the exit positive
    (one grouped query)."""
    rows = (
        ExitPerspective.objects.filter(assessment__in=assessments.values("pk"))
        .values("perspective")
        .annotate(filled=Count("pk"), positive=Count("pk", filter=Q(judgement=Judgement.POSITIVE)))
    )
    shares = {code: {"filled": 0, "positive": 0} for code in Perspective.values}
    for row in rows:  # at most five rows
        shares[row["perspective"]] = {"filled": row["filled"], "positive": row["positive"]}
    return shares


def solicitations_per_year(organisation_ids, year: int) -> dict[int, dict[str, int]]:
    """Per organisation: the number of solicitations after exit of `year` and the minutes spent."""
    rows = (
        Solicitation.objects.filter(organisation_id__in=organisation_ids, solicited_on__year=year)
        .values("organisation_id")
        .annotate(
            count=Count("pk"), minutes=Sum("minutes_spent"), households=Count("household", distinct=True)
        )
    )
    return {
        row["organisation_id"]: {
            "count": row["count"],
            "minutes": row["minutes"],
            "households": row["households"],
        }
        for row in rows
    }


def solicitations_by_year(organisation_id: int) -> list[dict]:
    """One organisation's solicitations after exit, counted per year (latest first), with the minutes
    spent and the number of households."""
    return list(
        Solicitation.objects.filter(organisation_id=organisation_id)
        .annotate(year=ExtractYear("solicited_on"))
        .values("year")
        .annotate(
            count=Count("pk"), minutes=Sum("minutes_spent"), households=Count("household", distinct=True)
        )
        .order_by("-year")
    )


def solicitations_by_subject(organisation_id: int, year: int) -> list[dict]:
    """One organisation's solicitations of a year, counted per subject."""
    return list(
        Solicitation.objects.filter(organisation_id=organisation_id, solicited_on__year=year)
        .values("subject")
        .annotate(count=Count("pk"), minutes=Sum("minutes_spent"))
        .order_by("-count", "subject")
    )
