"""Sets request.membership and request.organisation from the user's memberships.

The current organisation is kept in the session; a user with several memberships switches with the
selector in the header. Nothing here trusts a client-supplied organisation id without checking that
the user is an active member of it.

`request.membership` is a Membership or None (read once per request, before the view: no lazy wrapper
to unwrap), `request.organisation` its organisation or None. Views annotate their request with
`clef.www.access.ClefRequest`.
"""

from clef.organisations.models import Membership

SESSION_KEY = "current_organisation_id"


def current_membership(request) -> Membership | None:
    user = request.user
    if not user.is_authenticated:
        return None
    memberships = Membership.objects.filter(
        user=user, is_active=True, organisation__is_active=True
    ).select_related("organisation")
    wanted = request.session.get(SESSION_KEY)
    membership = None
    if wanted:
        membership = memberships.filter(organisation_id=wanted).first()
    if membership is None:
        membership = memberships.order_by("organisation__name").first()
        if membership is not None:
            request.session[SESSION_KEY] = membership.organisation_id
    return membership


class CurrentOrganisationMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        membership = current_membership(request)
        request.membership = membership
        request.organisation = membership.organisation if membership is not None else None
        return self.get_response(request)
