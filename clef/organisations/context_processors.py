from clef.organisations import perms


def organisation(request) -> dict:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    membership = request.membership if request.membership else None
    return {
        "current_membership": membership,
        "current_organisation": membership.organisation if membership else None,
        "can_view_register": perms.can_view_register(membership),
        "can_edit_households": perms.can_edit_households(membership),
        "can_edit_dwellings": perms.can_edit_dwellings(membership),
        "can_edit_stays": perms.can_edit_stays(membership),
        "can_see_bilan": perms.oversight(membership) is not None,
        "can_see_campaigns": bool(membership)
        and (membership.organisation.is_operator or perms.is_state_actor(membership)),
        "can_import": perms.can_import(membership),
    }
