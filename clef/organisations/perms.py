"""Who may do what, and over which territory. Small documented rules; views, services and the importer
call them (never a copy of them).

Household-level data (households, persons, stays) is visible only to members of the operator that
owns it. State coordinators, SIAO agents and platform administrators never see it through Clef's
pages: they get aggregates (the bilan).

What a member oversees (`oversight`) is one rule for every place that needs it (bilan, campaigns,
declarations, imports, reminders): a member of an operator oversees its own structure; a regional State
service (DREETS) its region; a departmental one (DDETS) the operators whose head office is in its
department; a platform administrator of a State service with no region, every operator.

Records shared between organisations (`Share`) are the one exception to "a record of another
organisation is not found": `share_rights` decides, in one place, what a partner's member may do with a
record shared with its organisation; the access helpers of the web layer go through it.

Templates never compare roles: views and the context processor give them the booleans computed here.
"""

from __future__ import annotations

from dataclasses import dataclass

from clef.organisations.models import (
    OPERATOR_ROLES,
    Competence,
    Membership,
    Organisation,
    OrganisationKind,
    Role,
    Share,
)

HOUSEHOLD_EDITORS = {Role.DIRECTOR, Role.SOCIAL_WORKER}
DWELLING_EDITORS = {Role.DIRECTOR, Role.RENTAL_MANAGER, Role.CAPTATION_OFFICER}
STAY_EDITORS = {Role.DIRECTOR, Role.SOCIAL_WORKER, Role.RENTAL_MANAGER}
STATE_VIEWERS = {Role.STATE_COORDINATOR, Role.PLATFORM_ADMIN, Role.READ_ONLY}
STATE_ACTORS = {Role.STATE_COORDINATOR, Role.PLATFORM_ADMIN}  # campaigns, reminders, imports
OPERATOR_IMPORTERS = {Role.DIRECTOR}
CAPTATION_EDITORS = {Role.DIRECTOR, Role.CAPTATION_OFFICER}
CONTRACT_EDITORS = {Role.DIRECTOR, Role.RENTAL_MANAGER, Role.CAPTATION_OFFICER}
BANK_DETAILS_READERS = {Role.DIRECTOR, Role.RENTAL_MANAGER}
# Rental management and losses (issue 10). A social worker sees the household's balance and its plans, never
# the owner's side; the litigation officer (« chargé de contentieux ») reviews arrears and cases.
LEDGER_READERS = {
    Role.DIRECTOR,
    Role.RENTAL_MANAGER,
    Role.SOCIAL_WORKER,
    Role.LITIGATION_OFFICER,
    Role.READ_ONLY,
}
LEDGER_EDITORS = {Role.DIRECTOR, Role.RENTAL_MANAGER}
OWNER_ACCOUNT_READERS = {Role.DIRECTOR, Role.RENTAL_MANAGER, Role.READ_ONLY}
RECOVERY_EDITORS = {Role.DIRECTOR, Role.RENTAL_MANAGER, Role.LITIGATION_OFFICER}
LITIGATION_READERS = {Role.DIRECTOR, Role.RENTAL_MANAGER, Role.SOCIAL_WORKER, Role.LITIGATION_OFFICER}


def can_view_register(membership: Membership | None) -> bool:
    """Members of an operator (any operator role, read-only included) see its register."""
    return bool(membership and membership.organisation.is_operator and membership.role in OPERATOR_ROLES)


def can_edit_households(membership: Membership | None) -> bool:
    """Households and their members: the direction and social workers of the operator."""
    return can_view_register(membership) and membership.role in HOUSEHOLD_EDITORS


def can_edit_dwellings(membership: Membership | None) -> bool:
    """Dwellings of the park: the direction, rental managers and captation officers."""
    return can_view_register(membership) and membership.role in DWELLING_EDITORS


def can_edit_stays(membership: Membership | None) -> bool:
    """Entries, exits and internal moves: the direction, social workers and rental managers."""
    return can_view_register(membership) and membership.role in STAY_EDITORS


