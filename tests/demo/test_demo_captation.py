"""The demo's captation (issue 9): every part filled in the demo region, consistent with the rules, without
touching the register. The demo is loaded once for the module (`daily_demo`, tests/demo/conftest.py) and
removed afterwards; the golden test (tests/demo/test_seed_demo.py) keeps the published figures."""

from datetime import datetime, time, timedelta
from io import StringIO

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, DateTimeField, Q
from django.urls import reverse
from django.utils import timezone
from stdnum import iban as stdnum_iban

from clef.accounts.models import User
from clef.captation import queries as captation_queries
from clef.captation import rules as captation_rules
from clef.captation.enums import CONTACT_KINDS, CampaignKind, Origin, Stage
from clef.captation.models import (
    Activity,
    Campaign,
    Landlord,
    LandlordContact,
    Lead,
    OfferedDwelling,
    StageChange,
)
from clef.contracts import queries as contract_queries
from clef.contracts import rules as contract_rules
from clef.contracts.enums import ContractKind, ConventionStatus
from clef.contracts.models import AnahConvention, Contract, OwnerBankAccount
from clef.demo.calibration import HORIZON
from clef.demo.captation import captation_loaded, load_captation
from clef.demo.captation.context import RECAPTATION_REASONS
from clef.demo.captation.guichet import DEMO_TOKEN
from clef.demo.captation.organisations import GRAND_CHAMBERY_EPCI, OPERATORS
from clef.demo.captation.pipeline import SIGNED_DAYS
from clef.demo.loader import DEMO_PASSWORD
from clef.dwellings.enums import Conventionnement, DwellingExitReason, ManagementMode, Typology
from clef.dwellings.models import Dwelling
from clef.guichet.enums import Outcome, RoutingMethod, Status
from clef.guichet.models import Desk, OwnerRequest, RequestEvent, RoutingRule
from clef.guichet.tokens import hash_token
from clef.leases.models import RentRevision
from clef.locavantages.models import BonusGrant, LocalBonusScheme, RentCeiling
from clef.needs.models import CaptationTarget, NeedDeclaration
from clef.needs.territory import territory_figures
from clef.organisations.models import Organisation, OrganisationKind, Share
from clef.organisations.practice import practice_for
from clef.stays.models import Stay
from tests.demo.cleanup import CAPTATION_MODELS, remove_rental

MEDIA_ROOT = django_settings.MEDIA_ROOT
NEW_LOGINS = [
    "animation@louer-solidaire.test",
    "lecture@louer-solidaire.test",
    "territoire@grand-chambery.test",
    "captation@logis-passerelle.test",
    "captation@seuil-commun.test",
    "siao@siao-savoie.test",
]


@pytest.fixture(autouse=True)
def _db_access(db):
    """Each test runs in its own transaction, on top of the module's demo data."""


@pytest.fixture
def operators(daily_demo):
    return {key: Organisation.objects.get(external_id=ext) for key, ext in OPERATORS.items()}


@pytest.fixture
def platform(daily_demo):
    return Organisation.objects.get(external_id="demo-captation73")


def park_of(operator, today):
    return Dwelling.objects.filter(organisation=operator).in_park_on(today)


# ----------------------------------------------------------------- every part, once


@pytest.mark.parametrize(
    "model",
    [
        Landlord,
        LandlordContact,
        OfferedDwelling,
        Campaign,
        Lead,
        StageChange,
        Activity,
        AnahConvention,
        OwnerBankAccount,
        Contract,
        Desk,
        RoutingRule,
        OwnerRequest,
        RequestEvent,
        RentCeiling,
        LocalBonusScheme,
        BonusGrant,
        CaptationTarget,
        NeedDeclaration,
    ],
)
def test_every_part_of_captation_has_rows(daily_demo, model):
    assert model.objects.exists()


def test_a_second_seed_duplicates_nothing(daily_demo):
    models = (Landlord, Lead, Contract, AnahConvention, OwnerRequest, CaptationTarget, RentCeiling, Share)
    counts = [m.objects.count() for m in models]
    assert captation_loaded()
    assert load_captation() == {}
    call_command("seed_demo", "--quiet-logins", stdout=StringIO())
    assert counts == [m.objects.count() for m in models]


