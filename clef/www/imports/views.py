"""Imports of files in the exchange format (progress, report) and the operator's own export."""

from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify

from clef.exchange import jobs
from clef.exchange.exporter import collect, workbook_bytes
from clef.exchange.finance import withheld_for
from clef.exchange.models import ImportJob
from clef.journal.services import log_access
from clef.organisations import perms
from clef.organisations.models import Membership, Organisation
from clef.www.access import ClefRequest, get_import_job_or_404, require_importer, require_register
from clef.www.imports.forms import ImportForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def ensure_exchange_id(organisation: Organisation) -> str:
    if not organisation.external_id:
        organisation.external_id = f"clef-structure-{organisation.pk}"
        Organisation.objects.filter(pk=organisation.pk).update(external_id=organisation.external_id)
    return organisation.external_id


def coordinator_operators(membership: Membership):
    """The operators a coordinator may import for: those it oversees."""
    return perms.oversight(membership).operators().order_by("name")


def import_new(request: ClefRequest, declaration=None) -> HttpResponse:
    membership = require_importer(request)
    coordinator = not membership.organisation.is_operator
    operators = coordinator_operators(membership) if coordinator and declaration is None else None
    form = ImportForm(request.POST or None, request.FILES or None, operators=operators)
    if request.method == "POST" and form.is_valid():
        if coordinator:
            target = declaration.organisation if declaration else form.cleaned_data.get("organisation")
        else:
            target = membership.organisation
        if target is not None:
            ensure_exchange_id(target)
        upload = form.cleaned_data["file"]
        job = ImportJob.objects.create(
            organisation=target,
            uploaded_by=request.user,
            uploaded_from=membership.organisation,
            file=upload,
            original_name=upload.name[:255],
            dry_run=form.cleaned_data["dry_run"],
            declaration=declaration,
        )
        jobs.start(job)
        return redirect(job)
    context = {
        "form": form,
        "coordinator": coordinator,
        "declaration": declaration,
        "exchange_id": None if coordinator else ensure_exchange_id(membership.organisation),
    }
    return render(request, "imports/new.html", context, status=400 if form.errors else 200)


def import_detail(request: ClefRequest, pk: int) -> HttpResponse:
    job = get_import_job_or_404(request, pk)
    context = {"job": job, "errors": job.errors[:500], "warnings": job.warnings[:200]}
    return render(request, "imports/detail.html", context)


def import_status(request: ClefRequest, pk: int) -> JsonResponse:
    job = get_import_job_or_404(request, pk, light=True)
    return JsonResponse(
        {
            "status": job.status,
            "label": job.status_label,
            "percent": job.percent,
            "step": job.step,
            "finished": job.finished,
        }
    )


def import_report(request: ClefRequest, pk: int) -> HttpResponse:
    job = get_import_job_or_404(request, pk)
    response = HttpResponse(jobs.report_xlsx(job), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="rapport-import-{job.pk}.xlsx"'
    return response


def export_own(request: ClefRequest) -> HttpResponse:
    """An operator downloads all its data in the exchange format (one workbook)."""
    membership = require_register(request)
    organisation = membership.organisation
    ensure_exchange_id(organisation)
    # Every household's data leaves Clef in this file: it is in the access log.
    log_access(user=request.user, organisation_id=organisation.pk, context="export", household_ids=[])
    rows = collect([organisation], withheld=withheld_for(membership))  # what the member's role may read
    response = HttpResponse(workbook_bytes(rows), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="clef-{slugify(organisation.name)}.xlsx"'
    return response