def can_see_campaigns(membership: Membership | None) -> bool:
    """The « Collectes » menu: members of an operator (their declarations) and State actors."""
    return bool(membership) and (membership.organisation.is_operator or is_state_actor(membership))


def can_see_bilan(membership: Membership | None) -> bool:
    """The « Bilan » menu: whoever oversees something."""
    return oversight(membership) is not None


def is_director(membership: Membership | None) -> bool:
    """The direction of an operator (validates its declaration, imports its file)."""
    return can_view_register(membership) and membership.role == Role.DIRECTOR


def is_state_member(membership: Membership | None) -> bool:
    """Members of a State service (coordinators, platform administrators, read-only)."""
    return bool(
        membership
        and membership.organisation.kind == OrganisationKind.STATE
        and membership.role in STATE_VIEWERS
    )


def is_state_actor(membership: Membership | None) -> bool:
    """State coordinators and platform administrators act (campaigns, reminders, imports); read-only
    State members only look."""
    return is_state_member(membership) and membership.role in STATE_ACTORS


def can_import(membership: Membership | None) -> bool:
    if membership is None:
        return False
    if membership.organisation.is_operator:
        return membership.role in OPERATOR_IMPORTERS
    return is_state_actor(membership) and oversight(membership) is not None


def can_manage_exit_schemes(membership: Membership | None) -> bool:
    """Exit categorisation schemes show in every bilan: regional coordinators (DREETS) and the platform
    administrator only."""
    if not is_state_actor(membership):
        return False
    if membership.role == Role.PLATFORM_ADMIN:
        return True
    return membership.organisation.competence == Competence.REGIONAL


def can_read_journal(membership: Membership | None) -> bool:
    """The journal of changes and the access log of household files: an operator's director reads its
    organisation's, the platform administrator every organisation's (without household details)."""
    if membership is None:
        return False
    if membership.role == Role.DIRECTOR:
        return can_view_register(membership)
    return reads_every_journal(membership)


def reads_every_journal(membership: Membership | None) -> bool:
    """The platform administrator reads the journal and the access log of every organisation."""
    return bool(
        membership
        and membership.role == Role.PLATFORM_ADMIN
        and membership.organisation.kind == OrganisationKind.STATE
    )


@dataclass(frozen=True)
class Oversight:
    """A territory of operators: "structure" (pk), "departement" (code), "region" (code) or "tout"."""

    kind: str
    code: str = ""

    @property
    def is_department(self) -> bool:
        return self.kind == "departement"

    def operators(self):
        queryset = Organisation.objects.operators()
        if self.kind == "structure":
            return queryset.filter(pk=int(self.code))
        if self.kind == "departement":
            return queryset.filter(head_office_department_id=self.code)
        if self.kind == "region":
            return queryset.filter(head_office_department__region_id=self.code)
        return queryset

    def covers_department(self, department_code: str | None, region_code: str | None = None) -> bool:
        """Whether a head office in this department is inside (the region code avoids a query)."""
        if self.kind == "tout":
            return True
        if department_code is None or self.kind == "structure":
            return False
        if self.kind == "departement":
            return department_code == self.code
        if region_code is None:
            from clef.territories.models import Department

            region_code = (
                Department.objects.filter(code=department_code).values_list("region_id", flat=True).first()
            )
        return region_code == self.code

    def covers(self, organisation: Organisation) -> bool:
        """Whether this operator is inside (non-operators never are)."""
        if organisation.kind != OrganisationKind.OPERATOR:
            return False
        if self.kind == "structure":
            return str(organisation.pk) == self.code
        department = organisation.head_office_department_id
        if self.kind == "region" and department:
            return self.covers_department(department, organisation.head_office_department.region_id)
        return self.covers_department(department)


def oversight(membership: Membership | None) -> Oversight | None:
    """What the member oversees, or None when it oversees nothing (then: 403 or 404)."""
    if membership is None:
        return None
    organisation = membership.organisation
    if can_view_register(membership):
        return Oversight("structure", str(organisation.pk))
    if not is_state_member(membership):
        return None
    if organisation.competence == Competence.DEPARTMENTAL:
        department = organisation.head_office_department_id
        return Oversight("departement", department) if department else None
    if organisation.competence == Competence.REGIONAL and organisation.region_id:
        return Oversight("region", organisation.region_id)
    if membership.role == Role.PLATFORM_ADMIN and not organisation.region_id:
        return Oversight("tout")
    return None  # a State service whose competence is not set oversees nothing (fails closed)