def _remove_captation():
    remove_rental()  # the demo's leases and ledgers hold on to the contracts
    apps.get_model("contracts.AnahConvention").objects.update(renews=None)
    Share.objects.filter(access=Share.Access.CAPTATION).delete()
    for label in CAPTATION_MODELS:
        apps.get_model(label).objects.all().delete()


def test_records_entered_for_a_demo_operator_are_never_mixed_with_the_generation(daily_demo, operators):
    """A demo loaded before issue 9 gets its captation on the next `make demo`, unless its users already
    entered captation records (here: one landlord of Toit Partagé)."""
    _remove_captation()
    entered = Landlord.objects.create(organisation=operators["op1"], kind="particulier", name="Déjà saisi")
    assert captation_loaded()
    assert load_captation() == {}
    entered.delete()
    assert not captation_loaded()
    counts = load_captation()
    assert counts["dossiers de captation"] == Lead.objects.count() > 0


def test_the_seed_says_what_it_created_and_prints_the_new_logins(daily_demo):
    assert "Captation (structures de démonstration, guichet de la Savoie)" in daily_demo
    for email in NEW_LOGINS:
        line = next(line for line in daily_demo.splitlines() if email in line)
        assert "→" in line


# ----------------------------------------------------------------- organisations and cards


def test_the_platform_and_the_local_authority_cover_the_grand_chambery(daily_demo, platform):
    authority = Organisation.objects.get(external_id="demo-grand-chambery")
    assert platform.kind == OrganisationKind.CAPTATION_PLATFORM
    assert platform.name == "ADIL 73 — Louer Solidaire"
    assert authority.kind == OrganisationKind.LOCAL_AUTHORITY
    for organisation in (platform, authority):
        assert list(organisation.territory_epcis.values_list("pk", flat=True)) == [GRAND_CHAMBERY_EPCI]
    assert platform.desk.slug == "louer-solidaire"


def test_operators_signing_mandates_hold_a_valid_card_and_one_holds_none(daily_demo, operators, today):
    for key in ("op1", "op2", "op052"):
        operator = operators[key]
        assert operator.carte_pro_issued_on < operator.carte_pro_expiry
        assert operator.carte_pro_valid_on(today)
    without = operators["op057"]
    assert not without.has_carte_professionnelle
    with pytest.raises(ValidationError, match="n'a pas de carte professionnelle valide"):
        contract_rules.check_mandate(without, today)
    for contract in Contract.objects.filter(kind=ContractKind.MANDAT_GESTION).select_related("organisation"):
        assert contract.organisation.carte_pro_valid_on(contract.signed_on), contract.pk


# ----------------------------------------------------------------- contracts and conventions


def _rent_before_revisions(contract):
    """The owner's rent as the contract was signed: the rental demo applies the owners' IRL revisions of
    the main leases (clef.leases.services.apply_revision), each from the rent the previous one left."""
    applied = list(
        RentRevision.objects.filter(contract=contract, status="appliquee").order_by("due_on", "pk")
    )
    rent = contract.rent
    if applied:
        assert applied[-1].new_rent == contract.rent
        for before, after in zip(applied, applied[1:], strict=False):
            assert after.old_rent == before.new_rent
        rent = applied[0].old_rent
    return rent


@pytest.mark.parametrize("key", ["op1", "op2", "op052", "op057"])
def test_every_dwelling_in_the_park_has_its_contract_matching_its_mode(daily_demo, operators, today, key):
    park = park_of(operators[key], today)
    assert park.count() > 5
    for dwelling in park:
        contracts = list(dwelling.contracts.filter(ended_on__isnull=True))
        if key == "op057" and dwelling.management_mode == ManagementMode.MANDAT_GESTION:
            assert contracts == []  # no card: the mandate waits to be regularised
            continue
        assert len(contracts) == 1, dwelling.external_id
        contract = contracts[0]
        assert (
            contract_rules.management_mode(contract.kind, contract.glissement_clause)
            == dwelling.management_mode
        )
        assert (_rent_before_revisions(contract), contract.charges) == (dwelling.rent_hc, dwelling.charges)
        assert contract.starts_on == dwelling.entry_date >= contract.signed_on
        assert (contract.fee_percent is not None) == (contract.kind == ContractKind.MANDAT_GESTION)
        assert contract.landlord.organisation_id == dwelling.organisation_id
    mandates = park.filter(management_mode=ManagementMode.MANDAT_GESTION)
    if key == "op057":
        assert mandates.exists() and not Contract.objects.filter(dwelling__in=mandates).exists()


