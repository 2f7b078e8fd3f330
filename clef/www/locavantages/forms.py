"""Forms of the Loc'Avantages pages: they collect input and show French errors; the computation is
`clef.locavantages.simulation`, the rules `clef.locavantages.rules`."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from clef.dwellings.enums import ManagementMode
from clef.locavantages import rules
from clef.locavantages.ceilings import MAX_BYTES
from clef.locavantages.models import CEILING_YEAR, LocalBonusScheme
from clef.utils import bounds
from clef.utils.bounds import Bound
from clef.www.editing import VersionedFormMixin, require_version_when_editing
from clef.www.forms import DateInput, DsfrFormMixin
from clef.www.territories.fields import CommuneField

ANNEXES_M2 = Bound("la surface des annexes", Decimal("0"), Decimal("1000"), "m²")
FEE_PERCENT = Bound("la part des honoraires", Decimal("0"), Decimal("20"), "pour cent")


class SimulationForm(DsfrFormMixin, forms.Form):
    commune = CommuneField()
    year = forms.IntegerField(
        label="Année du bail",
        help_text="Les plafonds de l'année de signature du bail.",
        validators=[CEILING_YEAR],
        error_messages={"invalid": "Saisissez une année (par exemple 2026)."},
    )
    habitable_m2 = forms.DecimalField(
        label="Surface habitable (m²)",
        max_digits=6,
        decimal_places=2,
        localize=True,
        validators=[bounds.SURFACE_M2],
    )
    annexes_m2 = forms.DecimalField(
        label="Surface des annexes (m²)",
        help_text="Caves, balcons, loggias… : comptées pour moitié, dans la limite de 8 m².",
        max_digits=6,
        decimal_places=2,
        localize=True,
        required=False,
        validators=[ANNEXES_M2],
    )
    market_rent = forms.DecimalField(
        label="Loyer demandé par le propriétaire (€ par mois, hors charges)",
        max_digits=7,
        decimal_places=2,
        localize=True,
        validators=[bounds.RENT],
    )
    mode = forms.ChoiceField(label="Mode de gestion proposé", choices=ManagementMode.choices)
    fee_percent = forms.DecimalField(
        label="Honoraires de gestion (% des loyers, mandat de gestion)",
        help_text="Le taux de votre structure par défaut ; sans objet en location / sous-location.",
        max_digits=4,
        decimal_places=2,
        localize=True,
        validators=[FEE_PERCENT],
    )

    def clean_annexes_m2(self):
        return self.cleaned_data.get("annexes_m2") or Decimal("0")


class CeilingUploadForm(DsfrFormMixin, forms.Form):
    file = forms.FileField(
        label="Fichier des plafonds (CSV)",
        help_text="Colonnes annee;code_commune;niveau;plafond_m2 (et, facultative, source), en UTF-8, "
        f"{MAX_BYTES // (1024 * 1024)} Mo au plus.",
    )
    sample = forms.BooleanField(
        label="Valeurs d'exemple (pas celles de l'arrêté : la simulation l'affichera)", required=False
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise ValidationError(f"Le fichier dépasse {MAX_BYTES // (1024 * 1024)} Mo.")
        return upload


class SchemeForm(VersionedFormMixin, DsfrFormMixin, forms.ModelForm):
    """A local bonus scheme. Editing one carries the version it was built from (optimistic lock: the
    platform administrator and the authority may edit the same scheme); a post without it is refused."""

    commune = CommuneField(required=False, help_text="Une commune, ou bien un EPCI ci-dessous.")

    class Meta:
        model = LocalBonusScheme
        fields = [
            "name",
            "authority",
            "commune",
            "epci",
            "amount",
            "for_mandat_gestion",
            "for_sous_location",
            "for_bail_glissant",
            "for_loc1",
            "for_loc2",
            "for_loc3",
            "for_sans_convention",
            "valid_from",
            "valid_until",
            "comments",
        ]
        widgets = {"valid_from": DateInput(), "valid_until": DateInput()}
        localized_fields = ["amount"]

    def __init__(self, *args, authority=None, **kwargs):
        super().__init__(*args, **kwargs)
        if authority is not None:  # a local authority's member: its own schemes, in its territory
            del self.fields["authority"]
            self.instance.authority = authority
            epcis = authority.territory_epcis.all()
            if epcis.exists():  # its territory set: its EPCIs only (the rule checks the communes)
                self.fields["epci"].queryset = epcis
        else:
            self.fields["authority"].queryset = self.fields["authority"].queryset.order_by("name")
        self.add_version_fields(seen_journal_id=0)
        require_version_when_editing(self, editing=bool(self.instance.pk))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("commune") and cleaned.get("epci"):
            raise ValidationError("Choisissez une commune ou un EPCI, pas les deux.")
        if not self.errors and not cleaned.get("commune") and not cleaned.get("epci"):
            raise ValidationError("Choisissez une commune ou un EPCI.")
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        if not self.errors:
            try:
                rules.check_scheme_territory(self.instance)
            except ValidationError as exc:
                self.add_error(None, exc)