def aggregates_oversight(membership: Membership | None) -> Oversight | None:
    """The territory whose aggregate figures (never a household) the home page shows: what the member
    oversees; for a SIAO or a captation platform, the park of its region; None: no figure at all."""
    if membership is None:
        return None
    over = oversight(membership)
    if over is not None:
        return over
    if membership.organisation.region_id:
        return Oversight("region", membership.organisation.region_id)
    return None


@dataclass(frozen=True)
class RecordRights:
    """What one member may do with one household file: see it, modify the household and its members,
    record entries, exits and moves. `share` is the access of the share it is seen through (None for the
    owner's own members)."""

    view: bool = False
    edit: bool = False
    stays: bool = False
    share: str | None = None

    @property
    def is_owner(self) -> bool:
        return self.view and self.share is None

    @property
    def share_label(self) -> str:
        """« Consultation », « Accompagnement (…) »: what the share grants, as the page says it."""
        return Share.Access(self.share).label if self.share else ""


NO_RIGHTS = RecordRights()


def opens_shared_records(membership: Membership | None) -> bool:
    """Who may open a record shared with its organisation: the members of an operator (any operator
    role) and the SIAO's agents. Never a State service, a captation platform or a local authority."""
    if membership is None:
        return False
    if membership.organisation.kind == OrganisationKind.SIAO:
        return membership.role == Role.SIAO_AGENT
    return can_view_register(membership)


# --- Captation (issue 9) ------------------------------------------------------------------------------------


def is_platform_member(membership: Membership | None) -> bool:
    """Members of a captation platform (an ADIL animating a « guichet unique »)."""
    return bool(membership and membership.organisation.kind == OrganisationKind.CAPTATION_PLATFORM)


def is_platform_animator(membership: Membership | None) -> bool:
    """The platform's animators route owners' requests (its direction and captation officers)."""
    return is_platform_member(membership) and membership.role in CAPTATION_EDITORS


def is_local_authority_member(membership: Membership | None) -> bool:
    """Members of a local authority (EPCI, commune): aggregate figures of their territory only."""
    return bool(membership and membership.organisation.kind == OrganisationKind.LOCAL_AUTHORITY)


def can_see_captation(membership: Membership | None) -> bool:
    """The captation pipeline (landlords, leads, campaigns): an operator's members except its social
    workers, and a captation platform's members (a platform may capture for the operators)."""
    if is_platform_member(membership):
        return True
    return can_view_register(membership) and membership.role not in {
        Role.SOCIAL_WORKER,
        Role.LITIGATION_OFFICER,
    }


def can_edit_captation(membership: Membership | None) -> bool:
    """Landlords, leads, activities, campaigns: the direction and captation officers."""
    return can_see_captation(membership) and membership.role in CAPTATION_EDITORS


def can_see_contracts(membership: Membership | None) -> bool:
    """Anah conventions, mandates and main leases of the operator's park (the same members as captation,
    operators only: the contracts belong to the managing operator)."""
    return can_view_register(membership) and membership.role != Role.SOCIAL_WORKER


def can_edit_contracts(membership: Membership | None) -> bool:
    return can_see_contracts(membership) and membership.role in CONTRACT_EDITORS


def can_read_bank_details(membership: Membership | None) -> bool:
    """An owner's bank details in clear: the direction and rental managers (who pay the owner); a
    captation officer enters them at signing but reads them masked; a social worker never."""
    return can_view_register(membership) and membership.role in BANK_DETAILS_READERS


# --- Rental management and losses (issue 10) -----------------------------------------------------------------


def can_see_ledger(membership: Membership | None) -> bool:
    """A household's rent account (calls, payments, balance, arrears, receipts, plans): the operator's direction,
    rental managers, social workers (they see the balance, never the owner's bank details), the litigation
    officer and read-only members."""
    return can_view_register(membership) and membership.role in LEDGER_READERS