def test_mandates_carry_the_operators_management_fee(daily_demo, operators):
    for operator in operators.values():
        fees = set(
            Contract.objects.filter(organisation=operator, kind=ContractKind.MANDAT_GESTION).values_list(
                "fee_percent", flat=True
            )
        )
        assert fees <= {practice_for(operator).management_fee_percent}


def test_social_landlords_own_the_public_park_and_have_contacts(daily_demo):
    public = Contract.objects.filter(dwelling__parc="public")
    assert public.exists()
    assert set(public.values_list("landlord__kind", flat=True)) == {"bailleur_social"}
    assert not Contract.objects.filter(dwelling__parc="prive", landlord__kind="bailleur_social").exists()
    assert set(LandlordContact.objects.values_list("landlord__kind", flat=True)) == {
        "sci",
        "societe",
        "bailleur_social",
    }


def test_bank_details_are_encrypted_valid_and_masked(daily_demo):
    accounts = list(OwnerBankAccount.objects.all())
    assert 20 <= len(accounts) < Contract.objects.count()
    for account in accounts:
        assert stdnum_iban.is_valid(account.iban)
        assert (account.iban_start, account.iban_last4) == (account.iban[:4], account.iban[-4:])
        assert account.contracts.exists()
    with connection.cursor() as cursor:
        table = OwnerBankAccount._meta.db_table
        cursor.execute(f"SELECT iban FROM {table} WHERE id = %s", [accounts[0].pk])  # noqa: S608
        stored = cursor.fetchone()[0]
    assert accounts[0].iban not in stored


def test_conventions_match_the_dwellings_conventionnement(daily_demo, operators, today):
    alert = max(practice_for(o).contract_alert_days for o in operators.values())
    for operator in operators.values():
        for dwelling in park_of(operator, today):
            open_ones = list(dwelling.anah_conventions.open())
            if dwelling.conventionnement == Conventionnement.AUCUN:  # at most requested, not signed yet
                assert {c.status for c in open_ones} <= {ConventionStatus.DEMANDEE}, dwelling.external_id
                for convention in open_ones:
                    contract_rules.check_convention_request(
                        requested_on=convention.requested_on, first_lease_on=dwelling.entry_date
                    )
                continue
            assert len(open_ones) == 1, dwelling.external_id
            convention = open_ones[0]
            assert (convention.works, convention.level) == (dwelling.conventionnement, dwelling.rent_level)
            assert convention.duration_years == contract_rules.default_duration_years(convention.works)
            assert convention.ends_on == contract_rules.convention_ends_on(
                convention.starts_on, convention.duration_years
            )
            assert convention.ends_on > today
    assert AnahConvention.objects.filter(status=ConventionStatus.DEMANDEE, signed_on__isnull=True).exists()
    signed = AnahConvention.objects.filter(status=ConventionStatus.SIGNEE)
    assert signed.filter(ends_on__lte=today + timedelta(days=alert)).exists()  # some end within the alert
    renewal = AnahConvention.objects.filter(renews__isnull=False).select_related("renews").first()
    assert renewal.renews.status == ConventionStatus.TERMINEE
    assert renewal.starts_on == renewal.renews.ends_on == renewal.renews.ended_on


def test_the_ending_alert_and_the_dwellings_without_contract_have_demo_items(daily_demo, operators, today):
    """What the agenda section and the contracts page read: conventions and contracts ending within the
    alert days for the demo operators together, and only the uncontracted mandates of the operator without
    a card."""
    ending = [contract_queries.ending(operator.pk, today) for operator in operators.values()]
    assert sum(item.contracts.count() for item in ending) > 0
    assert sum(item.conventions.count() for item in ending) > 0
    for key, operator in operators.items():
        missing = contract_queries.dwellings_without_contract(operator.pk, today)
        if key == "op057":
            assert missing.exists()
            assert set(missing.values_list("management_mode", flat=True)) == {ManagementMode.MANDAT_GESTION}
        else:
            assert not missing.exists(), key


