"""Every view is protected: walks the URL resolver, so that a view added later without protection fails here.

- Every page but the public ones (`login_not_required`) sends an anonymous visitor to the login page.
- Every view of the areas starts with an access helper of `clef.www.access` (its first statement).
- Every URL that names a record answers 404 to a member of another organisation (the record exists).
"""

import ast
import contextlib
import importlib
import inspect
import textwrap
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from clef.campaigns.models import Campaign, Declaration
from clef.exchange.models import ImportJob
from clef.households.models import Household
from clef.organisations.models import Role
from clef.www import access
from clef.www.access import require_register
from tests.factories.households import HouseholdFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.stays import StayFactory

# The areas whose views must start with an access helper (the footer pages are public).
AREAS = tuple(
    f"clef.www.{area}.views"
    for area in (
        "home",
        "dwellings",
        "households",
        "stays",
        "campaigns",
        "imports",
        "territories",
        "accounts",
        "bilan",
        "journal",
        "orientation",
        "occupancy",
        "support",
        "exits",
        "agenda",
        "needs",
        "locavantages",
        "guichet",
        "captation",
        "contracts",
        "guarantees",
        "damages",
        "banking",
        "rental",
        "recovery",
        "leases",
        "funding",
    )
) + (
    "clef.www.bilan.reports",
    "clef.www.guichet.public",
    "clef.www.captation.lead_views",
    "clef.www.guarantees.visale_views",
    "clef.www.damages.claim_views",
    "clef.www.damages.deletion",
    "clef.www.rental.lease_views",
    "clef.www.rental.owner_views",
)


def _access_helpers() -> set[str]:
    """The helpers of `clef.www.access` and of each area's own `access.py` (orientation, support…)."""
    modules = [access]
    for area in (
        "orientation",
        "occupancy",
        "support",
        "exits",
        "agenda",
        "needs",
        "locavantages",
        "guichet",
        "captation",
        "contracts",
        "guarantees",
        "damages",
        "banking",
        "rental",
        "recovery",
        "leases",
        "funding",
    ):
        with contextlib.suppress(ModuleNotFoundError):
            modules.append(importlib.import_module(f"clef.www.{area}.access"))
    helpers: dict = {}
    for module in modules:
        for name, value in vars(module).items():
            if callable(value) and name.startswith(("require_", "get_")):
                # Two areas' helpers under one name would hide one of them from this test.
                assert helpers.setdefault(name, value) is value, f"two access helpers are named {name}"
    return helpers


ACCESS_HELPERS = _access_helpers()  # name → the helper (clef.www.access's or an area's access.py)


def _routes(resolver=None, namespace=None):
    """(url name, route, view) of every URL except the admin's."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if str(pattern.pattern).startswith("admin/"):
                continue
            yield from _routes(pattern, pattern.namespace or namespace)
        elif pattern.name:
            yield (
                f"{namespace}:{pattern.name}" if namespace else pattern.name,
                pattern.pattern,
                pattern.callback,
            )


ROUTES = sorted(_routes(), key=lambda route: route[0])
PROTECTED = [(name, pattern) for name, pattern, view in ROUTES if getattr(view, "login_required", True)]
AREA_VIEWS = [(name, view) for name, _, view in ROUTES if inspect.unwrap(view).__module__ in AREAS]


def _url(name: str, pattern) -> str:
    return reverse(name, kwargs=dict.fromkeys(pattern.converters, 1))


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "pattern"), PROTECTED, ids=[name for name, _ in PROTECTED])
def test_an_anonymous_visitor_is_sent_to_the_login_page(client, name, pattern):
    response = client.get(_url(name, pattern))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def _first_statement(function) -> ast.stmt:
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    body = tree.body[0].body
    if isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):  # the docstring
        body = body[1:]
    return body[0]


def test_the_areas_have_views_to_check():
    assert len(AREA_VIEWS) >= 30  # the walk finds the areas' views (a broken walk would check nothing)


def _helpers_first_called(function) -> set[str]:
    """The access helpers that the function's first statement calls."""
    called = {
        node.func.id
        for node in ast.walk(_first_statement(function))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }
    return {n for n in called & ACCESS_HELPERS.keys() if function.__globals__.get(n) is ACCESS_HELPERS[n]}


def _unprotected_view(request):
    """A view that forgets its access helper (what the check must catch)."""
    household = Household.objects.first()
    require_register(request)
    return household


def test_the_check_catches_a_view_whose_first_statement_is_not_an_access_helper():
    assert _helpers_first_called(_unprotected_view) == set()


@pytest.mark.parametrize(("name", "view"), AREA_VIEWS, ids=[name for name, _ in AREA_VIEWS])
def test_every_view_of_the_areas_starts_with_an_access_helper(name, view):
    function = inspect.unwrap(view)
    if getattr(view, "login_required", True) is False:
        return  # public: the login page
    assert _helpers_first_called(function), (
        f"{name}: the first statement of {function.__qualname__} calls no helper of clef.www.access"
    )


# --- Records of another organisation --------------------------------------------------------------------