def can_edit_ledger(membership: Membership | None) -> bool:
    """Calls, payments, counter-entries, bank imports, revisions, deposits, inventories: the direction and
    rental managers."""
    return can_view_register(membership) and membership.role in LEDGER_EDITORS


def can_see_owner_accounts(membership: Membership | None) -> bool:
    """The owner's side of the ledger (rent owed to the owner, collected rent paid over less fees, vacancy
    cost): the direction, rental managers and read-only members; never social workers."""
    return can_view_register(membership) and membership.role in OWNER_ACCOUNT_READERS


def can_edit_recovery(membership: Membership | None) -> bool:
    """Reminders, repayment plans, CAF/MSA reports, Visale claims, litigation steps: the direction, rental
    managers and the litigation officer."""
    return can_view_register(membership) and membership.role in RECOVERY_EDITORS


def can_see_litigation(membership: Membership | None) -> bool:
    """Litigation cases: the direction, rental managers, the litigation officer and social workers (the
    litigation officer reviews open cases with the social worker)."""
    return can_view_register(membership) and membership.role in LITIGATION_READERS


def is_network_member(membership: Membership | None) -> bool:
    """Members of a network (e.g. the Fapil AURA) that manages a regional security fund."""
    return bool(membership and membership.organisation.kind == OrganisationKind.NETWORK)


def can_manage_fund(membership: Membership | None) -> bool:
    """Contributions, decisions on claims, payouts, scenario inputs: the network's direction."""
    return is_network_member(membership) and membership.role == Role.DIRECTOR


def share_rights(membership: Membership | None, access: str | None) -> RecordRights:
    """THE sharing rule: what a member of the partner organisation may do with a record shared with it.

    `access` is the access of the share in force for the member's organisation (started, not ended, not
    revoked: `Share.objects.active_on(day)`), None when there is none. Through a share in force, any
    operator role of the partner and its SIAO agents see the record (`opens_shared_records`); with an
    « accompagnement » share, the household editors of a partner operator also modify the household and
    its members. With an « orientation » share (a dwelling made available to the SIAO, a SIAO proposal
    to an operator, a re-orientation request), the partner acts on the shared record: a SIAO agent
    proposes candidates or answers, the commission of a partner operator (its household editors) decides.
    With a « captation » share (an owner's request routed by a captation platform), the partner operator's
    captation editors (direction, captation officers) act on it: acknowledge it, take it into their pipeline.
    A share never grants the stays (entries, exits and moves use the owner's dwellings) nor anything else
    of the owner (dwellings, other households: 404). No share in force, or revoked, or expired: no right
    at all."""
    if access is None or not opens_shared_records(membership):
        return NO_RIGHTS
    if access == Share.Access.ORIENTATION:
        edit = membership.role == Role.SIAO_AGENT or can_edit_households(membership)
    elif access == Share.Access.CAPTATION:
        edit = can_edit_captation(membership)
    else:
        edit = access == Share.Access.SUPPORT and can_edit_households(membership)
    return RecordRights(view=True, edit=edit, stays=False, share=access)


def household_rights(membership: Membership | None, household, *, shared_access: str | None) -> RecordRights:
    """The member's rights on `household`: by role for the owner's members, by `share_rights` for a
    partner (`shared_access`: the access of the share in force for the member's organisation, if any)."""
    if membership is None:
        return NO_RIGHTS
    if household.organisation_id == membership.organisation_id:
        if not can_view_register(membership):
            return NO_RIGHTS
        return RecordRights(view=True, edit=can_edit_households(membership), stays=can_edit_stays(membership))
    return share_rights(membership, shared_access)


def shares_in_force(membership: Membership | None, model, *, on):
    """The shares of `model` records in force on `on` for the member's organisation (a queryset, usable
    as a subquery); none for a role that never opens a shared record."""
    if not opens_shared_records(membership):
        return Share.objects.none()
    return Share.objects.of_model(model).active_on(on).filter(partner_id=membership.organisation_id)
