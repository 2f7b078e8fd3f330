"""Pages of the bank statements: the list and the upload, a statement's lines, the queue of lines to
handle, a line (assign it to a household's lease, or ignore it). Reading lines that name payers is logged
(context RELEVE_BANCAIRE); every write goes through `clef.banking.services`."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse

from clef.banking import rules, services
from clef.banking.enums import LineStatus
from clef.banking.lines import StatementFileError
from clef.banking.models import BankLine, BankStatement
from clef.journal.models import AccessLogEntry
from clef.journal.services import log_access
from clef.organisations import perms
from clef.utils.writes import StaleEditError
from clef.www.access import ClefRequest
from clef.www.banking.access import get_line_or_404, get_statement_or_404, require_bank_statements
from clef.www.banking.forms import AssignForm, IgnoreForm, RequeueForm, StatementUploadForm
from clef.www.editing import attach_errors, form_status
from clef.www.pagination import paginate

LINES_PER_PAGE = 100
STATUS_FILTERS = {"": "Toutes", **dict(LineStatus.choices)}
STALE = "Cette ligne a été traitée par un collègue depuis l'ouverture de la page : rien n'a été enregistré."


def _log_lines(request: ClefRequest, lines, subject) -> None:
    """Lines name payers: the households of the matched ones (and the record read) go to the access log."""
    log_access(
        user=request.user,
        organisation_id=request.membership.organisation_id,
        context=AccessLogEntry.Context.RELEVE_BANCAIRE,
        household_ids=[line.lease.stay.household_id for line in lines if line.lease_id],
        subject=subject,
    )


def _lines(queryset):
    return (
        queryset.with_entry_reversed()
        .select_related("lease__stay__household", "statement")
        .prefetch_related("lease__stay__household__members")
    )


def ledger_url(lease) -> str | None:
    """The household's ledger page (clef.www.rental), when it exists."""
    try:
        return reverse("www:lease_ledger", args=[lease.pk])
    except NoReverseMatch:
        return None


def bank_import_list(request: ClefRequest) -> HttpResponse:
    membership = require_bank_statements(request)
    can_edit = perms.can_edit_ledger(membership)
    form = (
        StatementUploadForm(request.POST, request.FILES)
        if request.method == "POST"
        else StatementUploadForm()
    )
    errors: list[str] = []
    if request.method == "POST":
        require_bank_statements(request, edit=True)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                summary = services.import_statement(
                    organisation=membership.organisation,
                    file_name=upload.name,
                    data=upload.read(),
                    acting_user=request.user,
                )
            except StatementFileError as exc:
                errors = exc.errors
            except ValidationError as exc:
                errors = exc.messages
            else:
                messages.success(request, summary.message)
                return redirect(summary.statement.get_absolute_url())
    statements = (
        BankStatement.objects.for_organisation(membership.organisation_id)
        .select_related("imported_by")
        .annotate(queued=Count("lines", filter=Q(lines__status=LineStatus.A_TRAITER)))
        .order_by("-imported_at", "-pk")
    )
    context = {
        "form": form,
        "errors": errors,
        "page": paginate(request, statements),
        "can_edit": can_edit,
        "queued": BankLine.objects.for_organisation(membership.organisation_id).queued().count(),
    }
    status = 400 if errors else form_status(form)
    return render(request, "banking/statement_list.html", context, status=status)


def bank_statement(request: ClefRequest, pk: int) -> HttpResponse:
    statement = get_statement_or_404(request, pk)
    wanted = request.GET.get("etat", "")
    wanted = wanted if wanted in STATUS_FILTERS else ""
    lines = _lines(statement.lines.order_by("line_number"))
    if wanted:
        lines = lines.filter(status=wanted)
    page = paginate(request, lines, LINES_PER_PAGE)
    _log_lines(request, page.object_list, statement)
    counts = dict(statement.lines.values_list("status").annotate(n=Count("pk")).order_by())
    context = {
        "statement": statement,
        "page": page,
        "wanted": wanted,
        "filters": [
            (value, label, counts.get(value, 0) if value else statement.lines_count)
            for value, label in STATUS_FILTERS.items()
        ],
        "counts": counts,
    }
    return render(request, "banking/statement_detail.html", context)