POSTED = {
    "www:occupancy_first_term",
    "www:campaign_remind",
    "www:declaration_validate",
    "www:declaration_reopen",
    "accounts:two_factor_disable",
}


def _register(owner):
    stay = StayFactory(household__organisation=owner, entry_date=date(2023, 1, 1))
    return {
        "dwelling": stay.dwelling.pk,
        "household": HouseholdFactory(organisation=owner).pk,
        "stay": stay.pk,
    }


def _campaign(owner) -> Campaign:
    coordinator = MembershipFactory(organisation=OrganisationFactory(state=True), role=Role.STATE_COORDINATOR)
    campaign = Campaign.objects.create(
        year=2024,
        deadline=timezone.localdate() + timedelta(days=30),
        region_id="84",
        opened_by=coordinator.user,
        opened_from=coordinator.organisation,
    )
    Declaration.objects.create(campaign=campaign, organisation=owner)
    return campaign


def _job(owner) -> int:
    director = MembershipFactory(organisation=owner, role=Role.DIRECTOR)
    job = ImportJob.objects.create(
        organisation=owner,
        uploaded_by=director.user,
        uploaded_from=owner,
        file=SimpleUploadedFile("x.csv", b"a"),
        original_name="x.csv",
    )
    return job.pk


# url name → (which record its pk names, who tries: "director" of another operator or "coordinator" of
# another region). A URL with a pk that is missing here fails test_every_record_url_is_listed.
RECORD_URLS = {
    "www:dwelling_detail": ("dwelling", "director"),
    "www:dwelling_edit": ("dwelling", "director"),
    "www:household_detail": ("household", "director"),
    "www:household_edit": ("household", "director"),
    "www:stay_enter": ("household", "director"),
    "www:stay_end": ("stay", "director"),
    "www:stay_move": ("stay", "director"),
    "www:campaign_detail": ("campaign", "coordinator"),
    "www:campaign_remind": ("campaign", "coordinator"),
    "www:declaration_detail": ("declaration", "director"),
    "www:declaration_validate": ("declaration", "director"),
    "www:declaration_reopen": ("declaration", "coordinator"),
    "www:declaration_upload": ("declaration", "director"),
    "www:import_detail": ("job", "director"),
    "www:import_status": ("job", "director"),
    "www:import_report": ("job", "director"),
    "www:reorientation_create": ("household", "director"),
    "www:household_wishes": ("household", "director"),
    "www:occupancy_demand": ("household", "director"),
    "www:occupancy_slide_review": ("stay", "director"),
    "www:occupancy_slide": ("stay", "director"),
    "www:occupancy_first_term": ("stay", "director"),
    "www:support_agreement": ("household", "director"),
    "www:support_review": ("household", "director"),
    "www:support_consent": ("household", "director"),
    "www:support_appointment": ("household", "director"),
    "www:support_notes": ("household", "director"),
    "www:support_relays": ("household", "director"),
    "www:support_delegation": ("household", "director"),
}
# Record URLs of the areas other engineers own (bilan reports): their own tests cover them.
OTHER_AREAS = {"www:bilan_report", "www:bilan_report_status", "www:bilan_report_download"}
# Occupancy terms (their own records): tests/www/occupancy/test_permissions.py covers them.
OTHER_AREAS |= {"www:occupancy_term_renew", "www:occupancy_term_end"}
# The exits area (tests/www/exits/test_permissions.py: every URL × role, another operator → 404).
OTHER_AREAS |= {"www:exit_readiness", "www:guided_exit", "www:exit_assessment", "www:solicitation_create"}

# The agenda area (tests/www/agenda/test_permissions.py: every URL × role, partner and another operator → 404).
OTHER_AREAS |= {"www:meeting_detail", "www:meeting_refresh", "www:meeting_item_decision", "www:meeting_pdf"}
# Local bonus schemes (tests/www/locavantages/test_permissions.py: every URL × role, another authority → 404).
OTHER_AREAS |= {"www:bonus_scheme_edit"}
# The owners' desk (tests/www/guichet/test_permission_matrix.py: every URL × role, another platform → 404,
# an operator the request is not shared with → 404).
OTHER_AREAS |= {"www:guichet_request", "www:guichet_rule_delete", "www:guichet_acknowledge"}
# The orientation records (tests/www/orientation/test_permission_matrix.py: every URL × operator roles, the
# SIAO, another SIAO, another operator, the State).
OTHER_AREAS |= {
    "www:availability_detail",
    "www:availability_withdraw",
    "www:proposal_create",
    "www:proposal_detail",
    "www:proposal_decide",
    "www:proposal_withdraw",
    "www:proposal_entry",
    "www:reorientation_detail",
    "www:reorientation_close",
}

