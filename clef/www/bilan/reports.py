"""PDF reports of the bilan: asked from the bilan page, drawn by the worker (`clef.bilan.jobs`), followed on
their own page (progress polled as JSON, like imports), downloaded by the person who asked, from the
organisation they asked from; anyone else gets a 404."""

from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from clef.bilan import jobs, report
from clef.bilan.models import ReportJob
from clef.bilan.secrecy import Output, applies
from clef.www.access import get_report_job_or_404, require_bilan
from clef.www.bilan.forms import ReportRequestForm


@require_POST
def report_new(request):
    require_bilan(request)  # 403 for whoever sees no bilan at all
    form = ReportRequestForm(request.POST)
    if not form.is_valid():
        raise Http404
    scope = require_bilan(request, form.cleaned_data["perimetre"] or None)
    job = ReportJob.objects.create(
        requested_by=request.user,
        organisation=request.membership.organisation,
        year=form.cleaned_data["annee"],
        perimeter=form.cleaned_data["perimetre"],
        perimeter_name=(scope.title if scope.is_operator else report.perimeter_name(scope.perimeter))[:250],
        diffusion=applies(operator=scope.is_operator, perimeter=scope.perimeter, output=Output.PDF),
    )
    jobs.start(job)
    return redirect(job)


def report_detail(request, pk: int):
    job = get_report_job_or_404(request, pk)
    if jobs.recover_stale_jobs():  # a job whose worker died is shown as failed, not as running forever
        job.refresh_from_db()
    return render(request, "bilan/report_job.html", {"job": job})


def report_status(request, pk: int):
    job = get_report_job_or_404(request, pk)
    return JsonResponse(
        {
            "status": job.status,
            "label": job.get_status_display(),
            "percent": job.percent,
            "step": job.step,
            "finished": job.finished,
        }
    )


def report_download(request, pk: int):
    job = get_report_job_or_404(request, pk)
    if job.status != ReportJob.Status.DONE or not job.file:
        raise Http404
    require_bilan(request, job.perimeter or None)  # rights withdrawn since: 403 or 404, as for the page
    return FileResponse(
        job.file.open("rb"), as_attachment=True, filename=job.filename, content_type="application/pdf"
    )
