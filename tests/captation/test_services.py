"""Captation workflows: journaled in their transaction, locked, the do-not-contact rule at every entry."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from clef.captation import services
from clef.captation.enums import ActivityKind, ClosedReason, Origin, Stage
from clef.captation.models import Activity, Landlord, Lead, OfferedDwelling, StageChange
from clef.journal.models import JournalEntry
from clef.organisations.models import OrganisationKind
from clef.utils.writes import StaleEditError
from tests.factories.accounts import UserFactory
from tests.factories.captation import CampaignFactory, LandlordFactory
from tests.factories.dwellings import DwellingFactory
from tests.factories.organisations import OrganisationFactory

pytestmark = pytest.mark.django_db
REFUSAL = "Ce propriétaire a demandé à ne pas être contacté (depuis le 15/01/2026)."
ON = date(2026, 3, 2)


@pytest.fixture
def user():
    return UserFactory()


def journal_of(instance) -> list[JournalEntry]:
    return list(JournalEntry.objects.filter(object_id=instance.pk, object_label=instance._meta.verbose_name))


def refusal(exc: pytest.ExceptionInfo) -> list[str]:
    return exc.value.messages


def new_lead(operator, user, **kwargs) -> Lead:
    return services.open_lead(
        organisation=operator,
        origin=kwargs.pop("origin", Origin.PROSPECTION),
        on=kwargs.pop("on", date(2026, 3, 1)),
        acting_user=user,
        landlord_data={"kind": "particulier", "name": "Durand", "first_name": "Paul", "commune_id": "69383"},
        dwelling_data={"commune_id": "69383", "typology": "T2", "surface_m2": Decimal("42.5")},
        **kwargs,
    )


# --- Opening a lead ----------------------------------------------------------------------------------------


def test_open_lead_creates_landlord_offer_lead_history_and_journal(operator, user):
    lead = new_lead(operator, user)
    assert lead.stage == Stage.PROSPECT and lead.stage_since == date(2026, 3, 1)
    assert lead.managing_operator == operator  # an operator manages what it captates
    assert lead.landlord.organisation == operator and lead.offered_dwelling.landlord == lead.landlord
    assert list(StageChange.objects.filter(lead=lead).values_list("from_stage", "to_stage", "on")) == [
        ("", Stage.PROSPECT, date(2026, 3, 1))
    ]
    for record in (lead, lead.landlord, lead.offered_dwelling):
        [entry] = journal_of(record)
        assert entry.action == JournalEntry.Action.CREATE and entry.actor == user
        assert entry.organisation_id == operator.pk


def test_a_platforms_lead_has_no_managing_operator_until_chosen(user):
    platform = OrganisationFactory(kind=OrganisationKind.CAPTATION_PLATFORM)
    assert new_lead(platform, user).managing_operator is None


def test_open_lead_for_a_landlord_who_asked_not_to_be_contacted_is_refused(operator, user):
    landlord = LandlordFactory(organisation=operator, not_to_contact=True)
    with pytest.raises(ValidationError) as exc:
        services.open_lead(
            organisation=operator, origin=Origin.RESEAU, on=ON, acting_user=user, landlord=landlord
        )
    assert refusal(exc) == [REFUSAL]
    assert not Lead.objects.exists()


def test_open_lead_refuses_another_organisations_landlord(operator, other_operator, user):
    with pytest.raises(ValidationError, match="pas suivi par votre structure"):
        services.open_lead(
            organisation=operator, origin=Origin.RESEAU, on=ON, acting_user=user, landlord=LandlordFactory()
        )


def test_a_campaign_lead_names_its_campaign_of_the_same_organisation(operator, user):
    with pytest.raises(ValidationError, match="action de communication qui a amené"):
        new_lead(operator, user, origin=Origin.CAMPAGNE)
    with pytest.raises(ValidationError, match="action de communication de votre structure"):
        new_lead(operator, user, origin=Origin.CAMPAGNE, campaign=CampaignFactory())
    assert new_lead(
        operator, user, origin=Origin.CAMPAGNE, campaign=CampaignFactory(organisation=operator)
    ).pk
    assert not Landlord.objects.filter(name="Durand").count() > 1  # refused ones rolled back


def test_bad_input_gets_french_messages_and_writes_nothing(operator, user):
    with pytest.raises(ValidationError) as exc:
        services.open_lead(
            organisation=operator,
            origin=Origin.PROSPECTION,
            on=ON,
            acting_user=user,
            landlord_data={"kind": "particulier", "name": "Durand"},
            dwelling_data={"commune_id": "69383", "typology": "T2", "surface_m2": Decimal("5000")},
        )
    assert "La surface doit être comprise entre 1 m² et 1\u202f000 m²." in refusal(exc)
    assert not Landlord.objects.exists() and not OfferedDwelling.objects.exists()


# --- Moving a lead -----------------------------------------------------------------------------------------


def test_move_lead_forward_writes_history_and_journal(operator, user):
    lead = new_lead(operator, user)
    services.move_lead(lead=lead, to_stage=Stage.VISITE, on=ON, acting_user=user, expected_version=1)
    lead.refresh_from_db()
    assert (lead.stage, lead.stage_since, lead.version) == (Stage.VISITE, ON, 2)
    assert StageChange.objects.filter(
        lead=lead, from_stage=Stage.PROSPECT, to_stage=Stage.VISITE, on=ON
    ).exists()
    update = JournalEntry.objects.get(
        object_id=lead.pk, action=JournalEntry.Action.UPDATE, object_label="dossier de captation"
    )
    assert update.changes["stage"] == {"label": "étape", "old": "Prospect", "new": "Visite"}


def test_closing_needs_a_reason_and_clears_the_next_action(operator, user):
    lead = new_lead(operator, user, next_action="Rappeler", next_action_on=date(2026, 3, 5))
    with pytest.raises(ValidationError, match="motif de clôture"):
        services.move_lead(lead=lead, to_stage=Stage.ABANDONNE, on=ON, acting_user=user)
    services.move_lead(
        lead=lead, to_stage=Stage.ABANDONNE, on=ON, acting_user=user, reason=ClosedReason.LOYER
    )
    lead.refresh_from_db()
    assert (lead.closed_reason, lead.next_action, lead.next_action_on) == (ClosedReason.LOYER, "", None)


def test_a_stale_move_is_refused(operator, user):
    lead = new_lead(operator, user)
    services.move_lead(lead=lead, to_stage=Stage.PREMIER_CONTACT, on=ON, acting_user=user, expected_version=1)
    with pytest.raises(StaleEditError):
        services.move_lead(lead=lead, to_stage=Stage.VISITE, on=ON, acting_user=user, expected_version=1)


def test_a_move_is_not_dated_before_the_current_stage_nor_in_the_future(operator, user):
    lead = new_lead(operator, user)
    with pytest.raises(ValidationError, match="depuis le 01/03/2026"):
        services.move_lead(lead=lead, to_stage=Stage.VISITE, on=date(2026, 2, 1), acting_user=user)
    with pytest.raises(ValidationError, match="ne peut pas être dans le futur"):
        services.move_lead(lead=lead, to_stage=Stage.VISITE, on=date(2099, 1, 1), acting_user=user)


def test_signing_is_not_a_move(operator, user):
    lead = new_lead(operator, user)
    with pytest.raises(ValidationError, match="se signe avec le contrat"):
        services.move_lead(lead=lead, to_stage=Stage.ENGAGEMENT_SIGNE, on=ON, acting_user=user)


# --- Do not contact, at every entry point ---------------------------------------------------------------------


def blocked_lead(operator, user) -> Lead:
    lead = new_lead(operator, user, next_action="Rappeler", next_action_on=date(2026, 3, 10))
    services.set_do_not_contact(
        landlord=lead.landlord, do_not_contact=True, on=date(2026, 1, 15), acting_user=user
    )
    lead.refresh_from_db()
    return lead


def test_set_do_not_contact_withdraws_consent_and_next_actions(operator, user):
    lead = new_lead(operator, user, next_action="Rappeler", next_action_on=date(2026, 3, 10))
    landlord = lead.landlord
    landlord.consent_to_contact, landlord.consent_on = True, date(2026, 1, 2)
    services.save_landlord(landlord=landlord, acting_user=user)
    services.set_do_not_contact(
        landlord=landlord, do_not_contact=True, on=date(2026, 1, 15), acting_user=user
    )
    landlord.refresh_from_db()
    lead.refresh_from_db()
    assert (landlord.do_not_contact, landlord.do_not_contact_since) == (True, date(2026, 1, 15))
    assert (landlord.consent_to_contact, landlord.consent_on) == (False, None)
    assert (lead.next_action, lead.next_action_on) == ("", None)
    entry = JournalEntry.objects.filter(object_id=landlord.pk, object_label="propriétaire bailleur").latest(
        "pk"
    )
    assert entry.changes["do_not_contact"] == {"label": "ne pas contacter", "old": "non", "new": "oui"}


def test_do_not_contact_needs_its_date(operator, user):
    with pytest.raises(ValidationError, match="depuis quand"):
        services.set_do_not_contact(
            landlord=LandlordFactory(organisation=operator), do_not_contact=True, on=None, acting_user=user
        )


def test_lifting_do_not_contact_allows_contacts_again(operator, user):
    lead = blocked_lead(operator, user)
    services.set_do_not_contact(landlord=lead.landlord, do_not_contact=False, on=None, acting_user=user)
    services.log_activity(lead=lead, kind=ActivityKind.APPEL, on=ON, summary="Appel", acting_user=user)


@pytest.mark.parametrize("kind", ["appel", "email", "courrier", "visite", "rendez_vous"])
def test_a_contact_activity_is_refused(operator, user, kind):
    lead = blocked_lead(operator, user)
    with pytest.raises(ValidationError) as exc:
        services.log_activity(lead=lead, kind=kind, on=ON, summary="Appel", acting_user=user)
    assert refusal(exc) == [REFUSAL]
    assert not Activity.objects.exists()


def test_a_note_is_still_allowed(operator, user):
    lead = blocked_lead(operator, user)
    services.log_activity(
        lead=lead, kind=ActivityKind.NOTE, on=ON, summary="Ne plus appeler.", acting_user=user
    )


def test_a_next_action_is_refused(operator, user):
    lead = blocked_lead(operator, user)
    with pytest.raises(ValidationError) as exc:
        services.plan_next_action(lead=lead, next_action="Rappeler", next_action_on=ON, acting_user=user)
    assert refusal(exc) == [REFUSAL]


def test_a_forward_move_is_refused_but_closing_is_allowed(operator, user):
    lead = blocked_lead(operator, user)
    with pytest.raises(ValidationError) as exc:
        services.move_lead(lead=lead, to_stage=Stage.VISITE, on=ON, acting_user=user)
    assert refusal(exc) == [REFUSAL]
    services.move_lead(
        lead=lead, to_stage=Stage.REFUSE, on=ON, acting_user=user, reason=ClosedReason.NE_PAS_CONTACTER
    )


def test_consent_cannot_be_recorded_for_a_landlord_who_asked_not_to_be_contacted(operator, user):
    landlord = LandlordFactory(organisation=operator, not_to_contact=True)
    landlord.consent_to_contact, landlord.consent_on = True, ON
    with pytest.raises(ValidationError) as exc:
        services.save_landlord(landlord=landlord, acting_user=user)
    assert refusal(exc) == [REFUSAL]


def test_a_landlords_form_does_not_change_do_not_contact(operator, user):
    landlord = LandlordFactory(organisation=operator, not_to_contact=True)
    landlord.do_not_contact, landlord.do_not_contact_since, landlord.phone = False, None, "06 00 00 00 00"
    services.save_landlord(landlord=landlord, acting_user=user, expected_version=1)
    landlord.refresh_from_db()
    assert landlord.do_not_contact and landlord.phone == "06 00 00 00 00" and landlord.version == 2


def test_a_stale_landlord_form_is_refused(operator, user):
    landlord = LandlordFactory(organisation=operator)
    services.save_landlord(landlord=landlord, acting_user=user, expected_version=1)
    with pytest.raises(StaleEditError):
        services.save_landlord(
            landlord=Landlord.objects.get(pk=landlord.pk), acting_user=user, expected_version=1
        )


# --- Activities, next actions --------------------------------------------------------------------------------


def test_log_activity_with_a_document_is_stored_under_the_organisation(operator, user):
    lead = new_lead(operator, user)
    document = SimpleUploadedFile("visite.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    activity = services.log_activity(
        lead=lead, kind=ActivityKind.VISITE, on=ON, summary="Visite", document=document, acting_user=user
    )
    assert activity.document.name.startswith(
        f"captation/{operator.pk}/2026/"
    ) and activity.document.name.endswith(".pdf")
    assert journal_of(activity)[0].organisation_id == operator.pk


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("script.exe", b"MZ", "n'est pas accepté"),
        ("faux.pdf", b"MZ not a pdf", "ne correspond pas"),
        ("lourd.png", b"\x89PNG\r\n\x1a\n" + b"0" * (5 * 1024 * 1024), "dépasse 5 Mo"),
    ],
)
def test_bad_documents_are_refused(operator, user, name, content, words):
    lead = new_lead(operator, user)
    with pytest.raises(ValidationError, match=words):
        services.log_activity(
            lead=lead,
            kind=ActivityKind.DOCUMENT,
            on=ON,
            summary="Pièce",
            document=SimpleUploadedFile(name, content),
            acting_user=user,
        )


def test_plan_next_action_needs_both_action_and_date(operator, user):
    lead = new_lead(operator, user)
    with pytest.raises(ValidationError, match="prochaine action et sa date"):
        services.plan_next_action(lead=lead, next_action="Rappeler", next_action_on=None, acting_user=user)
    services.plan_next_action(
        lead=lead, next_action="Rappeler", next_action_on=ON, acting_user=user, expected_version=1
    )
    lead.refresh_from_db()
    assert (lead.next_action, lead.next_action_on, lead.version) == ("Rappeler", ON, 2)


# --- Signature and re-captation ------------------------------------------------------------------------------


def test_mark_signed_links_the_offer_to_the_park(operator, user):
    lead = new_lead(operator, user)
    services.move_lead(lead=lead, to_stage=Stage.PROPOSITION, on=ON, acting_user=user)
    dwelling = DwellingFactory(organisation=operator)
    services.mark_signed(lead=lead, on=date(2026, 3, 20), dwelling=dwelling, acting_user=user)
    lead.refresh_from_db()
    assert (lead.stage, lead.signed_on, lead.offered_dwelling.dwelling) == (
        Stage.ENGAGEMENT_SIGNE,
        date(2026, 3, 20),
        dwelling,
    )
    assert StageChange.objects.filter(
        lead=lead, from_stage=Stage.PROPOSITION, to_stage=Stage.ENGAGEMENT_SIGNE
    ).exists()


def test_mark_signed_refuses_a_prospect(operator, user):
    lead = new_lead(operator, user)
    with pytest.raises(ValidationError, match="étape « Visite » ou « Proposition »"):
        services.mark_signed(
            lead=lead, on=ON, dwelling=DwellingFactory(organisation=operator), acting_user=user
        )


def test_open_recaptation_is_idempotent_and_plans_the_recontact(operator, user):
    dwelling = DwellingFactory(organisation=operator, out_of_park=True)
    landlord = LandlordFactory(organisation=operator)
    first = services.open_recaptation(
        dwelling=dwelling, landlord=landlord, reason="reprise_proprietaire", on=date(2023, 12, 31)
    )
    again = services.open_recaptation(
        dwelling=dwelling, landlord=landlord, reason="reprise_proprietaire", on=date(2023, 12, 31)
    )
    assert first == again and Lead.objects.count() == 1
    assert (first.origin, first.stage, first.next_action, first.next_action_on) == (
        Origin.RECAPTATION,
        Stage.PROSPECT,
        "Recontacter le propriétaire",
        date(2023, 12, 31),
    )
    assert first.offered_dwelling.address == dwelling.address and first.managing_operator == operator
    assert journal_of(first)[0].actor is None


def test_open_recaptation_without_landlord_then_filled_in(operator, user):
    dwelling = DwellingFactory(organisation=operator, out_of_park=True)
    lead = services.open_recaptation(
        dwelling=dwelling, landlord=None, reason="fin_mandat", on=date(2023, 12, 31)
    )
    assert lead.landlord is None and lead.offered_dwelling is None
    landlord = LandlordFactory(organisation=operator)
    services.set_lead_landlord(lead=lead, landlord=landlord, acting_user=user, expected_version=1)
    lead.refresh_from_db()
    assert lead.landlord == landlord and lead.offered_dwelling.typology == dwelling.typology


def test_no_recaptation_for_a_landlord_who_asked_not_to_be_contacted(operator):
    dwelling = DwellingFactory(organisation=operator, out_of_park=True)
    landlord = LandlordFactory(organisation=operator, not_to_contact=True)
    assert services.open_recaptation(dwelling=dwelling, landlord=landlord, reason="fin_mandat", on=ON) is None
    assert not Lead.objects.exists()


def test_a_new_recaptation_once_the_previous_one_is_closed(operator, user):
    dwelling = DwellingFactory(organisation=operator, out_of_park=True)
    first = services.open_recaptation(
        dwelling=dwelling, landlord=None, reason="fin_mandat", on=date(2024, 1, 2)
    )
    services.move_lead(
        lead=first, to_stage=Stage.ABANDONNE, on=date(2024, 2, 1), acting_user=user, reason="autre"
    )
    second = services.open_recaptation(
        dwelling=dwelling, landlord=None, reason="fin_mandat", on=date(2024, 3, 1)
    )
    assert second.pk != first.pk


def test_a_consent_without_its_date_is_a_french_message(operator, user):
    with pytest.raises(ValidationError) as exc:
        services.open_lead(
            organisation=operator,
            origin=Origin.GUICHET,
            on=ON,
            acting_user=user,
            landlord_data={"kind": "particulier", "name": "Durand", "consent_to_contact": True},
        )
    assert exc.value.message_dict == {
        "consent_on": ["Indiquez la date à laquelle le propriétaire a donné son accord."]
    }


def test_a_campaign_ending_before_it_starts_is_a_french_message(operator, user):
    campaign = CampaignFactory.build(organisation=operator, ended_on=date(2025, 12, 1))
    with pytest.raises(ValidationError) as exc:
        services.save_campaign(campaign=campaign, acting_user=user)
    assert exc.value.message_dict == {"ended_on": ["La fin ne peut pas précéder le début."]}
