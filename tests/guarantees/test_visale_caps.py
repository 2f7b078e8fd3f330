"""Visale caps as settings (M7): 36 instalments over the occupation, 9 in the social stock, damage up to 2
months of rent and charges over ALL the guarantee's claims (refused ones left out); the service locks the
guarantee so two declarations cannot both pass a cap."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from clef.dwellings.enums import Parc
from clef.guarantees import rules, services
from clef.guarantees.models import VisaleClaim
from tests.factories.accounts import UserFactory
from tests.factories.guarantees import VisaleClaimFactory, VisaleGuaranteeFactory
from tests.factories.rental import LedgerEntryFactory

pytestmark = pytest.mark.django_db
D = Decimal


def _damage(guarantee, amount, status="declaree"):
    return VisaleClaimFactory(
        guarantee=guarantee, kind="degradations", months=2, amount=D(amount), status=status
    )


def _declare(guarantee, **kwargs):
    values = {"kind": "degradations", "declared_on": date(2025, 3, 10), "months": 2, "amount": D("1300")}
    claim = VisaleClaim(guarantee=guarantee, **(values | kwargs))
    return services.declare_visale_claim(claim=claim, acting_user=UserFactory())


def test_the_damage_cap_is_over_all_the_guarantees_claims():
    guarantee = VisaleGuaranteeFactory(valid_from=date(2024, 1, 1))  # rent 600 + 50: cap 1 300
    _damage(guarantee, "1000.00")
    _damage(guarantee, "1300.00", status="refusee")  # a refused claim does not count
    _declare(guarantee, amount=D("300.00"))
    with pytest.raises(ValidationError) as caught:
        _declare(guarantee, amount=D("0.01"))
    assert caught.value.message_dict["amount"] == [
        "Visale couvre les dégradations à hauteur de 2 mois de loyer et charges au plus (1\u202f300,00\u00a0€) "
        "pour toute la garantie, en plus du dépôt de garantie ; 1\u202f300,00\u00a0€ déjà déclarés."
    ]


def test_the_caps_are_settings(settings):
    settings.CLEF_RENTAL = {
        **settings.CLEF_RENTAL,
        "visale_damage_max_months": 1,
        "visale_max_instalments": 24,
    }
    guarantee = VisaleGuaranteeFactory(valid_from=date(2024, 1, 1))
    with pytest.raises(ValidationError, match="1 mois de loyer"):
        _declare(guarantee, months=1, amount=D("650.01"))
    assert rules.visale_max_instalments(social_stock=False) == 24


def test_nine_instalments_in_the_social_stock():
    guarantee = VisaleGuaranteeFactory(valid_from=date(2024, 1, 1))
    dwelling = guarantee.lease.stay.dwelling
    type(dwelling).objects.filter(pk=dwelling.pk).update(parc=Parc.PUBLIC)
    VisaleClaimFactory(guarantee=guarantee, months=8, amount=D("650"))
    LedgerEntryFactory(lease=guarantee.lease, booked_on=date(2025, 1, 5), amount=D("1300"))
    with pytest.raises(ValidationError) as caught:
        _declare(guarantee, kind="impayes", months=2, amount=D("1300"))
    assert caught.value.message_dict["months"] == [
        "Visale couvre 9 mensualités au plus sur toute l'occupation dans le parc social : "
        "8 déjà déclarées, 1 restantes."
    ]
    assert rules.visale_max_instalments(social_stock=True) == 9