def test_conventions_of_both_kinds_and_every_level(daily_demo):
    assert set(AnahConvention.objects.values_list("works", flat=True)) == {"sans_travaux", "avec_travaux"}
    assert set(AnahConvention.objects.values_list("level", flat=True)) == {"loc1", "loc2", "loc3"}


# ----------------------------------------------------------------- the pipeline


@pytest.mark.parametrize("key", ["op1", "op2", "op052", "op057"])
def test_leads_at_every_stage_with_closed_reasons(daily_demo, operators, key):
    leads = Lead.objects.filter(organisation=operators[key])
    assert set(leads.values_list("stage", flat=True)) == set(Stage.values)
    closed = leads.filter(stage__in=[Stage.ABANDONNE, Stage.REFUSE])
    assert not closed.filter(closed_reason="").exists()
    assert not leads.exclude(stage__in=[Stage.ABANDONNE, Stage.REFUSE]).exclude(closed_reason="").exists()


def test_stage_changes_follow_the_rules_and_spread_over_the_year(daily_demo, today):
    first_days = []
    for lead in Lead.objects.prefetch_related("stage_changes"):
        changes = list(lead.stage_changes.all())
        assert changes[0].from_stage == "" and changes[0].to_stage == Stage.PROSPECT
        first_days.append(changes[0].on)
        for before, after in zip(changes, changes[1:], strict=False):
            assert after.from_stage == before.to_stage and after.on >= before.on
            if after.to_stage != Stage.ENGAGEMENT_SIGNE:
                captation_rules.check_transition(after.from_stage, after.to_stage)
            else:
                assert after.from_stage in captation_rules.SIGNABLE_STAGES
        assert (changes[-1].to_stage, changes[-1].on) == (lead.stage, lead.stage_since)
        assert lead.stage_since <= today
    assert min(first_days) <= today - timedelta(days=330)
    assert max(first_days) >= today - timedelta(days=30)


def test_conversion_and_time_in_stage_are_meaningful(daily_demo, operators):
    """Of the leads that reached each stage, some went on and some did not (rates strictly between 0 and
    1), and time was spent in each stage (aggregate over the stage changes)."""
    organisation = operators["op2"]
    reached = dict(
        StageChange.objects.filter(lead__organisation=organisation)
        .values_list("to_stage")
        .annotate(n=Count("lead", distinct=True))
    )
    for stage, following in zip(Stage.values[:3], Stage.values[1:4], strict=True):
        assert 0 < reached[following] < reached[stage], (stage, reached)
    assert 0 < reached[Stage.ENGAGEMENT_SIGNE] < reached[Stage.PROPOSITION]
    moves = StageChange.objects.filter(lead__organisation=organisation).exclude(from_stage="")
    assert {m.on for m in moves} and len({m.on for m in moves}) > 30


def test_signed_leads_are_the_dwellings_that_entered_the_park(daily_demo, today):
    signed = Lead.objects.filter(stage=Stage.ENGAGEMENT_SIGNE).select_related("offered_dwelling__dwelling")
    assert signed.count() >= 10
    for lead in signed:
        contract = lead.contracts.get()
        dwelling = lead.offered_dwelling.dwelling
        assert contract.dwelling == dwelling and contract.landlord_id == lead.landlord_id
        assert lead.signed_on == contract.signed_on
        assert min(today, HORIZON) - timedelta(days=SIGNED_DAYS) <= lead.signed_on <= today
        assert dwelling.organisation_id == lead.organisation_id == lead.managing_operator_id


def test_two_landlords_of_each_operator_asked_not_to_be_contacted(daily_demo, operators, today):
    for operator in operators.values():
        refused = Landlord.objects.filter(organisation=operator, do_not_contact=True)
        assert refused.count() == 2
        for landlord in refused:
            assert not captation_rules.may_contact(landlord)
            assert not landlord.consent_to_contact
            for lead in landlord.leads.all():
                assert not lead.is_open and lead.next_action == "" and lead.next_action_on is None
                contacts = lead.activities.filter(
                    kind__in=CONTACT_KINDS, on__gte=landlord.do_not_contact_since
                )
                assert not contacts.exists()


def test_open_leads_have_next_actions_some_overdue(daily_demo, operators, today):
    for operator in operators.values():
        open_leads = Lead.objects.filter(organisation=operator, stage__in=captation_rules.OPEN_STAGES)
        assert not open_leads.filter(next_action="").exists()
        assert open_leads.filter(next_action_on__lt=today).exists()
        assert open_leads.filter(next_action_on__gte=today).exists()
    assert not Lead.objects.exclude(stage__in=captation_rules.OPEN_STAGES).exclude(next_action="").exists()


