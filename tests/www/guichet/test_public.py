"""The public pages: the owner's form in plain French (every bound, French messages, the values kept),
the honeypot, the rate limit (429 page), the confirmation e-mail whose link opens the follow page, which
shows the status in plain words and nothing of any other owner."""

import re

import pytest
from django.urls import reverse

from clef.guichet.enums import Status
from clef.guichet.models import OwnerRequest
from clef.guichet.rules import french_sort_key
from clef.guichet.tokens import hash_token
from clef.journal.models import JournalEntry
from tests.factories.guichet import CHAMBERY

pytestmark = pytest.mark.django_db

VALID = {
    "commune": CHAMBERY,
    "typology": "T2",
    "surface_m2": "42,5",
    "rent_asked": "560",
    "available_from": "2026-12-01",
    "preferred_mode": "mandat_gestion",
    "first_name": "Hélène",
    "last_name": "Martin",
    "email": "helene.martin@example.org",
    "phone": "06 12 34 56 78",
    "message": "Logement refait à neuf.",
    "consent": "on",
    "website": "",
}


def _post(client, world, **changes):
    data = {k: v for k, v in (VALID | changes).items() if v is not None}
    return client.post(reverse("www:guichet_public", args=[world.desk.slug]), data)


def test_the_form_says_what_each_formula_means(client, world):
    page = client.get(reverse("www:guichet_public", args=[world.desk.slug])).content.decode()
    assert "Vous restez le bailleur" in page and "elle vous paie le loyer" in page
    assert "conservées le temps de traiter votre demande" in page  # purpose and retention next to the consent
    assert 'aria-hidden="true"' in page and 'tabindex="-1"' in page  # the honeypot is hidden from everybody
    assert "Chambéry" in page and "Lyon" not in page  # the communes of the desk's territory only


def test_a_proposal_is_recorded_routed_and_mailed(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, world)
    assert response.status_code == 302
    assert response["Location"] == reverse("www:guichet_thanks", args=[world.desk.slug])
    request = OwnerRequest.objects.get(email="helene.martin@example.org")
    assert (request.status, request.assigned_operator) == (Status.CONFIEE, world.operator)
    assert str(request.surface_m2) == "42.5"
    [mail] = mailoutbox
    token = re.search(r"/proprietaires/suivi/([\w-]+)/", mail.body).group(1)
    assert request.token_hash == hash_token(token)
    follow = client.get(reverse("www:guichet_follow", args=[token]))
    page = follow.content.decode()
    assert follow.status_code == 200 and follow["Cache-Control"] == "no-store"
    assert "confiée à une structure" in page
    for other in ("Hélène", "Martin", "helene.martin", "06 12", world.operator.name, "confiee@example.org"):
        assert other not in page  # the operator is named once it takes the request in charge


def test_the_follow_page_names_the_operator_once_in_charge(client, world):
    from clef.guichet import services

    request, token = services.submit(
        desk=world.desk,
        data=services.Submission(
            commune=world.confided.commune,
            typology="T3",
            surface_m2=world.confided.surface_m2,
            rent_asked=world.confided.rent_asked,
            available_from=world.confided.available_from,
            preferred_mode="indifferent",
            first_name="Paul",
            last_name="Durand",
            email="paul@example.org",
            phone="",
            consent=True,
        ),
        today=world.confided.assigned_on,
        follow_url=str,
    )
    OwnerRequest.objects.filter(pk=request.pk).update(
        status=Status.PRISE_EN_CHARGE, acknowledged_on=request.assigned_on
    )
    page = client.get(reverse("www:guichet_follow", args=[token])).content.decode()
    assert "prise en charge" in page and world.operator.name in page


def test_the_honeypot_records_nothing_and_says_thank_you(client, world, mailoutbox):
    response = _post(client, world, website="http://spam.example")
    assert response.status_code == 302
    assert not OwnerRequest.objects.filter(email="helene.martin@example.org").exists()
    assert mailoutbox == []


def test_over_the_rate_limit_the_form_comes_back_as_typed_with_429(client, world, settings):
    settings.CLEF_GUICHET = {**settings.CLEF_GUICHET, "submissions_per_hour_per_address": 2}
    assert _post(client, world, email="a@example.org").status_code == 302
    assert _post(client, world, email="b@example.org").status_code == 302
    response = _post(client, world, email="c@example.org", message="Mon texte à ne pas perdre")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Trop de propositions envoyées" in page and "conservé ci-dessous" in page
    assert 'value="c@example.org"' in page and "Mon texte à ne pas perdre" in page  # nothing lost
    assert not OwnerRequest.objects.filter(email="c@example.org").exists()
    assert (
        client.get(reverse("www:guichet_public", args=[world.desk.slug])).status_code == 200
    )  # reading is free


@pytest.mark.parametrize("refused", [{"surface_m2": "0"}, {"website": "http://spam.example"}])
def test_refused_posts_do_not_count_against_the_rate_limit(client, world, settings, refused):
    settings.CLEF_GUICHET = {**settings.CLEF_GUICHET, "submissions_per_hour_per_address": 5}
    for _ in range(5):
        assert _post(client, world, **refused).status_code in (302, 400)
    assert _post(client, world).status_code == 302  # the first accepted proposal goes through
    assert OwnerRequest.objects.filter(email=VALID["email"]).count() == 1


