"""What every page's layout needs to know about the current member: booleans computed by the
permission rules (`clef.organisations.perms`), never a role for a template to compare."""

from clef.agenda import perms as agenda_perms
from clef.funding import perms as funding_perms
from clef.guarantees import perms as guarantees_perms
from clef.locavantages import perms as locavantages_perms
from clef.needs import perms as needs_perms
from clef.organisations import perms
from clef.orientation import perms as orientation_perms
from clef.support import perms as support_perms


def organisation(request) -> dict:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    membership = getattr(request, "membership", None)
    return {
        "current_membership": membership,
        "current_organisation": membership.organisation if membership else None,
        "can_view_register": perms.can_view_register(membership),
        "can_edit_households": perms.can_edit_households(membership),
        "can_edit_dwellings": perms.can_edit_dwellings(membership),
        "can_edit_stays": perms.can_edit_stays(membership),
        "can_see_bilan": perms.can_see_bilan(membership),
        "can_see_campaigns": perms.can_see_campaigns(membership),
        "can_import": perms.can_import(membership),
        "can_read_journal": perms.can_read_journal(membership),
        "can_see_orientations": orientation_perms.can_see_orientations(membership),
        "can_see_relays": support_perms.can_see_relay_directory(membership),
        "can_see_meetings": agenda_perms.can_see_meetings(membership),
        "can_see_todo": agenda_perms.can_see_todo(membership),
        "can_see_captation": perms.can_see_captation(membership),
        "can_edit_captation": perms.can_edit_captation(membership),
        "can_see_contracts": perms.can_see_contracts(membership),
        "can_edit_contracts": perms.can_edit_contracts(membership),
        "can_simulate": locavantages_perms.can_simulate(membership),
        "can_read_bonus_schemes": locavantages_perms.can_read_bonus_schemes(membership),
        "can_load_ceilings": locavantages_perms.can_load_ceilings(membership),
        "can_see_guichet": perms.is_platform_member(membership),
        "can_see_needs": needs_perms.can_see_needs(membership),
        "can_see_targets": needs_perms.can_see_targets(membership),
        "can_see_territory": needs_perms.can_see_territory(membership),
        "can_see_territory_menu": perms.is_local_authority_member(membership),
        "can_see_needs_menu": needs_perms.has_needs_menu(membership),
        "can_see_ledger": perms.can_see_ledger(membership),
        "can_edit_ledger": perms.can_edit_ledger(membership),
        "can_see_owner_accounts": perms.can_see_owner_accounts(membership),
        "can_edit_recovery": perms.can_edit_recovery(membership),
        "can_see_litigation": perms.can_see_litigation(membership),
        # area: rental
        "can_see_funds_menu": guarantees_perms.can_see_funds_menu(membership),
        "can_use_funds": guarantees_perms.may_use_funds(membership),
        "can_see_funding": funding_perms.can_see_funding(membership),
    }
