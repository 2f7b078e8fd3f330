"""Forms of the « Guichet propriétaires » pages. The rules live in `clef.guichet.rules` (consent,
territory, capacities) and the models' validators (every bound): these forms collect input and show the
French errors next to each field; a refused value is kept in the form."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from clef.captation.rules import validate_phone
from clef.guichet import rules
from clef.guichet.enums import Outcome, PreferredMode, RoutingMethod
from clef.guichet.models import CAPACITY, Desk, OwnerRequest, RoutingRule
from clef.organisations.models import Organisation
from clef.organisations.territory import territory_communes
from clef.territories.models import Commune, Epci
from clef.www.editing import MAX_ID
from clef.www.forms import DateInput, DsfrFormMixin

MODE_HELP = {
    PreferredMode.MANDAT_GESTION: "Vous restez le bailleur ; la structure gère la location pour vous "
    "(loyers, état des lieux, suivi du locataire), contre des frais de gestion.",
    PreferredMode.SOUS_LOCATION: "La structure loue votre logement et le sous-loue à un ménage qu'elle "
    "accompagne : elle vous paie le loyer, même quand le logement est vide.",
    PreferredMode.INDIFFERENT: "La structure vous présentera les deux formules lors de son appel.",
}
RESERVED_SLUGS = {"suivi"}


class FrenchDecimalField(forms.DecimalField):
    """A number as French people type it: « 560,50 € », « 1 234,5 » (`rules.plain_number`)."""

    default_error_messages = {"invalid": "Saisissez un nombre, par exemple 560,50 (virgule décimale)."}

    def to_python(self, value):
        return super().to_python(rules.plain_number(value) if isinstance(value, str) else value)


def sort_french(field: forms.ModelChoiceField) -> None:
    """The choices of a list of places in French order (`rules.french_sort_key`), the empty one first."""
    options = sorted(field.queryset, key=lambda obj: rules.french_sort_key(field.label_from_instance(obj)))
    field.choices = [("", field.empty_label)] + [(obj.pk, field.label_from_instance(obj)) for obj in options]


class OwnerRequestForm(DsfrFormMixin, forms.ModelForm):
    """The owner's proposal, in plain French. `website` is the honeypot: hidden from people and from
    screen readers; a robot that fills it gets the thank-you page and nothing is recorded."""

    website = forms.CharField(required=False, label="Ne pas remplir ce champ")
    consent = forms.BooleanField(
        required=True,
        label="J'accepte que la plateforme transmette ma proposition à une structure de l'intermédiation "
        "locative de mon territoire, qui me recontactera.",
        error_messages={"required": rules.CONSENT_REQUIRED},
    )

    class Meta:
        model = OwnerRequest
        fields = [
            "commune",
            "typology",
            "surface_m2",
            "rent_asked",
            "available_from",
            "preferred_mode",
            "first_name",
            "last_name",
            "email",
            "phone",
            "message",
            "consent",
        ]
        widgets = {
            "available_from": DateInput(),
            "preferred_mode": forms.RadioSelect,
            "message": forms.Textarea(attrs={"rows": 4}),
        }
        localized_fields = ["surface_m2", "rent_asked"]  # accept « 41,5 »
        field_classes = {"surface_m2": FrenchDecimalField, "rent_asked": FrenchDecimalField}
        labels = {
            "commune": "Commune du logement",
            "typology": "Type de logement",
            "surface_m2": "Surface habitable (m²)",
            "rent_asked": "Loyer souhaité, hors charges (€ par mois)",
            "available_from": "Disponible à partir du",
            "preferred_mode": "Formule qui vous intéresse",
            "email": "Adresse électronique",
            "phone": "Téléphone (facultatif)",
            "message": "Votre message (facultatif)",
        }
        help_texts = {
            "surface_m2": "Par exemple 42,5",
            "rent_asked": "Par exemple 560",
            "email": "Nous y envoyons la confirmation et le lien pour suivre votre demande.",
            "message": "1 000 caractères au plus.",
        }

    def __init__(self, *args, desk: Desk, **kwargs):
        super().__init__(*args, **kwargs)
        self.desk = desk
        self.fields["commune"].queryset = territory_communes(desk.platform).order_by("name")
        self.fields["commune"].empty_label = "Choisissez la commune"
        sort_french(self.fields["commune"])
        typology = self.fields["typology"]
        typology.choices = [("", "Choisir une typologie")] + [c for c in typology.choices if c[0] != ""]
        self.fields["commune"].error_messages["invalid_choice"] = (
            "Cette commune n'est pas couverte par ce guichet : choisissez-la dans la liste."
        )
        self.fields["preferred_mode"].choices = [
            (value, f"{label} — {MODE_HELP[value]}") for value, label in PreferredMode.choices
        ]
        website = self.fields["website"].widget
        website.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
        self.fields["phone"].widget.attrs.update({"autocomplete": "tel", "inputmode": "tel"})
        self.fields["phone"].validators.append(validate_phone)  # the one phone rule (clef.captation.rules)

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get("website"))

    def visible_fields(self):
        return [field for field in super().visible_fields() if field.name != "website"]


class AssignForm(DsfrFormMixin, forms.Form):
    """The operators of the desk's rules first, then the other operators of the territory; the one that
    just let the deadline pass is marked (the rules: `clef.guichet.rules`)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_ID)
    operator = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label="Structure", empty_label="Choisissez une structure"
    )

    def __init__(self, *args, desk: Desk, returned=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["operator"]
        field.queryset = rules.territory_operators(desk)
        candidates = list(field.queryset)
        first = {o.pk for o in candidates if o.in_rules}
        late = returned.operator_id if returned else None

        def option(operator):
            return (
                operator.pk,
                operator.name + (" — a laissé passer le délai" if operator.pk == late else ""),
            )

        groups = [
            ("Structures des règles du guichet", [option(o) for o in candidates if o.pk in first]),
            ("Autres structures du territoire", [option(o) for o in candidates if o.pk not in first]),
        ]
        field.choices = [("", field.empty_label)] + [(name, opts) for name, opts in groups if opts]
        self.late_hint = ""
        if returned is not None and returned.operator is not None:
            self.late_hint = (
                f"« {returned.operator.name} » n'a pas pris la demande en charge dans le délai : "
                "préférez une autre structure."
            )


class CloseForm(DsfrFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_ID)
    outcome = forms.ChoiceField(
        label="Issue",
        choices=[("", "Choisissez l'issue")] + [c for c in Outcome.choices if c[0] != Outcome.CAPTEE],
        help_text="« Logement capté » se pose seul à la signature de l'engagement du propriétaire.",
    )
    note = forms.CharField(label="Précision (facultatif)", required=False, max_length=200)


class RuleForm(DsfrFormMixin, forms.Form):
    """A rule on one EPCI or one commune of the territory, and up to three operators in their order."""

    ROWS = 3

    epci = forms.ModelChoiceField(queryset=Epci.objects.none(), label="EPCI", required=False, empty_label="—")
    commune = forms.ModelChoiceField(
        queryset=Commune.objects.none(),
        label="ou commune",
        required=False,
        empty_label="—",
    )
    method = forms.ChoiceField(label="Répartition", choices=RoutingMethod.choices, widget=forms.RadioSelect)

    def __init__(self, *args, desk: Desk, operators, **kwargs):
        super().__init__(*args, **kwargs)
        self.desk = desk
        links = Organisation.territory_epcis.through.objects.filter(organisation_id=desk.platform_id)
        self.fields["epci"].queryset = Epci.objects.filter(code__in=links.values("epci_id")).order_by("name")
        self.fields["commune"].queryset = territory_communes(desk.platform).order_by("name")
        sort_french(self.fields["epci"])
        sort_french(self.fields["commune"])
        for index in range(self.ROWS):
            self.fields[f"operator_{index}"] = forms.ModelChoiceField(
                queryset=operators, label=f"Structure n° {index + 1}", required=index == 0, empty_label="—"
            )
            self.fields[f"capacity_{index}"] = forms.IntegerField(
                label=f"Demandes par mois (structure n° {index + 1})", required=False, validators=[CAPACITY]
            )

    def targets(self) -> list[tuple[Organisation, int | None]]:
        rows = [
            (self.cleaned_data.get(f"operator_{i}"), self.cleaned_data.get(f"capacity_{i}"))
            for i in range(self.ROWS)
        ]
        return [(operator, capacity) for operator, capacity in rows if operator is not None]

    def clean(self):
        data = super().clean()
        if bool(data.get("epci")) == bool(data.get("commune")):
            raise ValidationError("Choisissez un EPCI ou une commune (l'un des deux).")
        targets = self.targets()
        operators = [operator.pk for operator, _ in targets]
        if len(set(operators)) != len(operators):
            raise ValidationError("Une structure ne figure qu'une fois dans une règle.")
        rules.check_capacities(data.get("method"), [capacity for _, capacity in targets])
        where = {"epci": data["epci"]} if data.get("epci") else {"commune": data.get("commune")}
        if RoutingRule.objects.filter(desk=self.desk, **where).exists():
            raise ValidationError("Une règle existe déjà pour ce territoire : supprimez-la d'abord.")
        return data


class DeskForm(DsfrFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_ID, required=False)

    class Meta:
        model = Desk
        fields = ["title", "slug", "intro", "acknowledge_days", "is_open", "contact_email"]
        widgets = {"intro": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "slug": "La page publique sera /proprietaires/<adresse>/ (lettres minuscules, chiffres, tirets).",
            "acknowledge_days": "Au-delà, une demande non prise en charge revient au guichet (1 à 60 jours).",
            "is_open": "Décochez pour suspendre les propositions en ligne (la page l'annonce).",
        }

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise ValidationError("Cette adresse est réservée : choisissez-en une autre.")
        return slug
