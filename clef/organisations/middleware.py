"""Sets request.membership and request.organisation from the user's memberships.

The current organisation is kept in the session; a user with several memberships switches with the
selector in the header. Nothing here trusts a client-supplied organisation id without checking that
the user is an active member of it.
"""

from django.utils.functional import SimpleLazyObject

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
        cache: dict = {}

        def membership():
            if "m" not in cache:
                cache["m"] = current_membership(request)
            return cache["m"]

        request.membership = SimpleLazyObject(membership)
        request.organisation = SimpleLazyObject(lambda: membership().organisation if membership() else None)
        return self.get_response(request)
