"""Names, addresses and identifiers are single-line visible text: every control character (tab, CR, LF
included) and the invisible format characters (zero-width, direction overrides…) are refused, by the
model fields' rule (`bounds.NoControlCharacters`), hence by the forms, the services and the importer."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from clef.demo import names
from clef.dwellings.models import Dwelling
from clef.households.models import Household, Person
from clef.stays.models import Stay
from clef.utils import bounds
from clef.utils.spreadsheet import strip_control_characters
from tests.dwellings.test_dwelling_rules import VALID as DWELLING
from tests.exchange.test_import_export import VALID, run, write
from tests.www.households.test_household_form import MOTHER, household_data
from tests.www.once_token import once_token

SINGLE_LINE_FIELDS = [
    (Person, "first_name"),
    (Person, "last_name"),
    (Dwelling, "address"),
    (Dwelling, "external_id"),
    (Household, "external_id"),
    (Household, "social_housing_demand_number"),
    (Person, "external_id"),
    (Stay, "external_id"),
]
# (value, what the message names)
INVISIBLE = [
    ("a\r\nb", "un retour à la ligne"),
    ("Awa\n", "un retour à la ligne"),
    ("Dia\rllo", "un retour à la ligne"),
    ("Awa\tDiallo", "une tabulation"),
    ("\u200b", "(U+200B, espace sans chasse)"),
    ("Di\u200ballo", "U+200B"),
    ("Du\u202eNOD", "change le sens d'écriture (U+202E)"),
    ("\u202aAwa", "U+202A"),
    ("Awa\u2066", "U+2066"),
    ("Awa\u2069", "U+2069"),
    ("A\u200fwa", "marque droite-à-gauche"),
    ("A\u2060wa", "gluon de mots"),
    ("\ufeffAwa", "indicateur d'ordre des octets"),
    ("Awa\x7f", "caractère de contrôle invisible (U+007F)"),
    ("Awa\x85", "caractère de contrôle invisible (U+0085)"),
    ("Awa\x00", "caractère de contrôle invisible (U+0000)"),
]
ACCEPTED = ["Zoé", "D'Almeida", "Lemaire-Durand", "N'Diaye", "Ngô Thị", "محمد", "12 bis, rue de l'Église"]


@pytest.mark.parametrize(("model", "name"), SINGLE_LINE_FIELDS)
@pytest.mark.parametrize(("value", "named"), INVISIBLE)
def test_single_line_fields_refuse_control_and_invisible_characters(model, name, value, named):
    with pytest.raises(ValidationError) as error:
        model._meta.get_field(name).run_validators(value)
    assert named in error.value.messages[0]
    assert error.value.messages[0].startswith("Ce texte contient ")


@pytest.mark.parametrize("value", ACCEPTED + ["Marie\u00a0Claire"])  # a no-break space is visible
def test_ordinary_names_and_addresses_are_accepted(value):
    bounds.no_control_characters(value)


def test_the_spreadsheet_writer_still_strips_only_what_a_workbook_cannot_hold():
    """CONTROL_CHARACTERS keeps its meaning: the writer drops NUL or a vertical tab, keeps a line
    feed (a multi-line text exported elsewhere) and leaves the format characters alone."""
    assert strip_control_characters("a\x00b\x0bc\td\r\ne\u200bf\u202eg") == "abc\td\r\ne\u200bf\u202eg"


def test_the_demo_names_and_streets_pass_the_rule():
    for text in [
        *names.FIRST_NAMES_F,
        *names.FIRST_NAMES_M,
        *names.LAST_NAMES,
        *names.OPERATOR_STEMS,
        *names.STREETS,
    ]:
        bounds.no_control_characters(text)


@pytest.mark.django_db
@pytest.mark.parametrize(("value", "named"), [("a\r\nb", "retour à la ligne"), ("\u200b", "U+200B")])
def test_the_household_form_refuses_an_invisible_name(social_worker_client, operator, value, named):
    data = household_data(
        [{**MOTHER, "first_name": value}], once=once_token(social_worker_client, "household")
    )
    response = social_worker_client.post(reverse("www:household_create"), data)
    assert response.status_code == 400
    assert named in response.context["formset"].forms[0].errors["first_name"][0]
    assert not Household.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("address", ["12 rue\r\ndes Lilas", "12 rue des Lilas\u202e", "\u200b"])
def test_the_dwelling_form_refuses_an_address_on_two_lines_or_with_invisible_characters(
    director_client, operator, address
):
    data = {**DWELLING, "address": address, "once": once_token(director_client, "dwelling")}
    response = director_client.post(reverse("www:dwelling_create"), data)
    assert response.status_code == 400
    assert response.context["form"].errors["address"][0].startswith("Ce texte contient ")
    assert not Dwelling.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("address", "named"),
    [
        ('"1 rue A\r\nappartement 3"', "retour à la ligne"),  # a quoted CSV cell on two lines
        ("1 rue\u202eA", "U+202E"),
        ("1 rue\u200bA", "U+200B"),
        ("1 rue\tA", "tabulation"),
    ],
)
def test_the_importer_refuses_them_too(tmp_path, address, named):
    files = dict(VALID, logements=VALID["logements"].replace("1 rue A", address))
    report = run(write(tmp_path / "d", files))
    assert not report.ok
    problems = [p for p in report.problems if p.column == "adresse"]
    assert len(problems) == 1 and named in str(problems[0]), [str(p) for p in report.problems]
    assert not Dwelling.objects.exists() and not Household.objects.exists()
