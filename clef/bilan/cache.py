"""The computed bilan, cached (issue 7 §7).

Public API:

    get_bilan(year: int, perimeter: Perimeter, *, diffusion: bool) -> dict
        The bilan of `year` over `perimeter`, from the cache or computed then cached:
        {"year": int, "perimeter": "region:84", "version": str,
         "values": {key: value},       # every indicator of the spec, masked when `diffusion`
         "previous": {key: value},     # the same for year − 1 (masked likewise)
         "series": {"years", "structures", "dwellings", "places"},   # since the first year
         "first_year": int | None,     # first year with a dwelling in the perimeter
         "department_table": [row] | None,  # perimeters tout and region; masked when `diffusion`
         "operator_table": [row] | None}    # perimeters tout, region, departement; always masked
        `diffusion` comes from `clef.bilan.secrecy.applies(...)`.

    remember(name: str, year: int, perimeter: Perimeter, *, diffusion: bool, compute: Callable[[], T]) -> T
        Any other piece derived from the bilan (charts, a PDF) cached under the same data version:
        computed by `compute()` only when the perimeter changed since it was cached.

    data_version(perimeter: Perimeter) -> str
        Changes with every write that can change a figure of the perimeter.

The data version of a perimeter is a digest of: its operators (id, name, head office: what moves them
between perimeters or renames a table row) with the latest entry of each in the journal; the number, the
highest and the sum of the ids of the perimeter's journal entries written since the start of the
previous hour; the exit categorisation schemes (data shared by every bilan, edited in the admin); and the
SIAO's proposals to the perimeter's operators (number, highest id, sum of versions: the SIAO journals the
proposals it makes and withdraws under its own name, not the operator's); for a region or a department, whose
bilan reads its region's security fund (fonds.*, `clef.bilan.sections.fund`), the fund's manager (a network)
is probed with the operators (it journals the contributions, the contributors, the decisions and the payouts
under its own name), and the fund's claims (number, highest id, sum of versions: an operator of another
department journals its claim under its own name); and the settings a figure reads (CLEF_RENTAL's reference
cost and ageing limits, the captation targets, the practice defaults), whose change needs no write at all.
The subsidies (financement.*) are journaled under their operator, whoever records them; the IRL indices
loaded by the administrator feed no figure of the bilan.
Every write to the register, through the services or an import, writes the journal in the same
transaction; the retention purge leaves a new entry; the journal is append-only. The latest entry of an
operator is one probe of the journal index (organisation, at), as cheap for an inactive operator as for an
active one. The recent entries catch what the latest entry cannot: a transaction that commits after a
later one (an import is long), an entry stamped by a server whose clock is a little behind; a
transaction would have to last more than an hour to be missed. A write in another perimeter leaves the
version unchanged; the bilan of a perimeter written to in the previous hour is computed once more when
those entries leave the window.

The cache is Django's default cache (settings.CACHES: the database in service, shared by every gunicorn
worker, saved and restored with the data it was computed from; local memory in the tests). Keys hold no
personal data: a digest of the perimeter, year and version.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from clef.bilan import breakdowns
from clef.bilan.indicators import compute_detailed
from clef.bilan.perimeter import Perimeter, arrears_day
from clef.bilan.secrecy import mask_indicators
from clef.guarantees.models import SecurityFund
from clef.journal.models import JournalEntry
from clef.organisations.models import Organisation
from clef.orientation.models import Proposal
from clef.referential.models import ExitCategory, ExitSchemeEntry

T = TypeVar("T")

# Bump when the shape or the meaning of what is cached changes (a new key, a fixed computation): entries
# computed by the previous code are then never read again.
FORMAT = 5  # 2: the pathway sections of issue 8; 3: the captation section of issue 9; 4: issue 10;
# 5: a running year's arrears at today
TIMEOUT = 7 * 24 * 3600  # a version-keyed entry never goes stale; the timeout only lets old ones go
_MISSING = object()


def data_version(perimeter: Perimeter) -> str:
    """A digest that changes with every write that can change a figure of `perimeter` (five queries; six for
    a region or a department: the claims of its security fund)."""
    operators, funds = perimeter.organisations(), funds_read_by(perimeter)
    probed = operators
    if funds is not None:  # the fund's manager journals its writes under its own name
        probed = Organisation.objects.filter(
            Q(pk__in=operators.values("pk")) | Q(pk__in=funds.values("manager_id"))
        )
    latest = JournalEntry.objects.filter(organisation=OuterRef("pk")).order_by("-at", "-pk").values("pk")[:1]
    names = list(
        probed.order_by("pk")
        .annotate(latest=Subquery(latest))
        .values_list("pk", "latest", "name", "head_office_department_id")
    )
    since = timezone.now().replace(minute=0, second=0, microsecond=0) - timedelta(hours=1)
    recent = JournalEntry.objects.filter(organisation__in=probed.values("pk"), at__gte=since).aggregate(
        n=Count("pk"), last=Max("pk"), total=Sum("pk")
    )
    categories = list(
        ExitCategory.objects.order_by("pk").values_list(
            "pk", "code", "label", "position", "scheme_id", "scheme__code", "scheme__name", "scheme__position"
        )
    )
    entries = list(ExitSchemeEntry.objects.order_by("pk").values_list("category_id", "destination"))
    # The SIAO journals the proposals it makes (and withdraws) under its own name: they are probed here.
    proposals = Proposal.objects.filter(operator__in=operators.values("pk")).aggregate(
        n=Count("pk"), last=Max("pk"), versions=Sum("version")
    )
    claims = {}
    if funds is not None:  # an operator of another department journals its claim under its own name
        claims = funds.aggregate(
            funds=Count("pk", distinct=True),
            n=Count("claims"),
            last=Max("claims__pk"),
            versions=Sum("claims__version"),
        )
    return _digest(
        repr(
            (
                names,
                sorted(recent.items()),
                categories,
                entries,
                sorted(proposals.items()),
                sorted(claims.items()),
            )
        )
        + _settings_read()
    )


def funds_read_by(perimeter: Perimeter) -> QuerySet[SecurityFund] | None:
    """The security funds whose figures the bilan of `perimeter` reads: its region's (a department's region),
    none for a structure or the whole database (as `clef.bilan.sections.fund` reads them)."""
    if perimeter.kind == "region":
        return SecurityFund.objects.filter(region_id=perimeter.code)
    if perimeter.kind == "departement":
        return SecurityFund.objects.of_department(perimeter.code)
    return None


def _settings_read() -> str:
    """The settings a figure reads: changed with a restart, no write in the database."""
    return repr(
        (
            settings.CLEF_RENTAL.get("reference_cost_per_person_day"),
            settings.CLEF_RENTAL.get("ageing_limits_months"),
            sorted(settings.CLEF_CAPTATION_TARGETS.items()),
            sorted(settings.CLEF_PRACTICE_DEFAULTS.items()),
        )
    )


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _key(name: str, year: int, perimeter: Perimeter, diffusion: bool, version: str) -> str:
    day = arrears_day(year)  # a running year's arrears are read at today: a new day, a new bilan
    return "bilan:" + _digest(f"{FORMAT}|{name}|{perimeter.key}|{year}|{day}|{int(diffusion)}|{version}")


def remember(name: str, year: int, perimeter: Perimeter, *, diffusion: bool, compute: Callable[[], T]) -> T:
    """`compute()`, cached until a write changes the perimeter (see the module docstring)."""
    key = _key(name, year, perimeter, diffusion, data_version(perimeter))
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value


def get_bilan(year: int, perimeter: Perimeter, *, diffusion: bool) -> dict:
    """The bilan of `year` over `perimeter` (see the module docstring for what it holds)."""
    version = data_version(perimeter)
    key = _key("bilan", year, perimeter, diffusion, version)
    bilan = cache.get(key)
    if bilan is None:
        bilan = compute_bilan(year, perimeter, diffusion=diffusion) | {"version": version}
        cache.set(key, bilan, TIMEOUT)
    return bilan


def compute_bilan(year: int, perimeter: Perimeter, *, diffusion: bool) -> dict:
    """What `get_bilan` caches, computed."""
    values, wholes = compute_detailed(year, perimeter)
    previous, previous_wholes = compute_detailed(year - 1, perimeter)
    if diffusion:
        values, previous = mask_indicators(values, wholes), mask_indicators(previous, previous_wholes)
    department_table = operator_table = None
    if perimeter.kind in {"tout", "region"}:
        department_table = breakdowns.table_by(year, perimeter, "departement", secrecy=diffusion)
    if perimeter.kind in {"tout", "region", "departement"}:
        operator_table = breakdowns.table_by(year, perimeter, "structure", secrecy=True)
    return {
        "year": year,
        "perimeter": perimeter.key,
        "values": values,
        "previous": previous,
        "series": breakdowns.series(perimeter, year),
        "first_year": breakdowns.first_year(perimeter),
        "department_table": department_table,
        "operator_table": operator_table,
    }