def test_activities_of_every_kind_and_a_document(daily_demo, operators, settings):
    settings.MEDIA_ROOT = MEDIA_ROOT  # the demo was loaded outside the tests' own media folder
    assert set(Activity.objects.values_list("kind", flat=True)) == {
        "appel",
        "email",
        "courrier",
        "visite",
        "rendez_vous",
        "document",
        "note",
    }
    documents = Activity.objects.exclude(document="")
    assert documents.count() == len(operators)
    for activity in documents:
        with activity.document.open("rb") as handle:
            assert handle.read(4) == b"%PDF"


def test_campaigns_of_every_kind_bring_leads(daily_demo, operators, today):
    for operator in operators.values():
        campaigns = Campaign.objects.filter(organisation=operator)
        assert set(campaigns.values_list("kind", flat=True)) == set(CampaignKind.values)
        assert Lead.objects.filter(
            organisation=operator, origin=Origin.CAMPAGNE, campaign__isnull=False
        ).exists()
        for lead in Lead.objects.filter(organisation=operator, campaign__isnull=False).select_related(
            "campaign"
        ):
            assert lead.campaign.started_on <= lead.stage_changes.earliest("on").on
    local = Campaign.objects.get(organisation=operators["op052"], kind=CampaignKind.COLLECTIVITE)
    assert local.authority.external_id == "demo-grand-chambery"


def test_dwellings_that_left_lately_have_one_recaptation_lead(daily_demo, operators, today):
    left = Dwelling.objects.filter(
        organisation__in=operators.values(),
        exit_reason__in=RECAPTATION_REASONS,
        exit_date__gte=min(today, HORIZON) - timedelta(days=365),
        exit_date__lte=today,
    )
    assert set(left.values_list("exit_reason", flat=True)) == set(RECAPTATION_REASONS)
    for dwelling in left:
        lead = Lead.objects.get(source_dwelling=dwelling, origin=Origin.RECAPTATION)
        assert lead.source_reason == dwelling.exit_reason and lead.landlord_id is not None
        contract = dwelling.contracts.first()
        if contract is None:  # a mandate of the operator without a card: never under contract
            assert dwelling.organisation == operators["op057"]
            assert dwelling.management_mode == ManagementMode.MANDAT_GESTION
            continue
        assert (contract.ended_on, contract.end_reason) == (dwelling.exit_date, dwelling.exit_reason)
        assert lead.landlord_id == contract.landlord_id
        assert lead.stage_changes.earliest("on").on == dwelling.exit_date
    others = Lead.objects.filter(origin=Origin.RECAPTATION).exclude(source_dwelling__in=left)
    assert not others.exists()
    assert DwellingExitReason.AUTRE not in RECAPTATION_REASONS


# ----------------------------------------------------------------- the owners' desk


def test_requests_in_every_state_and_outcome(daily_demo, today):
    requests = OwnerRequest.objects.all()
    assert set(requests.values_list("status", flat=True)) == set(Status.values)
    assert set(requests.exclude(outcome="").values_list("outcome", flat=True)) == set(Outcome.values)
    confided = requests.filter(status=Status.CONFIEE)
    assert confided.filter(acknowledge_by__gte=today).exists()
    assert OwnerRequest.objects.overdue_on(today).exists()


def test_confided_requests_are_shared_and_returned_ones_no_longer(daily_demo):
    def active_shares(request):
        return Share.objects.of_model(OwnerRequest).filter(object_id=request.pk, revoked_at__isnull=True)

    for request in OwnerRequest.objects.filter(status__in=[Status.CONFIEE, Status.PRISE_EN_CHARGE]):
        share = active_shares(request).get()
        assert (share.partner_id, share.access) == (request.assigned_operator_id, Share.Access.CAPTATION)
    for request in OwnerRequest.objects.filter(status=Status.REVENUE):
        assert request.assigned_operator_id is None and not active_shares(request).exists()
        assert request.events.filter(kind="revenue").exists()


