"""Forms of the « Captation » pages: they carry input and show French errors; the rules are in
`clef.captation` (rules, services, model validators)."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from clef.captation.enums import ActivityKind, ClosedReason, Origin, Stage
from clef.captation.models import Activity, Campaign, Landlord, LandlordContact, Lead, OfferedDwelling
from clef.captation.rules import allowed_moves, do_not_contact_message, managing_operators, may_contact
from clef.dwellings.enums import ManagementMode
from clef.organisations.models import Organisation, OrganisationKind
from clef.utils import bounds
from clef.www.editing import MAX_ID, VersionedFormMixin
from clef.www.forms import DateInput, DsfrFormMixin
from clef.www.territories.fields import CommuneField

STALE_FORM = "Le formulaire est incomplet : rechargez la page."


def version_field() -> forms.IntegerField:
    return forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        max_value=MAX_ID,
        error_messages=dict.fromkeys(("required", "invalid", "min_value", "max_value"), STALE_FORM),
    )


def date_field(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput,
        validators=[bounds.DATE],
        help_text=help_text,
        error_messages={"required": f"Indiquez : {label.lower()}.", "invalid": "Saisissez une date valide."},
    )


class LandlordForm(VersionedFormMixin, DsfrFormMixin, forms.ModelForm):
    commune = CommuneField(required=False)

    class Meta:
        model = Landlord
        fields = [
            "kind",
            "name",
            "first_name",
            "email",
            "phone",
            "address",
            "commune",
            "consent_to_contact",
            "consent_on",
            "notes",
        ]
        widgets = {"consent_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "name": "Nom de famille, ou raison sociale d'une société, d'une SCI, d'un bailleur social.",
            "consent_to_contact": "Le propriétaire a accepté d'être recontacté (lettres, nouvelles offres).",
        }

    def __init__(self, *args, seen_journal_id: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_version_fields(seen_journal_id=seen_journal_id)

    def clean(self):
        data = super().clean()
        if data.get("consent_to_contact") and not data.get("consent_on"):
            self.add_error("consent_on", "Indiquez la date à laquelle le propriétaire a donné son accord.")
        return data


class ContactForm(DsfrFormMixin, forms.ModelForm):
    class Meta:
        model = LandlordContact
        fields = ["name", "role", "email", "phone"]


class OfferedDwellingForm(DsfrFormMixin, forms.ModelForm):
    commune = CommuneField()

    class Meta:
        model = OfferedDwelling
        fields = [
            "address",
            "commune",
            "typology",
            "surface_m2",
            "annexes_m2",
            "dpe_class",
            "rent_asked",
            "charges_asked",
            "available_from",
            "comments",
        ]
        widgets = {"available_from": DateInput(), "comments": forms.Textarea(attrs={"rows": 2})}
        localized_fields = ["surface_m2", "annexes_m2", "rent_asked", "charges_asked"]  # « 41,5 »
        help_texts = {"annexes_m2": "Caves, balcons, loggias… (comptent pour la surface fiscale)."}


class OfferedDwellingEditForm(VersionedFormMixin, OfferedDwellingForm):
    """The offered dwelling's own edit page: with the version it was built from (optimistic lock)."""

    def __init__(self, *args, seen_journal_id: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_version_fields(seen_journal_id=seen_journal_id)


class LandlordChoiceField(forms.ModelChoiceField):
    """The organisation's landlords, those who asked not to be contacted marked as such."""

    def label_from_instance(self, obj) -> str:
        return str(obj) if may_contact(obj) else f"{obj} (ne pas contacter)"


class LeadOpenForm(DsfrFormMixin, forms.Form):
    """How the lead came and what follows; the landlord and the dwelling have their own forms."""

    landlord = LandlordChoiceField(
        label="Propriétaire déjà connu",
        queryset=Landlord.objects.none(),
        required=False,
        empty_label="Nouveau propriétaire (à saisir ci-dessous)",
    )
    origin = forms.ChoiceField(
        label="Origine",
        choices=[("", "Choisir")] + [c for c in Origin.choices if c[0] != Origin.RECAPTATION],
        error_messages={"required": "Indiquez comment ce propriétaire est arrivé."},
    )
    campaign = forms.ModelChoiceField(
        label="Action de communication", queryset=Campaign.objects.none(), required=False
    )
    preferred_mode = forms.ChoiceField(
        label="Mode de gestion souhaité",
        choices=[("", "Indifférent ou pas encore connu")] + list(ManagementMode.choices),
        required=False,
    )
    next_action = forms.CharField(label="Prochaine action", max_length=200, required=False)
    next_action_on = date_field("Date de la prochaine action", required=False)

    def __init__(self, *args, organisation_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["landlord"].queryset = Landlord.objects.filter(organisation_id=organisation_id)
        self.fields["campaign"].queryset = Campaign.objects.filter(organisation_id=organisation_id)

    def clean(self):
        data = super().clean()
        if bool(data.get("next_action")) != bool(data.get("next_action_on")):
            self.add_error("next_action_on", "Indiquez la prochaine action et sa date.")
        if data.get("landlord") is not None and not may_contact(data["landlord"]):
            self.add_error("landlord", do_not_contact_message(data["landlord"]))
        return data

    def known_landlord_chosen(self) -> bool:
        """An existing landlord is chosen (even one refused): the new landlord's fields are not used."""
        return bool(self["landlord"].value())


class LeadEditForm(VersionedFormMixin, DsfrFormMixin, forms.ModelForm):
    class Meta:
        model = Lead
        fields = ["origin", "campaign", "managing_operator", "preferred_mode"]

    def __init__(self, *args, seen_journal_id: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.filter(
            organisation_id=self.instance.organisation_id
        )
        self.fields["managing_operator"].queryset = managing_operators(self.instance.organisation)
        self.fields["origin"].choices = [
            c
            for c in Origin.choices
            if c[0] != Origin.RECAPTATION or self.instance.origin == Origin.RECAPTATION
        ]
        self.add_version_fields(seen_journal_id=seen_journal_id)


class MoveForm(DsfrFormMixin, forms.Form):
    to_stage = forms.ChoiceField(label="Nouvelle étape", error_messages={"required": "Choisissez l'étape."})
    on = date_field("Date du changement")
    reason = forms.ChoiceField(
        label="Motif de clôture",
        choices=[("", "Choisir (dossier abandonné ou refusé)")] + list(ClosedReason.choices),
        required=False,
    )
    comment = forms.CharField(label="Précisions sur la clôture", max_length=500, required=False)
    version = version_field()

    def __init__(self, *args, lead: Lead, **kwargs):
        kwargs.setdefault("initial", {"on": timezone.localdate(), "version": lead.version})
        super().__init__(*args, **kwargs)
        labels = dict(Stage.choices)
        self.fields["to_stage"].choices = [("", "Choisir")] + [
            (s, labels[s]) for s in allowed_moves(lead.stage)
        ]


class ActivityForm(DsfrFormMixin, forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["kind", "on", "summary", "document"]
        widgets = {"on": DateInput(), "summary": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"document": "PDF, JPEG ou PNG, 5 Mo au plus (diagnostics, photos, courrier)."}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"on": timezone.localdate(), "kind": ActivityKind.APPEL})
        super().__init__(*args, **kwargs)


class NextActionForm(DsfrFormMixin, forms.Form):
    next_action = forms.CharField(
        label="Prochaine action", max_length=200, required=False, help_text="Laisser vide pour l'effacer."
    )
    next_action_on = date_field("Date prévue", required=False)
    version = version_field()


class DoNotContactForm(DsfrFormMixin, forms.Form):
    do_not_contact = forms.BooleanField(
        label="Le propriétaire demande à ne pas être contacté", required=False
    )
    on = date_field("Depuis le", required=False)
    version = version_field()

    def clean(self):
        data = super().clean()
        if data.get("do_not_contact") and not data.get("on"):
            self.add_error("on", "Indiquez depuis quand le propriétaire ne veut plus être contacté.")
        return data


class LeadLandlordForm(DsfrFormMixin, forms.Form):
    landlord = forms.ModelChoiceField(
        label="Propriétaire",
        queryset=Landlord.objects.none(),
        error_messages={"required": "Choisissez le propriétaire."},
    )
    version = version_field()

    def __init__(self, *args, organisation_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["landlord"].queryset = Landlord.objects.filter(organisation_id=organisation_id)


class CampaignForm(DsfrFormMixin, forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ["kind", "name", "started_on", "ended_on", "authority", "cost", "comments"]
        widgets = {
            "started_on": DateInput(),
            "ended_on": DateInput(),
            "comments": forms.Textarea(attrs={"rows": 2}),
        }
        localized_fields = ["cost"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authority"].queryset = Organisation.objects.filter(kind=OrganisationKind.LOCAL_AUTHORITY)

    def clean(self):
        data = super().clean()
        if data.get("started_on") and data.get("ended_on") and data["ended_on"] < data["started_on"]:
            self.add_error("ended_on", "La fin ne peut pas précéder le début.")
        return data


class CampaignEditForm(VersionedFormMixin, CampaignForm):
    """A communication action's edit page: with the version it was built from (optimistic lock)."""

    def __init__(self, *args, seen_journal_id: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_version_fields(seen_journal_id=seen_journal_id)


class BoardFilterForm(DsfrFormMixin, forms.Form):
    q = forms.CharField(label="Propriétaire", required=False, max_length=100)
    origin = forms.ChoiceField(
        label="Origine", choices=[("", "Toutes")] + list(Origin.choices), required=False
    )
    typology = forms.ChoiceField(
        label="Typologie",
        choices=[("", "Toutes")] + list(OfferedDwelling._meta.get_field("typology").choices),
        required=False,
    )
    overdue = forms.BooleanField(label="Prochaine action en retard", required=False)


class LandlordFilterForm(DsfrFormMixin, forms.Form):
    q = forms.CharField(label="Nom, prénom, courriel", required=False, max_length=100)
    kind = forms.ChoiceField(
        label="Type", choices=[("", "Tous")] + list(Landlord._meta.get_field("kind").choices), required=False
    )
    do_not_contact = forms.BooleanField(label="Ne pas contacter", required=False)


class YearForm(DsfrFormMixin, forms.Form):
    year = forms.IntegerField(
        label="Année",
        validators=[bounds.YEAR],
        error_messages={"invalid": "Saisissez une année, par exemple 2026.", "required": "Indiquez l'année."},
    )
