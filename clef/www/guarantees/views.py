"""« Fonds de sécurisation »: the funds a member may open, a fund's balance, years and projection, its
contributions, its claims (declared by operators, decided and paid by the manager) and their documents. No
rule here: `clef.guarantees` decides (rules, services, queries, perms); these pages carry input and show
French errors. Fund pages never name a household: the operator's own claim page names it, and logs the read."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, Sum
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from clef.bilan.charts import COLUMNS, Chart
from clef.guarantees import queries, services
from clef.guarantees.enums import FundClaimStatus
from clef.guarantees.models import FundClaim, FundContribution, FundContributor
from clef.guarantees.perms import visible_funds
from clef.www.access import ClefRequest
from clef.www.editing import attach_errors, form_status
from clef.www.guarantees.access import (
    get_fund_claim_document_or_404,
    get_fund_claim_or_404,
    get_fund_or_404,
    log_claim_read,
    log_names_listed,
    require_funds,
)
from clef.www.guarantees.forms import (
    ContributionForm,
    ContributorForm,
    DecisionForm,
    DocumentForm,
    FundClaimForm,
    PayoutForm,
    ScenarioForm,
)
from clef.www.once import AlreadySubmitted, Once
from clef.www.pagination import paginate


def fund_home(request: ClefRequest) -> HttpResponse:
    """The funds the member may open; straight to the fund when there is one."""
    require_funds(request)
    funds = list(visible_funds(request.membership).select_related("region", "manager").order_by("name"))
    if len(funds) == 1:
        return redirect(funds[0])
    return render(request, "guarantees/fund_home.html", {"funds": funds})


def _years_chart(years) -> Chart:
    return Chart(
        "fonds-annees",
        "Contributions reçues et interventions versées, par année (€)",
        COLUMNS,
        [str(item.year) for item in years],
        [
            ("Contributions", [float(item.contributions_total) for item in years]),
            ("Interventions versées", [float(item.payouts) for item in years]),
        ],
    )


def _projection_chart(rows) -> Chart:
    return Chart(
        "fonds-projection",
        "Projection : contributions et interventions par année (€)",
        COLUMNS,
        [str(row.year) for row in rows],
        [
            ("Contributions", [float(row.contributions) for row in rows]),
            ("Interventions", [float(row.payouts) for row in rows]),
        ],
    )


def fund_detail(request: ClefRequest, pk: int) -> HttpResponse:
    fund, rights = get_fund_or_404(request, pk)
    today = timezone.localdate()
    context = {"fund": fund, "rights": rights, "today": today}
    if not rights.whole_fund:  # an operator: its own claims and contributions only
        context["claims"] = list(
            fund.claims.filter(operator_id=rights.operator_id).order_by("-declared_on", "-pk")[:10]
        )
        context["contributed"] = FundContribution.objects.filter(
            fund=fund, contributor__organisation_id=rights.operator_id
        ).aggregate(total=Sum("amount"))["total"]
        return render(request, "guarantees/fund_operator.html", context)
    form = ScenarioForm(request.GET or None)
    projection = queries.projection(fund, today, form.scenario())
    years = queries.fund_years(fund)
    pending = fund.claims.aggregate(
        deposited=Count("pk", filter=Q(status=FundClaimStatus.DEPOSEE)),
        to_pay=Count("pk", filter=Q(status=FundClaimStatus.ACCEPTEE)),
        to_pay_amount=Sum("amount_granted", filter=Q(status=FundClaimStatus.ACCEPTEE)),
    )
    years_chart, projection_chart = _years_chart(years), _projection_chart(projection.rows)
    context |= {
        "form": form,
        "projection": projection,
        "balance": projection.observed.opening_balance,
        "years": years,
        "pending": pending,
        "years_chart": years_chart,
        "years_drawn": years_chart.drawn,
        "projection_chart": projection_chart,
        "projection_drawn": projection_chart.drawn,
    }
    return render(request, "guarantees/fund_detail.html", context, status=form_status(form))


def fund_contributions(request: ClefRequest, pk: int) -> HttpResponse:
    """Contributions (the manager records them; an operator sees its own); contributors (the manager)."""
    fund, rights = get_fund_or_404(request, pk)
    contributions = fund.contributions.select_related("contributor").order_by("-received_on", "-pk")
    if rights.operator_id is not None:
        contributions = contributions.filter(contributor__organisation_id=rights.operator_id)
    form = contributor_form = once = None
    if rights.manage:
        posted = request.POST if request.method == "POST" else None
        adding_contributor = bool(posted and posted.get("action") == "contributor")
        once = Once(request, "fund_contribution")  # a contribution posted twice is recorded once
        if not adding_contributor and (replay := once.replay()) is not None:
            return replay
        form = ContributionForm(
            None if adding_contributor else posted, fund=fund, instance=FundContribution(fund=fund)
        )
        if posted is not None and not adding_contributor and once.problem:
            form.add_error(None, once.problem)
        contributor_form = ContributorForm(
            posted if adding_contributor else None, instance=FundContributor(fund=fund), prefix="contributeur"
        )
        bound = contributor_form if adding_contributor else form
        if posted is not None and bound.is_valid():
            try:
                if adding_contributor:
                    services.save_contributor(contributor=bound.instance, acting_user=request.user)
                else:
                    with once.claim():
                        services.record_contribution(contribution=bound.instance, acting_user=request.user)
                        once.done(reverse("www:fund_contributions", args=[fund.pk]))
            except AlreadySubmitted as exc:
                return exc.response
            except ValidationError as exc:
                attach_errors(bound, exc)
            else:
                messages.success(
                    request,
                    "Le contributeur est ajouté."
                    if adding_contributor
                    else "La contribution est enregistrée.",
                )
                return redirect("www:fund_contributions", pk=fund.pk)
    elif request.method == "POST":
        require_funds(request, manage=True)
    status = max(
        form_status(form) if form else 200, form_status(contributor_form) if contributor_form else 200
    )
    context = {
        "fund": fund,
        "rights": rights,
        "page": paginate(request, contributions),
        "contributors": fund.contributors.select_related("organisation").order_by("kind", "name")
        if rights.whole_fund
        else [],
        "form": form,
        "contributor_form": contributor_form,
        "once": once,
    }
    return render(request, "guarantees/fund_contributions.html", context, status=status)


def fund_claims(request: ClefRequest, pk: int) -> HttpResponse:
    fund, rights = get_fund_or_404(request, pk)
    claims = fund.claims.select_related("operator").order_by("-declared_on", "-pk")
    if rights.operator_id is not None:
        claims = claims.filter(operator_id=rights.operator_id)
    status = request.GET.get("statut", "")
    if status in FundClaimStatus.values:
        claims = claims.filter(status=status)
    context = {
        "fund": fund,
        "rights": rights,
        "page": paginate(request, claims),
        "status": status,
        "statuses": FundClaimStatus.choices,
    }
    return render(request, "guarantees/fund_claims.html", context)


def fund_claim_create(request: ClefRequest, pk: int) -> HttpResponse:
    """An operator declares a claim for a large loss, with a first document."""
    fund, rights = get_fund_or_404(request, pk, declare=True)
    once = Once(request, "fund_claim")
    if (replay := once.replay()) is not None:
        return replay
    today = timezone.localdate()
    stays = (
        queries.claim_candidate_stays(rights.operator_id, today)
        .select_related("household", "dwelling__commune")
        .prefetch_related("household__members")
    )
    claim = FundClaim(fund=fund, operator_id=rights.operator_id, declared_on=today)
    form = FundClaimForm(request.POST or None, request.FILES or None, instance=claim, stays=stays)
    if once.problem:
        form.add_error(None, once.problem)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        documents = [(data["document"], data["document_caption"])] if data.get("document") else []
        try:
            with once.claim():
                services.declare_fund_claim(
                    claim=form.instance, documents=documents, acting_user=request.user
                )
                once.done(form.instance.get_absolute_url())
        except AlreadySubmitted as exc:
            return exc.response
        except ValidationError as exc:
            attach_errors(form, exc, fields={"file": "document", "caption": "document_caption"})
        else:
            messages.success(request, "La demande est déposée auprès du fonds.")
            return redirect(form.instance)
    log_names_listed(request, stays.values_list("household_id", flat=True))  # the select names them
    context = {"fund": fund, "form": form, "once": once}
    return render(request, "guarantees/fund_claim_form.html", context, status=form_status(form))


ACTIONS = {"decision": DecisionForm, "payout": PayoutForm, "document": DocumentForm}
DONE = {
    "decision": "La décision est enregistrée.",
    "payout": "Le versement est enregistré : le solde du fonds diminue d'autant.",
    "document": "La pièce est jointe à la demande.",
}


def _allowed_action(request: ClefRequest, claim: FundClaim, rights) -> str:
    action = request.POST.get("action", "")
    if action in ("decision", "payout") and rights.manage:
        return action
    if action == "document" and rights.declare and claim.operator_id == rights.operator_id:
        return action
    raise PermissionDenied("Vous ne pouvez pas faire cette action sur cette demande.")


def _apply(action: str, form, claim: FundClaim, user) -> None:
    data = form.cleaned_data
    if action == "document":
        services.add_claim_document(claim=claim, file=data["file"], caption=data["caption"], acting_user=user)
    elif action == "decision":
        services.decide_fund_claim(
            claim=claim,
            expected_version=data["version"],
            status=data["status"],
            decided_on=data["decided_on"],
            amount_granted=data["amount_granted"],
            decision_note=data["decision_note"],
            acting_user=user,
        )
    else:
        services.pay_fund_claim(
            claim=claim,
            expected_version=data["version"],
            paid_on=data["paid_on"],
            paid_amount=data["paid_amount"],
            acting_user=user,
        )


def fund_claim_detail(request: ClefRequest, pk: int) -> HttpResponse:
    """A claim: its amounts and documents; the manager decides and pays it (with its version), the operator
    adds documents. The operator's own members see the household it concerns (the read is logged)."""
    claim, rights = get_fund_claim_or_404(request, pk)
    today = timezone.localdate()
    forms = {
        "decision": DecisionForm(initial={"version": claim.version, "decided_on": today}),
        "payout": PayoutForm(
            initial={"version": claim.version, "paid_on": today, "paid_amount": claim.amount_granted}
        ),
        "document": DocumentForm(),
    }
    status = 200
    if request.method == "POST":
        action = _allowed_action(request, claim, rights)
        form = forms[action] = ACTIONS[action](request.POST, request.FILES)
        if form.is_valid():
            try:
                _apply(action, form, claim, request.user)
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, DONE[action])
                return redirect(claim)
        status = form_status(form)
    shows_household = rights.operator_id == claim.operator_id and claim.stay_id is not None
    if shows_household:
        claim = (
            FundClaim.objects.select_related(
                "fund__manager", "operator", "stay__household", "stay__dwelling__commune"
            )
            .prefetch_related("stay__household__members")
            .get(pk=claim.pk)
        )
    log_claim_read(request, claim)
    context = {
        "claim": claim,
        "fund": claim.fund,
        "rights": rights,
        "documents": list(claim.documents.order_by("uploaded_at", "pk")),
        "shows_household": shows_household,
        "can_add_document": rights.declare and claim.operator_id == rights.operator_id,
        **{f"{name}_form": form for name, form in forms.items()},
    }
    return render(request, "guarantees/fund_claim_detail.html", context, status=status)


def fund_claim_document(request: ClefRequest, pk: int) -> FileResponse:
    """A claim's document, streamed after the claim's access check (never served from MEDIA_URL)."""
    document = get_fund_claim_document_or_404(request, pk)
    log_claim_read(request, document.claim)
    extension = document.file.name.rsplit(".", 1)[-1]
    name = f"demande-{document.claim_id}-piece-{document.pk}.{extension}"
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=name)
