"""Forms of the « Orientations » pages: they collect input; the rules are in `clef.orientation.rules`, called
by the services (errors come back on their fields)."""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from clef.households.enums import PersonRole, Sex
from clef.households.services import MemberData
from clef.orientation import rules
from clef.orientation.enums import Decision, RefusalReason
from clef.orientation.fields import MONTHLY_RESOURCES, multiline_text
from clef.orientation.models import Availability, Proposal, ReorientationRequest, Wishes
from clef.orientation.services import Candidate
from clef.orientation.wishes import WISH_FIELDS, WishesData, places_of
from clef.territories.models import Commune, Epci
from clef.utils import bounds
from clef.www.forms import DateInput, DsfrFormMixin
from clef.www.territories.fields import CommuneField

UNKNOWN_YES_NO = [("", "Ne sait pas"), ("oui", "Oui"), ("non", "Non")]
COMMUNE_FIELDS = ("commune_1", "commune_2", "commune_3")


def yes_no_unknown(value: str) -> bool | None:
    return {"oui": True, "non": False}.get(value)


class AvailabilityForm(DsfrFormMixin, forms.ModelForm):
    class Meta:
        model = Availability
        fields = [
            "dwelling",
            "available_from",
            "places",
            "accessible_pmr",
            "rent_total",
            "household_share",
            "comments",
        ]
        widgets = {"available_from": DateInput(), "comments": forms.Textarea(attrs={"rows": 3})}
        localized_fields = ["rent_total", "household_share"]
        error_messages = {"dwelling": {"invalid_choice": "Choisissez un logement de la liste."}}

    def __init__(self, *args, dwellings, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["dwelling"].queryset = dwellings
        self.fields["dwelling"].label = "Logement vacant"
        self.fields[
            "available_from"
        ].help_text = (
            f"Au plus tard le {rules.max_available_from(today):%d/%m/%Y} (trois mois à l'avance au plus)."
        )

    def clean(self):
        data = super().clean()
        if data.get("dwelling"):
            try:
                rules.check_offer(
                    dwelling_places=data["dwelling"].places,
                    places=data.get("places"),
                    available_from=data.get("available_from"),
                    today=self.today,
                )
            except ValidationError as exc:
                self.add_error(None, exc)
        return data

    def _post_clean(self):  # the service checks the model (and the rules) once, with the SIAO it finds
        pass


class CandidateForm(DsfrFormMixin, forms.ModelForm):
    class Meta:
        model = Proposal
        fields = [
            "first_name",
            "last_name",
            "birth_date",
            "sex",
            "composition",
            "monthly_resources",
            "main_resource",
            "prior_situation",
            "dalo",
            "demand_number",
            "first_demand_on",
            "urgency",
            "situation",
        ]
        labels = {
            "first_name": "Prénom de la personne de référence",
            "last_name": "Nom de la personne de référence",
            "birth_date": "Date de naissance de la personne de référence",
            "sex": "Sexe de la personne de référence",
        }
        widgets = {
            "birth_date": DateInput(),
            "first_demand_on": DateInput(),
            "situation": forms.Textarea(attrs={"rows": 4}),
        }
        localized_fields = ["monthly_resources"]

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["monthly_resources"].validators.append(MONTHLY_RESOURCES)

    def clean(self):
        data = super().clean()
        if "demand_number" in data and "first_demand_on" not in self.errors:
            try:
                data["demand_number"] = rules.clean_demand(
                    data["demand_number"], data.get("first_demand_on"), on=self.today
                )
            except ValidationError as exc:
                self.add_error(None, exc)
        return data

    def _post_clean(self):
        """The model's own bounds on what was typed (all the errors at once), not the rules needing the
        availability: the service checks those."""
        fields = {f.name for f in Proposal._meta.fields}
        clean = {k: v for k, v in self.cleaned_data.items() if k in fields and k not in self.errors}
        try:
            Proposal(**clean).clean_fields(exclude=fields - set(clean))
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                if name not in self.errors:
                    self.add_error(name, messages)

    def check_members(self, members: list[MemberData]) -> None:
        """The members against the composition, with the form's other errors (one pass)."""
        if "composition" in self.cleaned_data:
            errors = rules.candidate_errors(
                composition=self.cleaned_data["composition"],
                member_roles=[PersonRole.REFERENCE, *(m.role for m in members)],
                demand_number="",
                first_demand_on=None,
                on=self.today,
            )
            for name, messages in errors.items():
                self.add_error(None if name == NON_FIELD_ERRORS else name, messages)

    def candidate(self, members: list[MemberData]) -> Candidate:
        return Candidate(**self.cleaned_data, members=members)


class MemberForm(DsfrFormMixin, forms.Form):
    """Another member of the candidate household (a row left empty is ignored)."""

    role = forms.ChoiceField(
        label="Rôle",
        required=False,
        choices=[("", "—")] + [(r.value, r.label) for r in PersonRole if r != PersonRole.REFERENCE],
    )
    first_name = forms.CharField(
        label="Prénom", max_length=100, required=False, validators=[bounds.no_control_characters]
    )
    last_name = forms.CharField(
        label="Nom", max_length=100, required=False, validators=[bounds.no_control_characters]
    )
    sex = forms.ChoiceField(label="Sexe", required=False, choices=[("", "—"), *Sex.choices])
    birth_date = forms.DateField(
        label="Date de naissance",
        required=False,
        widget=DateInput(),
        validators=[bounds.BIRTH_DATE, bounds.BIRTH_NOT_IN_FUTURE],
    )

    def clean(self):
        data = super().clean()
        if data.get("role") or data.get("birth_date") or data.get("first_name") or data.get("last_name"):
            for name in ("role", "sex", "birth_date"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, "Indiquez-le pour chaque membre (ou videz la ligne).")
        return data

    def member(self) -> MemberData | None:
        data = self.cleaned_data
        if not data.get("role"):
            return None
        return MemberData(
            role=data["role"],
            sex=data["sex"],
            birth_date=data["birth_date"],
            first_name=data.get("first_name", ""),
            last_name=data.get("last_name", ""),
        )


MemberFormSet = forms.formset_factory(MemberForm, extra=1, max_num=12, validate_max=True, absolute_max=12)


class WishesForm(DsfrFormMixin, forms.ModelForm):
    commune_1 = CommuneField(label="Commune souhaitée", required=False)
    commune_2 = CommuneField(label="Autre commune souhaitée", required=False)
    commune_3 = CommuneField(label="Autre commune souhaitée", required=False)

    class Meta:
        model = Wishes
        fields = ["epcis", *WISH_FIELDS]
        widgets = {"does_not_want": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"epcis": "Maintenez Ctrl (ou Cmd) pour en choisir plusieurs."}

    def __init__(self, *args, department_id: str | None, **kwargs):
        super().__init__(*args, **kwargs)
        in_department = Commune.objects.filter(department_id=department_id).values("epci_id")
        self.fields["epcis"].queryset = Epci.objects.filter(code__in=in_department)
        if self.instance.pk and not self.is_bound:
            communes, epcis = places_of(self.instance)
            self.initial["epcis"] = [e.pk for e in epcis]
            for name, commune in zip(COMMUNE_FIELDS, communes[:3], strict=False):
                self.initial[name] = commune

    def clean(self):
        data = super().clean()
        try:
            rules.check_typologies(data.get("typology_min", ""), data.get("typology_max", ""))
        except ValidationError as exc:
            self.add_error(None, exc)
        return data

    def _post_clean(self):
        pass

    def wishes_data(self) -> WishesData:
        data = self.cleaned_data
        communes = list(dict.fromkeys(c for c in (data.get(n) for n in COMMUNE_FIELDS) if c))
        return WishesData(
            communes=communes, epcis=list(data.get("epcis") or []), **{n: data[n] for n in WISH_FIELDS}
        )


class DecisionForm(DsfrFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label="Décision de la commission",
        choices=[(d.value, d.label) for d in (Decision.ACCEPTED, Decision.REFUSED, Decision.DECLINED)],
        widget=forms.RadioSelect,
    )
    decided_on = forms.DateField(
        label="Date de la décision",
        widget=DateInput(),
        validators=[bounds.DATE, bounds.NotInFuture("la date de décision")],
    )
    refusal_reason = forms.ChoiceField(
        label="Motif du refus (commission)", required=False, choices=[("", "—"), *RefusalReason.choices]
    )
    refusal_detail = forms.CharField(
        label="Précisions sur le refus",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[multiline_text],
    )
    household_reason = forms.CharField(
        label="Raison donnée par le ménage (s'il décline)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[multiline_text],
        help_text="Le refus du ménage est enregistré sans aucune conséquence sur ses propositions suivantes.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class EntryForm(DsfrFormMixin, forms.Form):
    entry_date = forms.DateField(
        label="Date d'entrée", widget=DateInput(), validators=[bounds.ENTRY_DATE, bounds.ENTRY_NOT_IN_FUTURE]
    )
    visited_before_signing = forms.ChoiceField(
        label="Le ménage a-t-il visité le logement avant de signer ?",
        choices=UNKNOWN_YES_NO,
        required=False,
        widget=forms.RadioSelect,
    )
    alternative_offered = forms.ChoiceField(
        label="Au moins une autre proposition lui a-t-elle été faite ?",
        choices=UNKNOWN_YES_NO,
        required=False,
        widget=forms.RadioSelect,
    )

    def choice(self) -> dict:
        return entry_choice(self.cleaned_data)


def entry_choice(cleaned_data: dict) -> dict:
    """The two answers on the household's choice, as `enter_with_choice` takes them (None: not known)."""
    return {
        "visited_before_signing": yes_no_unknown(cleaned_data.get("visited_before_signing", "")),
        "alternative_offered": yes_no_unknown(cleaned_data.get("alternative_offered", "")),
    }


class ReorientationForm(DsfrFormMixin, forms.ModelForm):
    class Meta:
        model = ReorientationRequest
        fields = ["reason", "reason_detail", "proposed_solution"]
        widgets = {"reason_detail": forms.Textarea(attrs={"rows": 3})}

    def _post_clean(self):
        pass


class AnswerForm(DsfrFormMixin, forms.Form):
    siao_answer = forms.CharField(
        label="Réponse du SIAO",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[multiline_text],
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
