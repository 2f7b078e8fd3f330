from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify

from clef.exchange import jobs
from clef.exchange.exporter import collect, workbook_bytes
from clef.exchange.models import ImportJob
from clef.exchange.reader import DatasetError, uncompressed_size
from clef.journal.services import log_access
from clef.organisations import perms
from clef.organisations.models import Organisation
from clef.www.forms import DsfrFormMixin


def _importer(request):
    """(membership, is_coordinator) of someone allowed to import, else 403."""
    membership = request.membership if request.membership else None
    if not perms.can_import(membership):
        raise PermissionDenied(
            "Seules la direction d'une structure et la coordination de l'État importent des fichiers."
        )
    return membership, not membership.organisation.is_operator


def ensure_exchange_id(organisation: Organisation) -> str:
    if not organisation.external_id:
        organisation.external_id = f"clef-structure-{organisation.pk}"
        Organisation.objects.filter(pk=organisation.pk).update(external_id=organisation.external_id)
    return organisation.external_id


class ImportForm(DsfrFormMixin, forms.Form):
    file = forms.FileField(
        label="Fichier au format d'échange",
        help_text="Un classeur .xlsx (une feuille par fichier) ou un fichier .csv nommé d'après sa table "
        "(logements.csv…). Taille maximale : 100 Mo.",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    organisation = forms.ModelChoiceField(
        label="Structure concernée",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="Les structures décrites dans le fichier (créées si elles n'existent pas)",
    )
    dry_run = forms.BooleanField(label="Vérifier seulement, sans rien enregistrer", required=False)

    def __init__(self, *args, operators=None, **kwargs):
        super().__init__(*args, **kwargs)
        if operators is None:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = operators

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError("Déposez un classeur .xlsx ou un fichier .csv.")
        if upload.size > settings.IMPORT_MAX_BYTES:
            limit = settings.IMPORT_MAX_BYTES // 1_000_000
            raise forms.ValidationError(
                f"Ce fichier dépasse {limit} Mo : découpez-le ou contactez la plateforme."
            )
        if upload.name.lower().endswith(".xlsx"):
            try:
                uncompressed_size(upload.name, upload.read())
            except DatasetError as exc:
                raise forms.ValidationError(str(exc)) from exc
            finally:
                upload.seek(0)
        return upload


def coordinator_operators(membership):
    """The operators a coordinator may import for: those it oversees."""
    return perms.oversight(membership).operators().order_by("name")


def import_new(request, declaration=None):
    membership, coordinator = _importer(request)
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


def _job(request, pk: int, *, light: bool = False) -> ImportJob:
    membership = request.membership if request.membership else None
    if membership is None:
        raise Http404
    jobs.recover_stale_jobs()
    queryset = ImportJob.objects.filter(pk=pk, uploaded_from=membership.organisation)
    if light:  # the progress poll does not need the report
        queryset = queryset.defer("problems", "counts")
    job = queryset.first()
    if job is None:
        raise Http404
    return job


def import_detail(request, pk: int):
    job = _job(request, pk)
    return render(
        request,
        "imports/detail.html",
        {"job": job, "errors": job.errors[:500], "warnings": job.warnings[:200]},
    )


def import_status(request, pk: int):
    job = _job(request, pk, light=True)
    return JsonResponse(
        {
            "status": job.status,
            "label": job.status_label,
            "percent": job.percent,
            "step": job.step,
            "finished": job.finished,
        }
    )


def import_report(request, pk: int):
    job = _job(request, pk)
    response = HttpResponse(
        jobs.report_xlsx(job),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="rapport-import-{job.pk}.xlsx"'
    return response


def export_own(request):
    """An operator downloads all its data in the exchange format (one workbook)."""
    membership = request.membership if request.membership else None
    if not perms.can_view_register(membership):
        raise PermissionDenied
    organisation = membership.organisation
    ensure_exchange_id(organisation)
    # Every household's data leaves Clef in this file: it is in the access log.
    log_access(user=request.user, organisation_id=organisation.pk, context="export", household_ids=[])
    response = HttpResponse(
        workbook_bytes(collect([organisation])),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="clef-{slugify(organisation.name)}.xlsx"'
    return response