def test_requests_in_charge_have_their_lead_in_the_operators_pipeline(daily_demo):
    for request in OwnerRequest.objects.filter(status=Status.PRISE_EN_CHARGE).select_related(
        "lead__landlord"
    ):
        lead = request.lead
        assert lead.origin == Origin.GUICHET and lead.organisation_id == request.assigned_operator_id
        assert (lead.landlord.email, lead.landlord.name) == (request.email, request.last_name)
        assert request.acknowledged_on <= request.acknowledge_by


def test_at_least_two_requests_close_logement_capte_in_the_grand_chambery(daily_demo):
    """The signed leads of the two Savoie operators in the EPCI came through the desk (user trial: only one
    request closed « logement capté »)."""
    captees = OwnerRequest.objects.filter(outcome=Outcome.CAPTEE).select_related("commune", "lead")
    assert captees.count() >= 2
    for captured in captees:
        assert captured.commune.epci_id == GRAND_CHAMBERY_EPCI
        assert captured.lead.stage == Stage.ENGAGEMENT_SIGNE and captured.closed_on == captured.lead.signed_on


def test_requests_and_their_events_this_year_and_the_previous_one(daily_demo, today):
    """« Mon territoire » for the previous year is not empty (user trial: 0 owners' requests)."""
    authority = Organisation.objects.get(external_id="demo-grand-chambery")
    for year in (today.year - 1, today.year):
        assert OwnerRequest.objects.filter(created_at__year=year).exists(), year
        assert RequestEvent.objects.filter(at__year=year).exists(), year
        requests = territory_figures(authority, year).requests
        assert requests["received"] >= requests["routed"] >= requests["acknowledged"] > 0, (year, requests)
        assert requests["captees"] > 0, (year, requests)


def _seeded_later_than(moment) -> list:
    """The timestamps of the demo's captation later than `moment`: (model, field, how many)."""
    late = []
    for label in [*CAPTATION_MODELS, "organisations.Share"]:
        model = apps.get_model(label)
        rows = model.objects.filter(access=Share.Access.CAPTATION) if model is Share else model.objects.all()
        for field in model._meta.concrete_fields:
            if isinstance(field, DateTimeField) and (
                n := rows.filter(**{f"{field.name}__gt": moment}).count()
            ):
                late.append((label, field.name, n))
    return late


def test_no_seeded_timestamp_is_later_than_the_seed(daily_demo, monkeypatch, today):
    """Seeded at 09:02 (Paris), a request received today is not dated noon: a seeded request never sorts
    above a real one entered after the seed (user trial: « 27/11/2026 à 12:00 » at 09:02)."""
    assert _seeded_later_than(timezone.now()) == []
    seed_time = timezone.make_aware(datetime.combine(today, time(9, 2)))
    _remove_captation()
    monkeypatch.setattr(timezone, "now", lambda: seed_time)
    assert load_captation(today)
    assert _seeded_later_than(seed_time) == []
    received_today = OwnerRequest.objects.filter(created_at__date=today)
    assert received_today.exists() and set(received_today.values_list("created_at", flat=True)) == {seed_time}


def test_the_desk_passes_by_an_operator_the_owner_asked_not_to_contact_them(daily_demo, operators):
    event = RequestEvent.objects.get(kind="ne_pas_contacter")
    request = event.request
    landlord = Landlord.objects.get(organisation=event.operator, email=request.email)
    assert not captation_rules.may_contact(landlord)
    assert event.operator == operators["op052"]
    assert request.assigned_operator == operators["op057"]
    assert "a demandé à ne pas être contacté" in event.note


def test_routing_rules_rotate_in_the_epci_and_share_capacity_in_a_commune(daily_demo, operators):
    desk = Desk.objects.get(slug="louer-solidaire")
    epci_rule = desk.rules.get(epci_id=GRAND_CHAMBERY_EPCI)
    commune_rule = desk.rules.get(commune__isnull=False)
    assert epci_rule.method == RoutingMethod.ROTATION and commune_rule.method == RoutingMethod.CAPACITE
    expected = {operators["op052"].pk, operators["op057"].pk}
    for rule in (epci_rule, commune_rule):
        assert set(rule.targets.values_list("operator_id", flat=True)) == expected
    assert not commune_rule.targets.filter(capacity_per_month__isnull=True).exists()


