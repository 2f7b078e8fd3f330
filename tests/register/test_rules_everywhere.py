"""Each register rule is written once (clef/dwellings/rules.py, clef/households/rules.py,
clef/stays/rules.py) and every entry point applies it with the same words: the web forms, the services
and the importer of the exchange format. One row per rule; each row runs through the three entry points
(issue 7 §2)."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from clef.dwellings import services as dwelling_services
from clef.dwellings.models import Dwelling
from clef.households import services as household_services
from clef.households.models import Household
from clef.households.services import MemberData
from clef.stays import services as stay_services
from clef.stays.models import Stay
from tests.dwellings.test_dwelling_rules import VALID as DWELLING_FORM
from tests.exchange.test_import_export import VALID as DATASET
from tests.exchange.test_import_export import run, write
from tests.factories.accounts import UserFactory
from tests.factories.dwellings import DwellingFactory
from tests.factories.households import HouseholdFactory, PersonFactory
from tests.factories.stays import StayFactory
from tests.www.households.test_household_form import MOTHER, SON, household_data
from tests.www.once_token import once_token

TOMORROW = timezone.localdate() + timedelta(days=1)


@dataclass
class Rule:
    name: str
    message: str  # the rule's own words, the same at every entry point
    form: callable  # (client, operator) → the page's text after the form was sent
    service: callable  # (operator) → raises ValidationError
    dataset: tuple[str, str, str]  # (file, old text, new text) applied to the valid dataset
    column: str  # where the importer reports it


def _dwelling_form(client, operator, **changes):
    data = {**DWELLING_FORM, "once": once_token(client, "dwelling"), **changes}
    return client.post(reverse("www:dwelling_create"), data)


def _household_form(client, operator, members, **changes):
    data = household_data(members, once=once_token(client, "household"), **changes)
    return client.post(reverse("www:household_create"), data)


def _enter_form(client, operator, dwelling, day):
    household = HouseholdFactory(organisation=operator)
    data = {"dwelling": dwelling.pk, "entry_date": day.isoformat()}
    return client.post(reverse("www:stay_enter", args=[household.pk]), data)


def _occupied(operator) -> Dwelling:
    return StayFactory(
        household__organisation=operator, dwelling__organisation=operator, entry_date=date(2022, 1, 1)
    ).dwelling


def _members(*people) -> list[MemberData]:
    return [
        MemberData(role=p["role"], sex=p["sex"], birth_date=date.fromisoformat(p["birth_date"]))
        for p in people
    ]


def _save_household(operator, composition, *people):
    household_services.save_household(
        household=Household(organisation=operator, composition=composition),
        members=_members(*people),
        resources=[],
        acting_user=UserFactory(),
    )


def _end_stay(operator, on):
    stay = StayFactory(
        household__organisation=operator, dwelling__organisation=operator, entry_date=date(2022, 1, 1)
    )
    stay_services.end_stay(
        stay=stay,
        on=on,
        destination="parc_social",
        loss_unpaid_rent=False,
        loss_damage=False,
        acting_user=None,
    )


RULES = [
    Rule(
        "dwelling coherence",
        "Le conventionnement Anah ne concerne que le parc privé.",
        form=lambda client, operator: _dwelling_form(client, operator, parc="public", rent_level=""),
        service=lambda operator: dwelling_services.save_dwelling(
            dwelling=Dwelling(
                organisation=operator,
                commune_id="69383",
                address="1 rue A",
                typology="T2",
                surface_m2=Decimal("40"),
                places=2,
                parc="public",
                management_mode="bail_glissant",
                conventionnement="sans_travaux",
                entry_date=date(2022, 1, 1),
            ),
            acting_user=None,
        ),
        dataset=("logements", "public,bail_glissant,,", "public,bail_glissant,avec_travaux,"),
        column="conventionnement",
    ),
    Rule(
        "a stay lies within the dwelling's park period",
        "Ce logement n'entre dans le parc IML que le 01/01/2022.",
        form=lambda client, operator: _enter_form(
            client,
            operator,
            DwellingFactory(organisation=operator, entry_date=date(2022, 1, 1)),
            date(2021, 12, 1),
        ),
        service=lambda operator: stay_services.enter_dwelling(
            household=HouseholdFactory(organisation=operator),
            dwelling=DwellingFactory(organisation=operator, entry_date=date(2022, 1, 1)),
            on=date(2021, 12, 1),
            acting_user=None,
        ),
        dataset=("sejours", "T1,M1,L1,2022-02-01", "T1,M1,L1,2021-12-01"),
        column="date_entree",
    ),
    Rule(
        "no two stays in one dwelling at once",
        "Ce logement est déjà occupé sur cette période",
        form=lambda client, operator: _enter_form(client, operator, _occupied(operator), date(2023, 1, 1)),
        service=lambda operator: stay_services.enter_dwelling(
            household=HouseholdFactory(organisation=operator),
            dwelling=_occupied(operator),
            on=date(2023, 1, 1),
            acting_user=None,
        ),
        dataset=("sejours", "T3,M2,L1,2023-01-01", "T3,M2,L1,2022-06-01"),
        column="date_entree",
    ),
    Rule(
        "exactly one reference person",
        "Un ménage compte exactement une personne de référence (0 indiquée).",
        form=lambda client, operator: _household_form(
            client, operator, [{**MOTHER, "role": "conjoint"}, SON], composition="autre"
        ),
        service=lambda operator: _save_household(operator, "autre", {**MOTHER, "role": "conjoint"}, SON),
        dataset=("personnes", "P1,M1,reference", "P1,M1,autre"),
        column="menage_id",
    ),
    Rule(
        "composition coherent with the members",
        "Une personne isolée vit seule : ce ménage compte 2 personnes.",
        form=lambda client, operator: _household_form(
            client, operator, [MOTHER, SON], composition="personne_isolee"
        ),
        service=lambda operator: _save_household(operator, "personne_isolee", MOTHER, SON),
        dataset=("menages", "M1,S1,famille_monoparentale", "M1,S1,personne_isolee"),
        column="composition",
    ),
    Rule(
        "an exit is not in the future",
        "La date de sortie ne peut pas être dans le futur.",
        form=lambda client, operator: client.post(
            reverse(
                "www:stay_end",
                args=[
                    StayFactory(
                        household__organisation=operator,
                        dwelling__organisation=operator,
                        entry_date=date(2022, 1, 1),
                    ).pk
                ],
            ),
            {
                "exit_date": TOMORROW.isoformat(),
                "destination": "parc_social",
                "loss_unpaid_rent": "non",
                "loss_damage": "non",
            },
        ),
        service=lambda operator: _end_stay(operator, TOMORROW),
        dataset=(
            "sejours",
            "T3,M2,L1,2023-01-01,,,,,",
            f"T3,M2,L1,2023-01-01,{TOMORROW.isoformat()},autre,non,non,",
        ),
        column="date_sortie",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
def test_the_form_refuses_with_the_rule_s_words(rule, social_worker_client, director_client, operator):
    client = director_client if rule.name == "dwelling coherence" else social_worker_client
    response = rule.form(client, operator)
    assert response.status_code == 400
    assert rule.message in response.content.decode().replace("&#x27;", "'")


@pytest.mark.django_db
@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
def test_the_service_refuses_with_the_rule_s_words(rule, operator):
    with pytest.raises(ValidationError) as error:
        rule.service(operator)
    assert any(rule.message in message for message in error.value.messages), error.value.messages


@pytest.mark.django_db
@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
def test_the_importer_refuses_with_the_rule_s_words(rule, tmp_path):
    file, old, new = rule.dataset
    assert old in DATASET[file]
    report = run(write(tmp_path / "d", {**DATASET, file: DATASET[file].replace(old, new, 1)}))
    assert not report.ok
    found = [(p.file, p.column, p.message) for p in report.errors]
    assert any(column == rule.column and rule.message in message for _, column, message in found), found
    assert not Stay.objects.exists() and not Household.objects.exists()  # all or nothing


# ---------------------------------------------------------------- what is computed or only warned


@pytest.mark.django_db
def test_pathway_chaining_is_the_same_through_the_move_form_the_service_and_the_importer(
    social_worker_client, operator, tmp_path
):
    """A stay that follows an internal move continues its pathway: the same start everywhere."""
    first = StayFactory(
        household__organisation=operator, dwelling__organisation=operator, entry_date=date(2022, 2, 1)
    )
    target = DwellingFactory(organisation=operator, entry_date=date(2020, 1, 1))
    response = social_worker_client.post(
        reverse("www:stay_move", args=[first.pk]), {"dwelling": target.pk, "move_date": "2023-01-01"}
    )
    assert response.status_code == 302
    assert Stay.objects.get(household=first.household, dwelling=target).pathway_start == date(2022, 2, 1)

    second = StayFactory(
        household__organisation=operator, dwelling__organisation=operator, entry_date=date(2022, 2, 1)
    )
    other = DwellingFactory(organisation=operator, entry_date=date(2020, 1, 1))
    moved = stay_services.move_internally(
        stay=second, to_dwelling=other, on=date(2023, 1, 1), acting_user=None
    )
    assert moved.pathway_start == date(2022, 2, 1)

    Stay.objects.all().delete()
    report = run(write(tmp_path / "d", DATASET))  # T1 (from 2022-02-01, internal move) then T2
    assert report.ok, [str(p) for p in report.problems]
    assert Stay.objects.get(external_id="T2").pathway_start == date(2022, 2, 1)


PLACES_WARNING = (
    "Ce ménage compte 3 personnes pour un logement de 2 places : vérifiez que le logement convient."
)


@pytest.mark.django_db
def test_more_people_than_places_is_a_warning_everywhere_not_a_refusal(
    social_worker_client, operator, tmp_path
):
    household = HouseholdFactory(organisation=operator)
    for _ in range(2):
        PersonFactory(household=household, role="enfant")
    dwelling = DwellingFactory(organisation=operator, places=2, entry_date=date(2020, 1, 1))
    response = social_worker_client.post(
        reverse("www:stay_enter", args=[household.pk]),
        {"dwelling": dwelling.pk, "entry_date": "2023-01-01"},
        follow=True,
    )
    assert response.redirect_chain and PLACES_WARNING in response.content.decode().replace("&#x27;", "'")
    assert Stay.objects.filter(household=household).exists()

    stay = Stay.objects.get(household=household)
    assert stay_services.entry_warnings(stay) == [PLACES_WARNING]

    crowded = DATASET["personnes"] + "P4,M1,enfant,F,2018-01-01\n"  # M1: 3 persons in L1 (2 places)
    report = run(write(tmp_path / "d", {**DATASET, "personnes": crowded}))
    assert report.ok, [str(p) for p in report.errors]
    assert any("3 personnes pour un logement de 2 places" in p.message for p in report.warnings), [
        str(p) for p in report.warnings
    ]


@pytest.mark.django_db
def test_a_household_lives_in_a_dwelling_of_its_own_structure_in_the_service_and_the_importer(
    operator, tmp_path
):
    """The web form cannot even offer another structure's dwelling; the service and the importer refuse it
    with the rule's words (stays.rules.check_same_structure)."""
    message = "Le logement et le ménage doivent relever de la même structure."
    with pytest.raises(ValidationError) as error:
        stay_services.enter_dwelling(
            household=HouseholdFactory(organisation=operator),
            dwelling=DwellingFactory(entry_date=date(2020, 1, 1)),  # another structure's
            on=date(2023, 1, 1),
            acting_user=None,
        )
    assert error.value.messages == [message]
    files = {
        **DATASET,
        "structures": DATASET["structures"] + "S2,Autre Toit,,38,non\n",
        "logements": DATASET["logements"]
        + "L3,S2,38185,3 rue C,T2,,2,prive,mandat_gestion,,,,,2022-01-01,,\n",
        "sejours": DATASET["sejours"].replace("T3,M2,L1,", "T3,M2,L3,"),
    }
    report = run(write(tmp_path / "d", files))
    assert [(p.file, p.column, p.message) for p in report.errors] == [("sejours.csv", "logement_id", message)]