def bank_queue(request: ClefRequest) -> HttpResponse:
    membership = require_bank_statements(request)
    lines = _lines(BankLine.objects.for_organisation(membership.organisation_id).to_handle()).order_by(
        "booked_on", "pk"
    )
    page = paginate(request, lines, LINES_PER_PAGE)
    if page.object_list:
        _log_lines(request, page.object_list, page.object_list[0])
    context = {"page": page, "can_edit": perms.can_edit_ledger(membership)}
    return render(request, "banking/queue.html", context)


def bank_line(request: ClefRequest, pk: int) -> HttpResponse:
    line = get_line_or_404(request, pk, edit=request.method == "POST")
    membership = request.membership
    action = request.POST.get("action") if request.method == "POST" else None
    initial = {"version": line.version}
    can_edit = perms.can_edit_ledger(membership)
    matched = line.status == LineStatus.RAPPROCHEE
    editable = can_edit and line.amount > 0 and not matched
    forms = {
        "assign": AssignForm(
            request.POST if action == "assign" else None,
            organisation_id=membership.organisation_id,
            line=line if editable else None,
            initial=dict(initial),
        ),
        "ignore": IgnoreForm(request.POST if action == "ignore" else None, initial=initial),
        "requeue": RequeueForm(request.POST if action == "requeue" else None, initial=initial),
    }
    handlers = {"assign": _assign, "ignore": _ignore, "requeue": _requeue}
    if action in handlers and forms[action].is_valid():
        done = handlers[action](request, line, forms[action])
        if done is not None:
            return done
    _log_lines(request, [line], line)
    context = {
        "line": line,
        **forms,
        "editable": editable,
        "requeueable": can_edit and matched,
        "reversal": line.entry.reversed_by if rules.entry_reversed(line) else None,
        "ledger_url": ledger_url(line.lease) if line.lease_id else None,
    }
    status = 400 if action in forms and forms[action].errors else 200
    return render(request, "banking/line.html", context, status=status)


def _assign(request: ClefRequest, line: BankLine, form: AssignForm) -> HttpResponse | None:
    data = form.cleaned_data
    try:
        done = services.assign_line(
            line=line,
            lease=data["lease"],
            kind=data["kind"],
            expected_version=data["version"],
            acting_user=request.user,
        )
    except StaleEditError:
        form.add_error(None, STALE)
        return None
    except ValidationError as exc:
        attach_errors(form, exc)
        return None
    messages.success(
        request,
        f"Paiement inscrit au compte {done.lease.payment_reference} ({done.get_kind_display().lower()}).",
    )
    return redirect(done.get_absolute_url())


def _ignore(request: ClefRequest, line: BankLine, form: IgnoreForm) -> HttpResponse | None:
    data = form.cleaned_data
    try:
        services.ignore_line(
            line=line,
            reason=data["ignored_reason"],
            expected_version=data["version"],
            acting_user=request.user,
        )
    except StaleEditError:
        form.add_error(None, STALE)
        return None
    except ValidationError as exc:
        attach_errors(form, exc)
        return None
    messages.success(request, "Ligne ignorée.")
    return redirect("www:bank_queue")


def _requeue(request: ClefRequest, line: BankLine, form: RequeueForm) -> HttpResponse | None:
    data = form.cleaned_data
    already = rules.entry_reversed(line)
    reference = line.lease.payment_reference if line.lease_id else ""
    try:
        services.requeue_line(
            line=line, reason=data["reason"], expected_version=data["version"], acting_user=request.user
        )
    except StaleEditError:
        form.add_error(None, STALE)
        return None
    except ValidationError as exc:
        attach_errors(form, exc)
        return None
    if already:
        done = "l'écriture était déjà contre-passée : aucune nouvelle contre-passation."
    else:
        done = f"le paiement est contre-passé sur le compte {reference}."
    messages.success(request, f"La ligne est remise à traiter ; {done}")
    return redirect(line.get_absolute_url())