def test_the_owners_follow_link_of_the_demo_works(client, daily_demo):
    request = OwnerRequest.objects.get(token_hash=hash_token(DEMO_TOKEN.format(n=1)))
    response = client.get(f"/proprietaires/suivi/{DEMO_TOKEN.format(n=1)}/")
    assert response.status_code == 200
    assert request.email not in response.content.decode()


# ----------------------------------------------------------------- reference figures


def test_sample_ceilings_are_loaded_flagged_as_samples(daily_demo, today):
    assert not RentCeiling.objects.filter(is_sample=False).exists()
    assert RentCeiling.objects.filter(commune_id="73065", level="loc2").exists()
    assert set(RentCeiling.objects.filter(commune_id="73065").values_list("level", flat=True)) == {
        "loc1",
        "loc2",
        "loc3",
    }


def test_the_grand_chambery_bonus_is_granted_and_paid(daily_demo, today):
    scheme = LocalBonusScheme.objects.get()
    assert scheme.authority.external_id == "demo-grand-chambery" and scheme.epci_id == GRAND_CHAMBERY_EPCI
    grants = BonusGrant.objects.filter(scheme=scheme).select_related("dwelling__commune")
    assert grants.filter(paid_on__isnull=False).exists()
    for grant in grants:
        assert grant.dwelling.commune.epci_id == GRAND_CHAMBERY_EPCI
        assert scheme.applies_to_level(grant.dwelling.rent_level) and scheme.in_force_on(grant.granted_on)
        assert grant.granted_on <= today and (grant.paid_on is None or grant.paid_on <= today)


def test_every_operator_has_targets_for_this_year_and_the_previous(daily_demo, today):
    targets = CaptationTarget.objects.filter(year__in=[today.year - 1, today.year])
    per_operator = targets.values("organisation").annotate(n=Count("pk"))
    assert per_operator.count() == Organisation.objects.operators().count()
    assert {row["n"] for row in per_operator} == {2}
    assert set(targets.values_list("set_by__email", flat=True)) == {"coordination@dreets-ara.test"}


def test_siao_of_isere_and_savoie_declare_needs_by_typology_and_epci(daily_demo):
    for external_id in ("demo-siao38", "demo-siao73"):
        needs = NeedDeclaration.objects.filter(siao__external_id=external_id)
        assert set(needs.values_list("typology", flat=True)) == set(Typology.values)
        assert needs.values("epci").distinct().count() == 5
        assert needs.values("as_of").distinct().count() == 2
    savoie = NeedDeclaration.objects.filter(siao__external_id="demo-siao73")
    assert savoie.filter(epci_id=GRAND_CHAMBERY_EPCI, households_waiting__gt=0).exists()


def test_the_register_is_read_never_written(daily_demo):
    """No dwelling nor stay is created by captation: every signed lead's dwelling is one of the register."""
    assert not OfferedDwelling.objects.filter(dwelling__external_id="").exists()
    assert not Dwelling.objects.filter(~Q(external_id__startswith="L")).exists()
    assert not Stay.objects.filter(~Q(external_id__startswith="S")).exists()


# ----------------------------------------------------------------- the new logins


@pytest.mark.parametrize(
    ("email", "organisation", "page"),
    [
        ("animation@louer-solidaire.test", "demo-captation73", "www:guichet_home"),
        ("lecture@louer-solidaire.test", "demo-captation73", "www:guichet_home"),
        ("territoire@grand-chambery.test", "demo-grand-chambery", "www:territory"),
        ("captation@logis-passerelle.test", "demo-op-052", "www:guichet_received"),
        ("captation@seuil-commun.test", "demo-op-057", "www:contract_list"),
        ("siao@siao-savoie.test", "demo-siao73", "www:needs"),
    ],
)
def test_each_new_login_works_and_lands_on_its_data(client, settings, daily_demo, email, organisation, page):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]  # the demo's
    user = User.objects.get(email=email)
    assert check_password(DEMO_PASSWORD, user.password)
    assert user.memberships.get().organisation.external_id == organisation
    client.force_login(user)
    response = client.get(reverse(page))
    assert response.status_code == 200, page


