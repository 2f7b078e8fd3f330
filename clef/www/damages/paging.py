"""The pages of the « États des lieux et sinistres » list: four tables on one page, each paginated on its own
(Django's Paginator, DSFR pagination component), its page number in its own query parameter so that turning
one table's page keeps the others'. The links land on the table (`#<anchor>`)."""

from __future__ import annotations

from django.core.paginator import Page, Paginator

PER_PAGE = 25


def _url(request, param: str, number: int, anchor: str) -> str:
    params = request.GET.copy()
    params[param] = str(number)
    return f"?{params.urlencode()}#{anchor}"


def section_page(request, queryset, *, param: str, anchor: str, per_page: int = PER_PAGE) -> Page:
    """A page of `queryset` (an invalid or out-of-range number gives the nearest valid page), with `links`:
    the URLs of the first, previous, next and last pages (None where there is none)."""
    page = Paginator(queryset, per_page).get_page(request.GET.get(param))
    last = page.paginator.num_pages
    page.links = {
        "first": _url(request, param, 1, anchor) if page.has_previous() else None,
        "previous": _url(request, param, page.previous_page_number(), anchor)
        if page.has_previous()
        else None,
        "next": _url(request, param, page.next_page_number(), anchor) if page.has_next() else None,
        "last": _url(request, param, last, anchor) if page.has_next() else None,
    }
    page.label = anchor
    return page