def test_the_rate_limit_counts_per_client_address(client, world, settings):
    settings.CLEF_GUICHET = {**settings.CLEF_GUICHET, "submissions_per_hour_per_address": 1}
    assert _post(client, world, email="a@example.org").status_code == 302
    url = reverse("www:guichet_public", args=[world.desk.slug])
    other = client.post(url, VALID | {"email": "b@example.org"}, REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 302


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("commune", "69383", "n'est pas couverte par ce guichet"),
        ("commune", "", "Ce champ est obligatoire"),
        ("typology", "T9", "Sélectionnez un choix valide"),
        ("surface_m2", "0", "La surface doit être comprise entre 1 m² et 1\u202f000 m²."),
        ("surface_m2", "1000,5", "La surface doit être comprise entre 1 m² et 1\u202f000 m²."),
        ("surface_m2", "beaucoup", "Saisissez un nombre"),
        ("rent_asked", "-1", "La valeur du loyer doit être comprise entre 0 € et 10\u202f000 €."),
        ("rent_asked", "20000", "La valeur du loyer doit être comprise entre 0 € et 10\u202f000 €."),
        ("available_from", "3000-01-01", "La date de disponibilité doit être comprise entre"),
        ("available_from", "demain", "Saisissez une date valide"),
        ("preferred_mode", "bail_glissant", "Sélectionnez un choix valide"),
        ("first_name", "", "Ce champ est obligatoire"),
        ("last_name", "A" * 101, "au plus 100 caractères"),
        ("last_name", "Dur\u202eand", "caractère invisible"),
        ("email", "pas-une-adresse", "Saisissez une adresse de courriel valide"),
        ("phone", "abc", "Saisissez un numéro de téléphone"),
        ("message", "x" * 1001, "au plus 1000 caractères"),
        ("message", "bonjour\x07", "caractère de contrôle"),
        ("consent", None, "Cochez la case d'accord"),
    ],
)
def test_bad_input_gets_a_french_message_and_keeps_the_values(client, world, field, value, message):
    response = _post(client, world, **{field: value})
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page.replace("&#x27;", "'").replace("&#39;", "'")
    assert "Le formulaire contient des erreurs" in page
    if field != "first_name":
        assert 'value="Hélène"' in page  # nothing lost
    assert not OwnerRequest.objects.filter(email=VALID["email"]).exists()


def test_a_closed_desk_says_so(client, world):
    world.desk.is_open = False
    world.desk.save()
    response = client.get(reverse("www:guichet_public", args=[world.desk.slug]))
    assert "ne reçoit pas de proposition en ligne" in response.content.decode()
    assert _post(client, world).status_code == 200
    assert not OwnerRequest.objects.filter(email=VALID["email"]).exists()


def test_the_submission_is_journaled_without_personal_data(client, world):
    _post(client, world)
    request = OwnerRequest.objects.get(email=VALID["email"])
    text = str(list(JournalEntry.objects.filter(object_id=request.pk).values_list("changes", flat=True)))
    assert "Hélène" not in text and "helene" not in text and "Martin" not in text


@pytest.mark.parametrize(
    ("referer", "back"),
    [
        ("http://testserver/proprietaires/louer-solidaire-test/", "/proprietaires/louer-solidaire-test/"),
        ("https://evil.example/phish/", 'href="/"'),
        (None, 'href="/"'),
    ],
)
def test_a_csrf_failure_says_in_french_the_session_expired(world, referer, back):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    extra = {"HTTP_REFERER": referer} if referer else {}
    response = client.post(reverse("www:guichet_public", args=[world.desk.slug]), VALID, **extra)
    assert response.status_code == 403
    page = response.content.decode()
    assert "Votre session a expiré, rechargez la page" in page and "Revenir au formulaire" in page
    assert back in page and "evil.example" not in page
    assert "Forbidden" not in page and "style=" not in page.split("<main", 1)[-1]
    assert not OwnerRequest.objects.filter(email=VALID["email"]).exists()


def test_french_numbers_are_read_and_the_lists_are_in_french(client, world):
    response = _post(client, world, rent_asked="1\u202f060,50 €", surface_m2="42,5 m²")
    assert response.status_code == 302
    request = OwnerRequest.objects.get(email=VALID["email"])
    assert (str(request.rent_asked), str(request.surface_m2)) == ("1060.50", "42.5")
    page = client.get(reverse("www:guichet_public", args=[world.desk.slug])).content.decode()
    assert "Choisir une typologie" in page and "---------" not in page
    names = re.findall(r'<option value="\d+[AB]?\d*"[^>]*>([^<]+)</option>', page)
    assert names and names == sorted(names, key=french_sort_key)


def test_a_number_in_words_gets_an_example(client, world):
    page = _post(client, world, rent_asked="beaucoup").content.decode()
    assert "Saisissez un nombre, par exemple 560,50" in page
