"""factory_boy factories, one module per domain (traits rather than subclasses):

- accounts: UserFactory
- organisations: OrganisationFactory (siao, state, ddets), MembershipFactory
- dwellings: DwellingFactory (out_of_park, conventionne)
- households: HouseholdFactory (single_parent_family, couple), PersonFactory (child, partner)
- stays: StayFactory (exited, moved_out, slid_lease)

Import from the domain's module: `from tests.factories.stays import StayFactory`. A trait never names a
sub-factory's fields (`dwelling__exit_date`): factory_boy blanks them even when the trait is off; the
trait redeclares the whole sub-factory instead (see StayFactory.slid_lease).
"""

_MODULE_OF = {
    "UserFactory": "accounts",
    "OrganisationFactory": "organisations",
    "MembershipFactory": "organisations",
    "DwellingFactory": "dwellings",
    "HouseholdFactory": "households",
    "PersonFactory": "households",
    "StayFactory": "stays",
}


def __getattr__(name: str):
    """`from tests.factories import StayFactory` (the former single module) says where to look."""
    if name in _MODULE_OF:
        module = _MODULE_OF[name]
        raise ImportError(
            f"{name} is in tests.factories.{module}: from tests.factories.{module} import {name}"
        )
    raise AttributeError(name)
