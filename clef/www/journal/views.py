"""The journal pages: the journal of changes and audited actions, and the access log of household files.

Read by an operator's director (their organisation's entries) and by the platform administrator (every
organisation's); anyone else gets a 404 (`perms.can_read_journal`). The administrator never reads
household-level details: no household name, and the changes of an entry about a household are withheld.
"""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from clef.journal.models import AccessLogEntry, JournalEntry
from clef.organisations.models import Membership
from clef.www.access import require_journal_reader
from clef.www.journal.forms import JournalFilterForm

PAGE_SIZE = 50


def _page(request: HttpRequest, entries):
    return Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))


def _filtered(request: HttpRequest, queryset, *, every: bool, membership: Membership, user_field: str):
    organisation = None if every else membership.organisation
    if organisation is not None:
        queryset = queryset.filter(organisation=organisation)
    form = JournalFilterForm(
        request.GET or None,
        organisation=organisation,
        user_field=user_field,
        dwellings=queryset.model is JournalEntry,
    )
    return form, form.filter(queryset)


def access_log(request: HttpRequest) -> HttpResponse:
    """Who opened which household file, when, and on which page."""
    membership, every = require_journal_reader(request)
    entries = AccessLogEntry.objects.select_related("user")
    if every:
        entries = entries.select_related("organisation")
    form, entries = _filtered(request, entries, every=every, membership=membership, user_field="user")
    page = _page(request, entries.order_by("-at", "-id"))
    context = {"form": form, "page": page, "every": every}
    return render(request, "journal/access_log.html", context)


def journal_entries(request: HttpRequest) -> HttpResponse:
    """Every audited write: changes of the register, campaigns, declarations, imports, schemes."""
    membership, every = require_journal_reader(request)
    entries = JournalEntry.objects.select_related("actor", "content_type")
    if every:
        entries = entries.select_related("organisation")
    form, entries = _filtered(request, entries, every=every, membership=membership, user_field="actor")
    page = _page(request, entries.order_by("-at", "-id"))
    for entry in page.object_list:
        # The administrator sees that a household file changed, never what it holds.
        entry.withheld = every and entry.household_id is not None
    context = {"form": form, "page": page, "every": every}
    return render(request, "journal/entries.html", context)
