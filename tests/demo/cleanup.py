"""Remove the demo region after a test module loaded it for all its tests (module-scoped data, outside
the tests' transactions), so that the next modules start from an empty register.

The daily work goes first (its rows protect the register's), then the shares and the journal rows the
meeting preparation wrote (deleted in the journal's maintenance mode, as the retention purge does), then
the register. The relay directory, seeded by a migration, stays."""

from django.apps import apps

from clef.journal.maintenance import journal_maintenance
from clef.journal.models import AccessLogEntry, JournalEntry

# Captation (issue 9): the desk, the pipeline, the contracts and the reference figures of the demo.
CAPTATION_MODELS = [
    "guichet.RequestEvent",
    "guichet.OwnerRequest",
    "guichet.RoutingTarget",
    "guichet.RoutingRule",
    "guichet.Desk",
    "locavantages.BonusGrant",
    "locavantages.LocalBonusScheme",
    "locavantages.RentCeiling",
    "locavantages.CeilingFile",
    "needs.NeedDeclaration",
    "needs.CaptationTarget",
    "contracts.Contract",
    "contracts.AnahConvention",
    "contracts.OwnerBankAccount",
    "captation.Activity",
    "captation.StageChange",
    "captation.Lead",
    "captation.OfferedDwelling",
    "captation.Campaign",
    "captation.LandlordContact",
    "captation.Landlord",
]
# Rental management (issue 10): what builds on the ledgers, the ledgers (their entries apart: immutable),
# the regional security fund and the IML subsidies of the demo.
RENTAL_MODELS = [
    "guarantees.VisaleClaim",
    "guarantees.VisaleGuarantee",
    "recovery.CaseReview",
    "recovery.LitigationStep",
    "recovery.LitigationCase",
    "recovery.Instalment",
    "recovery.RepaymentPlan",
    "recovery.Reminder",
    "banking.BankLine",
    "banking.BankStatement",
    "damages.ClaimDocument",
    "damages.DamageClaim",
    "damages.InventoryPhoto",
    "damages.InventoryRoom",
    "damages.Inventory",
    "leases.DepositReturn",
    "leases.ChargesRegularisation",
    "leases.RentRevision",
    "leases.IrlFile",
    "leases.IrlIndex",
    "guarantees.FundClaim",
    "guarantees.FundContribution",
    "guarantees.FundContributor",
    "guarantees.SecurityFund",
    "funding.Subsidy",
]
LEDGER_MODELS = ["rental.CafReport", "rental.RentDifferential", "rental.Lease"]
DAILY_MODELS = [
    "agenda.AgendaItem",
    "agenda.Meeting",
    "exits.ExitPerspective",
    "exits.ExitAssessment",
    "exits.ExitReadiness",
    "exits.Solicitation",
    "support.RelayOrientation",
    "support.SupportNote",
    "support.Appointment",
    "support.HomeVisitConsent",
    "support.SupportReview",
    "support.SupportObjective",
    "support.SupportAgreement",
    "occupancy.LeaseSlide",
    "occupancy.LeaseSlideReview",
    "occupancy.SocialHousingDemand",
    "occupancy.OccupancyTerm",
    "orientation.Wishes",
    "orientation.ProposedMember",
    "orientation.EntryChoice",
    "orientation.ReorientationRequest",
    "orientation.Proposal",
    "orientation.Availability",
    "organisations.Share",
    "organisations.PracticeSettings",
]
REGISTER_MODELS = [
    "stays.Stay",
    "households.Person",
    "households.HouseholdResource",
    "households.Household",
    "dwellings.Dwelling",
    "organisations.Membership",
]


def remove_rental() -> None:
    """The demo's rental management (its leases and ledgers hold on to the owners' contracts)."""
    for label in RENTAL_MODELS:
        apps.get_model(label).objects.all().delete()
    entries = apps.get_model("rental.LedgerEntry")._base_manager  # immutable: past its refusing queryset
    entries.filter(reverses__isnull=False).delete()
    entries.all().delete()
    for label in LEDGER_MODELS:
        apps.get_model(label).objects.all().delete()


def remove_demo() -> None:
    for activity in apps.get_model("captation.Activity").objects.exclude(document="").exclude(document=None):
        activity.document.delete(save=False)  # the demo's copies of signed contracts (var/media)
    apps.get_model("contracts.AnahConvention").objects.update(renews=None)  # renewals protect the renewed
    remove_rental()
    for label in CAPTATION_MODELS + DAILY_MODELS:
        apps.get_model(label).objects.all().delete()
    with journal_maintenance():
        JournalEntry._base_manager.all().delete()
        AccessLogEntry._base_manager.all().delete()
    for label in REGISTER_MODELS:
        apps.get_model(label).objects.all().delete()
    apps.get_model("accounts.User").objects.all().delete()
    organisation = apps.get_model("organisations.Organisation")
    organisation.departments.through.objects.all().delete()
    organisation.objects.all().delete()
