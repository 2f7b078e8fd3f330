from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from clef.bilan.indicators import Perimeter, apply_secrecy, compute
from clef.bilan.labels import SECTIONS, label, scheme_labels, section_of
from clef.campaigns import services
from clef.campaigns.models import Campaign, Declaration
from clef.organisations import perms
from clef.organisations.models import OrganisationKind, Role
from clef.territories.models import Department, Region
from clef.utils import bounds
from clef.www.forms import DateInput, DsfrFormMixin
from clef.www.views.imports import import_new


def _membership(request):
    membership = request.membership if request.membership else None
    if membership is None:
        raise PermissionDenied
    return membership


def _is_coordinator(membership) -> bool:
    return perms.is_state_actor(membership) and perms.oversight(membership) is not None


def _coordinator(request):
    membership = _membership(request)
    if not _is_coordinator(membership):
        raise PermissionDenied("Réservé à la coordination (DREETS, DDETS).")
    return membership


def _campaigns_of(membership):
    """Campaigns that concern what the member oversees: a DDETS sees the campaigns of its department and
    those of its region (restricted to its department's declarations)."""
    queryset = Campaign.objects.select_related("region", "department")
    over = perms.oversight(membership)
    if over.kind == "region":
        return queryset.filter(Q(region_id=over.code) | Q(department__region_id=over.code))
    if over.kind == "departement":
        region = Department.objects.filter(code=over.code).values_list("region_id", flat=True)
        return queryset.filter(Q(department_id=over.code) | Q(region_id__in=region))
    return queryset


def _declarations_in_scope(campaign, membership):
    return campaign.declarations.filter(organisation__in=perms.oversight(membership).operators())


class CampaignForm(DsfrFormMixin, forms.Form):
    year = forms.IntegerField(label="Année à collecter", min_value=2010, validators=[bounds.YEAR])
    department = forms.ModelChoiceField(
        label="Périmètre", queryset=Department.objects.none(), required=False, empty_label="Toute la région"
    )
    deadline = forms.DateField(label="Date limite de dépôt", widget=DateInput(), validators=[bounds.DATE])

    def __init__(self, *args, oversight, **kwargs):
        super().__init__(*args, **kwargs)
        # The perimeter offered is what the coordinator oversees: its region (or one of its departments),
        # or, for a DDETS, its department only.
        self.region = None
        departments = Department.objects.all()
        if oversight.kind == "region":
            self.region = Region.objects.filter(code=oversight.code).first()
            departments = departments.filter(region_id=oversight.code)
        elif oversight.kind == "departement":
            departments = departments.filter(code=oversight.code)
            self.fields["department"].empty_label = None
            self.fields["department"].required = True
        self.fields["department"].queryset = departments

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year >= timezone.localdate().year + 1:
            raise forms.ValidationError("On ne collecte qu'une année commencée.")
        return year

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise forms.ValidationError("La date limite est déjà passée.")
        return deadline

    def clean(self):
        cleaned = super().clean()
        if self.region is None and not cleaned.get("department"):
            self.add_error("department", "Choisissez un département.")
        return cleaned


