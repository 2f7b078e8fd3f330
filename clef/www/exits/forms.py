"""Forms of the guided exit and of the solicitations after exit. They collect input; the rules are those
of `clef.exits.rules` (called here for the field-level messages, and again by the services)."""

from django import forms
from django.core.exceptions import ValidationError

from clef.accounts.models import User
from clef.exits import rules
from clef.exits.enums import (
    CRITERIA,
    READINESS_ITEMS,
    HouseholdChoice,
    Judgement,
    Perspective,
    RelayKind,
    SolicitationSubject,
)
from clef.exits.models import (
    CHECK_DATE,
    CHECK_NOT_IN_FUTURE,
    COMMENT_MAX,
    MINUTES,
    NOTE_MAX,
    SOLICITATION_DATE,
    SOLICITATION_NOT_IN_FUTURE,
)
from clef.exits.services import Outcome, PerspectiveInput
from clef.support.models import RelayResource
from clef.utils.bounds import no_control_characters
from clef.www.forms import DateInput, DsfrFormMixin


class _ReadinessBase(DsfrFormMixin, forms.Form):
    """The « prêt à sortir » checklist (inside the guided exit, its date is the exit date: `with_date`)."""

    checked_on = forms.DateField(
        label="Date du point", widget=DateInput(), validators=[CHECK_DATE, CHECK_NOT_IN_FUTURE]
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, with_date: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_date:
            del self.fields["checked_on"], self.fields["version"]

    def items(self) -> dict[str, bool]:
        return {name: self.cleaned_data.get(name, False) for name, _label in READINESS_ITEMS}


ReadinessForm = type(
    "ReadinessForm",
    (_ReadinessBase,),
    {
        "__module__": __name__,
        **{name: forms.BooleanField(label=label, required=False) for name, label in READINESS_ITEMS},
    },
)


class OutcomeForm(DsfrFormMixin, forms.Form):
    """The household's word on its new housing, and who takes over."""

    household_choice = forms.ChoiceField(
        label="Pour le ménage, son nouveau logement est",
        choices=HouseholdChoice.choices,
        widget=forms.RadioSelect,
        help_text="La parole du ménage : choisi, ou subi.",
        error_messages={"required": rules.CHOICE_REQUIRED},
    )
    relay_kind = forms.ChoiceField(
        label="Relais après la sortie",
        choices=[("", "Choisissez le relais")] + RelayKind.choices,
        error_messages={"required": rules.RELAY_KIND_REQUIRED},
    )
    relay_name = forms.CharField(
        label="Nom du relais",
        required=False,
        max_length=200,
        validators=[no_control_characters],
        help_text="Par exemple : la MDS du secteur, le CMP, l'agence qui gère le nouveau logement.",
    )
    relay_resource = forms.ModelChoiceField(
        label="Ou une ressource de l'annuaire des relais",
        queryset=RelayResource.objects.none(),
        required=False,
        error_messages={"invalid_choice": "Choisissez une ressource de la liste."},
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["relay_resource"].queryset = RelayResource.objects.visible_to(
            organisation.pk, organisation.head_office_department_id
        ).order_by("name")

    def clean(self):
        data = super().clean()
        if "household_choice" in data and "relay_kind" in data:
            resource = data.get("relay_resource")
            try:
                rules.check_relay(
                    kind=data["relay_kind"],
                    name=data.get("relay_name", ""),
                    resource_id=getattr(resource, "pk", None),
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    self.add_error(field, errors)
        return data

    def outcome(self) -> Outcome:
        data = self.cleaned_data
        return Outcome(
            data["household_choice"],
            data["relay_kind"],
            data.get("relay_name", ""),
            data.get("relay_resource"),
        )


class PerspectiveForm(DsfrFormMixin, forms.Form):
    """One perspective: the reference text's criteria as checkboxes, an overall judgement, a comment."""

    criteria = forms.MultipleChoiceField(
        label="Critères remplis", required=False, widget=forms.CheckboxSelectMultiple
    )
    judgement = forms.ChoiceField(
        label="Appréciation d'ensemble", required=False, choices=Judgement.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label="Commentaire",
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, perspective: str, losses: tuple[bool, bool] = (False, False), **kwargs):
        """`losses`: the unpaid rent and the damage the stay's exit recorded (or records, in the guided
        exit), which no criterion may deny."""
        kwargs.setdefault("prefix", f"pdv-{perspective}")
        super().__init__(*args, **kwargs)
        self.perspective = Perspective(perspective)
        self.losses = losses
        self.fields["criteria"].choices = list(CRITERIA[self.perspective])
        self.fields[
            "criteria"
        ].label = f"Critères d'une sortie positive vue par {self.perspective.label.lower()}"

    def clean(self):
        data = super().clean()
        given = self.given()
        if given.filled and "criteria" in data:
            try:
                rules.check_perspective(
                    perspective=self.perspective,
                    criteria=given.criteria,
                    judgement=given.judgement,
                    comment=given.comment,
                    loss_unpaid_rent=self.losses[0],
                    loss_damage=self.losses[1],
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    self.add_error(field, errors)
        return data

    def given(self) -> PerspectiveInput:
        data = getattr(self, "cleaned_data", {})
        return PerspectiveInput(
            list(data.get("criteria") or []), data.get("judgement") or "", data.get("comment") or ""
        )


class SolicitationForm(DsfrFormMixin, forms.Form):
    solicited_on = forms.DateField(
        label="Date de la sollicitation",
        widget=DateInput(),
        validators=[SOLICITATION_DATE, SOLICITATION_NOT_IN_FUTURE],
    )
    subject = forms.ChoiceField(
        label="Objet", choices=[("", "Choisissez l'objet")] + SolicitationSubject.choices
    )
    answered_by = forms.ModelChoiceField(
        label="Qui a répondu",
        queryset=User.objects.none(),
        error_messages={"invalid_choice": "Choisissez une personne de la liste."},
    )
    minutes_spent = forms.IntegerField(
        label="Temps passé (minutes)", validators=[MINUTES], help_text="De 1 à 600 minutes."
    )
    note = forms.CharField(
        label="Note (facultative)",
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Quelques mots, sans détail de santé ni de vie privée.",
    )

    def __init__(self, *args, organisation_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answered_by"].queryset = User.objects.filter(
            memberships__organisation_id=organisation_id, memberships__is_active=True
        ).order_by("last_name", "first_name", "pk")
