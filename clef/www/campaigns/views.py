"""Annual campaigns (« Collectes »): the coordination opens and follows them; each operator validates its
declaration or sends its file."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from clef.bilan.indicators import compute, compute_detailed
from clef.bilan.labels import SECTIONS, label, scheme_labels, section_of, unit
from clef.bilan.perimeter import Perimeter
from clef.bilan.secrecy import Output, applies, mask_indicators
from clef.campaigns import perms as campaign_perms
from clef.campaigns import services
from clef.campaigns.models import Campaign, Declaration
from clef.organisations import perms
from clef.organisations.models import Membership
from clef.www.access import (
    ClefRequest,
    get_campaign_or_404,
    get_declaration_or_404,
    require_member,
)
from clef.www.campaigns.forms import CampaignForm
from clef.www.imports.views import import_new


def campaign_list(request: ClefRequest) -> HttpResponse:
    membership = require_member(request)
    if campaign_perms.is_coordinator(membership):
        return _coordinator_campaigns(request, membership)
    if not membership.organisation.is_operator:
        raise PermissionDenied
    declarations = Declaration.objects.filter(organisation=membership.organisation).select_related(
        "campaign", "campaign__region", "campaign__department"
    )
    return render(request, "campaigns/operator_list.html", {"declarations": declarations})


def _coordinator_campaigns(request: ClefRequest, membership: Membership) -> HttpResponse:
    """The campaigns a coordinator follows, and the form that opens one."""
    form = CampaignForm(
        request.POST or None,
        oversight=perms.oversight(membership),
        initial={"year": timezone.localdate().year - 1},
    )
    if request.method == "POST" and form.is_valid():
        department = form.cleaned_data["department"]
        try:
            campaign = services.open_campaign(
                year=form.cleaned_data["year"],
                deadline=form.cleaned_data["deadline"],
                acting_user=request.user,
                organisation=membership.organisation,
                region=None if department else form.region,
                department=department,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                f"Collecte {campaign.year} ouverte : {campaign.declarations.count()} "
                "structures ont une déclaration à faire.",
            )
            return redirect(campaign)
    context = {"campaigns": campaign_perms.campaigns_of(membership), "form": form}
    return render(request, "campaigns/list.html", context, status=400 if form.errors else 200)


def campaign_detail(request: ClefRequest, pk: int) -> HttpResponse:
    campaign = get_campaign_or_404(request, pk)
    membership = request.membership
    declarations = list(
        campaign_perms.declarations_in_scope(campaign, membership)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    over = perms.oversight(membership)
    partial = over.kind == "departement" and campaign.department_id is None
    board = dict.fromkeys(("a_faire", "en_retard", "erreurs", "validee"), 0)
    for declaration in declarations:
        board[declaration.board_status] += 1
    mode = request.GET.get("bilan", "gele")
    context = {
        "campaign": campaign,
        "declarations": declarations,
        "board": board,
        "mode": mode,
        "partial": partial,
    } | _figures(campaign, over, mode=mode, partial=partial)
    return render(request, "campaigns/detail.html", context)


def _figures(campaign: Campaign, over: perms.Oversight, *, mode: str, partial: bool) -> dict:
    """The campaign's bilan, live (« direct ») or from the validated versions (« gele »), by section."""
    if mode == "direct":
        perimeter = Perimeter(over.kind, over.code) if partial else services.live_perimeter(campaign)
        figures = compute(campaign.year, perimeter)
    else:
        figures = services.frozen_figures(campaign, organisations=over.operators() if partial else None)
    labels = scheme_labels()
    sections = {code: {"title": title, "rows": []} for code, title in SECTIONS}
    for key, value in figures.items():
        sections[section_of(key)]["rows"].append((label(key, labels), value, unit(key)))
    return {"sections": list(sections.values()), "has_figures": bool(figures)}


@require_POST
def campaign_remind(request: ClefRequest, pk: int) -> HttpResponse:
    campaign = get_campaign_or_404(request, pk)
    try:
        reminders = services.send_reminders(
            campaign=campaign,
            acting_user=request.user,
            organisation=request.membership.organisation,
            organisations=perms.oversight(request.membership).operators(),
        )
    except services.MailUnavailable:
        messages.error(
            request,
            "Les relances ne sont pas parties : le serveur de courriel ne répond pas. Rien n'a été compté ; "
            "réessayez plus tard ou prévenez l'administrateur de la plateforme.",
        )
        return redirect(campaign)
    if reminders.sent:
        messages.success(request, f"{reminders.sent} relance(s) envoyée(s) par courriel.")
    missing = reminders.without_director
    if missing:
        listed = ", ".join(missing[:10]) + (f" et {len(missing) - 10} autre(s)" if len(missing) > 10 else "")
        messages.warning(
            request,
            f"{len(missing)} structure(s) attendue(s) n'ont reçu aucune relance, faute de direction inscrite "
            f"dans Clef : {listed}. Contactez-les directement ou déposez leur fichier.",
        )
    if not reminders.sent and not missing:
        messages.info(request, "Aucune relance à envoyer : toutes les déclarations attendues sont validées.")
    return redirect(campaign)


def declaration_detail(request: ClefRequest, pk: int) -> HttpResponse:
    declaration = get_declaration_or_404(request, pk)
    perimeter = Perimeter("structure", str(declaration.organisation_id))
    values, wholes = compute_detailed(declaration.campaign.year, perimeter)
    if applies(operator=not declaration.coordinator, perimeter=perimeter, output=Output.PAGE):
        values = mask_indicators(values, wholes)
    labels = scheme_labels()
    rows = [(label(k, labels), v, unit(k)) for k, v in values.items()]
    submissions = declaration.submissions.select_related("submitted_by").order_by("-version")
    context = {
        "declaration": declaration,
        "rows": rows,
        "submissions": submissions,
        "coordinator": declaration.coordinator,
        "can_validate": campaign_perms.offers_validation(request.membership, declaration),
        "jobs": declaration.import_jobs.order_by("-created_at")[:10],
    }
    return render(request, "campaigns/declaration.html", context)


@require_POST
def declaration_validate(request: ClefRequest, pk: int) -> HttpResponse:
    declaration = get_declaration_or_404(request, pk)
    if not campaign_perms.can_validate_declaration(request.membership, declaration):
        raise PermissionDenied("Seule la direction de la structure valide sa déclaration.")
    submission = services.freeze(declaration=declaration, acting_user=request.user)
    messages.success(request, f"Déclaration validée : version {submission.version} enregistrée.")
    return redirect(declaration)


@require_POST
def declaration_reopen(request: ClefRequest, pk: int) -> HttpResponse:
    declaration = get_declaration_or_404(request, pk)
    if not campaign_perms.can_reopen_declaration(request.membership, declaration):
        raise PermissionDenied
    services.reopen(declaration=declaration, acting_user=request.user)
    messages.success(
        request,
        f"Déclaration de {declaration.organisation.name} rouverte ; les versions précédentes sont conservées.",
    )
    return redirect(declaration.campaign)


def declaration_upload(request: ClefRequest, pk: int) -> HttpResponse:
    declaration = get_declaration_or_404(request, pk)
    return import_new(request, declaration=declaration)