def campaign_list(request):
    membership = _membership(request)
    if _is_coordinator(membership):
        form = CampaignForm(
            request.POST or None,
            oversight=perms.oversight(membership),
            initial={"year": timezone.localdate().year - 1},
        )
        region = form.region
        campaign = None
        if request.method == "POST" and form.is_valid():
            department = form.cleaned_data["department"]
            try:
                campaign = services.open_campaign(
                    year=form.cleaned_data["year"],
                    deadline=form.cleaned_data["deadline"],
                    acting_user=request.user,
                    organisation=membership.organisation,
                    region=None if department else region,
                    department=department,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
        if campaign is not None:
            messages.success(
                request,
                f"Collecte {campaign.year} ouverte : {campaign.declarations.count()} "
                "structures ont une déclaration à faire.",
            )
            return redirect(campaign)
        return render(
            request,
            "campaigns/list.html",
            {"campaigns": _campaigns_of(membership), "form": form},
            status=400 if form.errors else 200,
        )
    if membership.organisation.kind != OrganisationKind.OPERATOR:
        raise PermissionDenied
    declarations = Declaration.objects.filter(organisation=membership.organisation).select_related(
        "campaign", "campaign__region", "campaign__department"
    )
    return render(request, "campaigns/operator_list.html", {"declarations": declarations})


def campaign_detail(request, pk: int):
    membership = _coordinator(request)
    campaign = _campaigns_of(membership).filter(pk=pk).first()
    if campaign is None:
        raise Http404
    declarations = list(
        _declarations_in_scope(campaign, membership)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    over = perms.oversight(membership)
    partial = over.kind == "departement" and campaign.department_id is None
    board = dict.fromkeys(("a_faire", "en_retard", "erreurs", "validee"), 0)
    for declaration in declarations:
        board[declaration.board_status] += 1
    mode = request.GET.get("bilan", "gele")
    if mode == "direct":
        perimeter = Perimeter(over.kind, over.code) if partial else services.live_perimeter(campaign)
        figures = compute(campaign.year, perimeter)
    else:
        figures = services.frozen_figures(campaign, organisations=over.operators() if partial else None)
    labels = scheme_labels()
    sections = {code: {"title": title, "rows": []} for code, title in SECTIONS}
    for key, value in figures.items():
        sections[section_of(key)]["rows"].append(
            (label(key, labels), value, "%" if key.endswith("_pct") else "")
        )
    return render(
        request,
        "campaigns/detail.html",
        {
            "campaign": campaign,
            "declarations": declarations,
            "board": board,
            "mode": mode,
            "sections": list(sections.values()),
            "has_figures": bool(figures),
            "partial": partial,
        },
    )


@require_POST
def campaign_remind(request, pk: int):
    membership = _coordinator(request)
    campaign = _campaigns_of(membership).filter(pk=pk).first()
    if campaign is None:
        raise Http404
    try:
        reminders = services.send_reminders(
            campaign=campaign, organisations=perms.oversight(membership).operators()
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


def _declaration(request, pk: int):
    membership = _membership(request)
    declaration = (
        Declaration.objects.select_related("campaign", "organisation", "organisation__head_office_department")
        .filter(pk=pk)
        .first()
    )
    if declaration is None:
        raise Http404
    if _is_coordinator(membership):
        if not (
            perms.oversight(membership).covers(declaration.organisation)
            and _campaigns_of(membership).filter(pk=declaration.campaign_id).exists()
        ):
            raise Http404
        return declaration, membership, True
    if declaration.organisation_id != membership.organisation_id:
        raise Http404
    return declaration, membership, False


def declaration_detail(request, pk: int):
    declaration, membership, coordinator = _declaration(request, pk)
    from clef.bilan.indicators import Perimeter, compute_detailed

    values, wholes = compute_detailed(
        declaration.campaign.year, Perimeter("structure", str(declaration.organisation_id))
    )
    if coordinator:
        values = apply_secrecy(values, wholes)
    labels = scheme_labels()
    rows = [(label(k, labels), v, "%" if k.endswith("_pct") else "") for k, v in values.items()]
    submissions = declaration.submissions.select_related("submitted_by").order_by("-version")
    can_validate = (
        not coordinator
        and membership.role == Role.DIRECTOR
        and declaration.campaign.is_open
        and declaration.status != Declaration.Status.VALIDATED  # validated: the coordinator reopens it
    )
    return render(
        request,
        "campaigns/declaration.html",
        {
            "declaration": declaration,
            "rows": rows,
            "submissions": submissions,
            "coordinator": coordinator,
            "can_validate": can_validate,
            "jobs": declaration.import_jobs.order_by("-created_at")[:10],
        },
    )


@require_POST
def declaration_validate(request, pk: int):
    declaration, membership, coordinator = _declaration(request, pk)
    if coordinator or membership.role != Role.DIRECTOR:
        raise PermissionDenied("Seule la direction de la structure valide sa déclaration.")
    submission = services.freeze(declaration=declaration, acting_user=request.user)
    messages.success(request, f"Déclaration validée : version {submission.version} enregistrée.")
    return redirect(declaration)


@require_POST
def declaration_reopen(request, pk: int):
    declaration, membership, coordinator = _declaration(request, pk)
    if not coordinator:
        raise PermissionDenied
    services.reopen(declaration=declaration)
    messages.success(
        request,
        f"Déclaration de {declaration.organisation.name} rouverte ; les versions précédentes "
        "sont conservées.",
    )
    return redirect(declaration.campaign)


def declaration_upload(request, pk: int):
    declaration, membership, coordinator = _declaration(request, pk)
    return import_new(request, declaration=declaration)