# The needs area (tests/www/needs/test_permission_matrix.py: every URL × role; an operator outside the
# coordinator's oversight → 404).
OTHER_AREAS |= {"www:target_edit"}
# Captation (tests/www/captation/test_permissions.py: every URL × the five operator roles, a platform's animator
# and reader, the SIAO, the State, a local authority; another operator → 404).
OTHER_AREAS |= {
    "www:landlord_detail",
    "www:landlord_edit",
    "www:landlord_do_not_contact",
    "www:landlord_contact",
    "www:lead_detail",
    "www:lead_edit",
    "www:lead_move",
    "www:lead_activity",
    "www:lead_next_action",
    "www:lead_landlord",
    "www:offered_edit",
    "www:activity_document",
    "www:captation_campaign_edit",
}
# Conventions and contracts (tests/www/contracts/test_permissions.py: every URL × the five operator roles, a
# platform, the SIAO, the State, a local authority; another operator → 404).
OTHER_AREAS |= {
    "www:lead_sign",
    "www:contract_detail",
    "www:contract_edit",
    "www:contract_renew",
    "www:contract_end",
    "www:contract_bank_account",
    "www:bank_account_detail",
    "www:convention_detail",
    "www:convention_sign",
    "www:convention_end",
    "www:contract_create",
    "www:convention_request",
}
# The measure's funding (tests/www/funding/test_permissions.py: every URL × operator roles, the SIAO, the
# State, a platform, a local authority, a network; an operator outside the member's reach → 404).
OTHER_AREAS |= {"www:subsidy_edit"}

# Inventories and damage claims (tests/www/damages/test_permissions.py: every URL × the six operator roles, the
# SIAO, the State, a platform, a local authority, a network; another operator → 404).
OTHER_AREAS |= {
    "www:inventory_detail",
    "www:inventory_edit",
    "www:inventory_photo_add",
    "www:inventory_pdf",
    "www:inventory_photo",
    "www:claim_detail",
    "www:claim_edit",
    "www:claim_charge",
    "www:claim_document_add",
    "www:claim_document",
    "www:inventory_photo_delete",
    "www:claim_document_delete",
}

# The security fund and Visale (tests/www/guarantees/test_permissions.py: every URL × the six operator roles,
# another operator of the region and of another region, the fund's manager, another network, the SIAO, the
# DREETS and a DDETS of the region, another region's DREETS, a platform, a local authority → 404 off scope).
OTHER_AREAS |= {
    "www:fund_detail",
    "www:fund_contributions",
    "www:fund_claims",
    "www:fund_claim_create",
    "www:fund_claim_detail",
    "www:fund_claim_document",
    "www:visale_edit",
    "www:visale_claim_create",
    "www:visale_claim_edit",
}

# Reminders, repayment plans and litigation (tests/www/recovery/test_permissions.py: every URL × the six operator
# roles, a platform, the SIAO, the State, a local authority, a network, another operator → 404).
OTHER_AREAS |= {
    "www:reminder_create",
    "www:reminder_letter",
    "www:plan_create",
    "www:plan_detail",
    "www:plan_abandon",
    "www:case_create",
    "www:case_detail",
    "www:case_step",
    "www:case_review",
    "www:case_status",
}


# The households' rent accounts (tests/www/rental/test_permissions.py: every URL × the six operator roles, a
# platform, the SIAO, the State, a local authority, a network; another operator → 404).
OTHER_AREAS |= {
    "www:lease_ledger",
    "www:lease_edit",
    "www:lease_payment",
    "www:lease_entry_reverse",
    "www:lease_receipt",
    "www:lease_statement",
    "www:differential_create",
    "www:caf_report_create",
    "www:dwelling_account",
    "www:dwelling_payover",
    "www:dwelling_entry_reverse",
}

# Bank statements (tests/www/banking/test_permissions.py: every URL × the six operator roles, the SIAO, the
# State, a platform, a local authority, a network; another operator → 404).
OTHER_AREAS |= {"www:bank_statement", "www:bank_line"}
# The lease's yearly life (tests/www/leases/test_permissions.py: every URL × the operator roles, the other kinds of
# member and another operator → 404).
OTHER_AREAS |= {
    "www:revision_apply",
    "www:revision_dismiss",
    "www:regularisation_create",
    "www:deposit_return",
}


def test_every_record_url_is_listed():
    with_pk = {name for name, pattern, _ in ROUTES if "pk" in pattern.converters}
    assert with_pk - OTHER_AREAS == set(RECORD_URLS)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(RECORD_URLS))
def test_a_record_of_another_organisation_answers_404(client, name):
    owner = OrganisationFactory()
    records = _register(owner)
    campaign = _campaign(owner)
    records |= {"campaign": campaign.pk, "declaration": campaign.declarations.get().pk, "job": _job(owner)}
    needed, who = RECORD_URLS[name]
    if who == "director":
        outsider = MembershipFactory(organisation=OrganisationFactory(), role=Role.DIRECTOR)
    else:  # a coordinator of another region
        state = OrganisationFactory(state=True, region_id="11", name="DRIEETS")
        outsider = MembershipFactory(organisation=state, role=Role.STATE_COORDINATOR)
    client.force_login(outsider.user)
    url = reverse(name, args=[records[needed]])
    response = client.post(url) if name in POSTED else client.get(url)
    assert response.status_code == 404
