import pytest

from clef.banking import services
from tests.banking.conftest import statement_csv, worked_example  # noqa: F401  (fixture)


@pytest.fixture
def imported(operator, worked_example):  # noqa: F811
    """The worked example imported by a rental manager of the operator: 3 matched, 1 queued, 1 debit."""
    from clef.organisations.models import Role
    from tests.factories.organisations import MembershipFactory

    manager = MembershipFactory(organisation=operator, role=Role.RENTAL_MANAGER).user
    return services.import_statement(
        organisation=operator,
        file_name="releve-mars.csv",
        data=statement_csv(worked_example),
        acting_user=manager,
    )
