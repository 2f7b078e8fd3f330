"""factory_boy factories, one module per domain (traits rather than subclasses):

- accounts: UserFactory
- organisations: OrganisationFactory (siao, state, ddets), MembershipFactory
- dwellings: DwellingFactory (out_of_park, conventionne)
- households: HouseholdFactory (single_parent_family, couple), PersonFactory (child, partner)
- stays: StayFactory (exited, moved_out, slid_lease)

Import from the domain's module: `from tests.factories.stays import StayFactory`.
"""

# Transitional: the names of the former tests/factories.py, until every test imports from the domain's
# module (then removed).
from tests.factories.accounts import UserFactory  # noqa: E402, F401
from tests.factories.dwellings import DwellingFactory  # noqa: E402, F401
from tests.factories.households import HouseholdFactory, PersonFactory  # noqa: E402, F401
from tests.factories.organisations import MembershipFactory, OrganisationFactory  # noqa: E402, F401
from tests.factories.stays import StayFactory  # noqa: E402, F401