def test_the_animator_sees_the_requests_and_the_operator_those_confided_to_it(client, daily_demo, operators):
    client.force_login(User.objects.get(email="animation@louer-solidaire.test"))
    home = client.get(reverse("www:guichet_home")).content.decode()
    for request in OwnerRequest.objects.exclude(status=Status.CLOSE):
        assert reverse("www:guichet_request", args=[request.pk]) in home
    client.force_login(User.objects.get(email="captation@logis-passerelle.test"))
    received = client.get(reverse("www:guichet_received")).content.decode()
    mine = OwnerRequest.objects.filter(status=Status.CONFIEE, assigned_operator=operators["op052"])
    assert mine.exists()
    for request in mine:  # the owner's name only once the request is taken in charge
        assert f"Demande n° {request.pk}" in received


def test_the_local_authority_reads_its_territory(client, daily_demo):
    client.force_login(User.objects.get(email="territoire@grand-chambery.test"))
    page = client.get(reverse("www:territory")).content.decode()
    assert "Grand Chambéry" in page


def test_the_conversion_figures_of_the_demo_are_meaningful(daily_demo, operators, today):
    figures = {row.stage: row for row in captation_queries.conversion(operators["op2"].pk, today.year)}
    for stage in captation_rules.OPEN_STAGES:
        row = figures[stage]
        assert row.entered > row.moved_on > 0, stage
        assert row.mean_days > 0 and row.median_days > 0, stage
    assert figures[Stage.ENGAGEMENT_SIGNE].entered > 0
    assert sum(row.closed or 0 for row in figures.values()) > 0


def _pages_of(operator):
    leads = Lead.objects.filter(organisation=operator)
    pages = [reverse("www:captation_board"), reverse("www:landlord_list"), reverse("www:captation_campaigns")]
    pages += [reverse("www:todo")]
    pages += [reverse("www:captation_indicators"), reverse("www:contract_list"), reverse("www:simulation")]
    pages += [reverse("www:landlord_detail", args=[leads.filter(stage=s).first().landlord_id]) for s in Stage]
    pages += [reverse("www:lead_detail", args=[leads.filter(stage=s).first().pk]) for s in Stage]
    contracts = Contract.objects.filter(organisation=operator)
    pages += [
        reverse("www:contract_detail", args=[contracts.filter(kind=k).first().pk]) for k in ContractKind
    ]
    convention = AnahConvention.objects.filter(organisation=operator).first()
    pages.append(reverse("www:convention_detail", args=[convention.pk]))
    return pages


@pytest.mark.parametrize(
    ("email", "key"),
    [
        ("captation@toit-partage.test", "op1"),
        ("captation@cle-solidaire.test", "op2"),
        ("captation@logis-passerelle.test", "op052"),
        ("direction@toit-partage.test", "op1"),
    ],
)
def test_the_captation_pages_open_on_the_demo_data(client, daily_demo, operators, email, key):
    client.force_login(User.objects.get(email=email))
    for url in _pages_of(operators[key]):
        assert client.get(url).status_code == 200, url


def test_the_rental_manager_reads_the_bank_details_of_a_contract(client, daily_demo, operators):
    client.force_login(User.objects.get(email="gestion@cle-solidaire.test"))
    account = OwnerBankAccount.objects.filter(organisation=operators["op2"]).first()
    response = client.get(reverse("www:bank_account_detail", args=[account.pk]))
    assert response.status_code == 200
    account.load_clear()
    assert account.iban_grouped in response.content.decode()  # in clear, by groups of four


def test_the_desk_and_needs_pages_open_on_the_demo_data(client, daily_demo):
    client.force_login(User.objects.get(email="animation@louer-solidaire.test"))
    pages = [reverse("www:guichet_home"), reverse("www:guichet_rules"), reverse("www:guichet_settings")]
    pages += [
        reverse("www:guichet_request", args=[pk]) for pk in OwnerRequest.objects.values_list("pk", flat=True)
    ]
    for url in pages:
        assert client.get(url).status_code == 200, url
    client.logout()
    assert client.get(reverse("www:guichet_public", args=["louer-solidaire"])).status_code == 200
    for email, page in [
        ("coordination@dreets-ara.test", "www:targets"),
        ("coordination@dreets-ara.test", "www:needs"),
        ("siao@siao-isere.test", "www:needs"),
        ("siao@siao-savoie.test", "www:needs_declare"),
    ]:
        client.force_login(User.objects.get(email=email))
        assert client.get(reverse(page)).status_code == 200, (email, page)
