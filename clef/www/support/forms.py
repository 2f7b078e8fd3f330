"""Forms of the support pages: they collect input; the rules are in `clef.support.rules` and the
services, whose French errors are shown next to each field."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from clef.accounts.models import User
from clef.organisations.models import Organisation, OrganisationKind, Role
from clef.support import rules
from clef.support.enums import (
    AppointmentKind,
    Domain,
    Intensity,
    ObjectiveStatus,
    RelayCategory,
    RelayOutcome,
)
from clef.support.models import RelayResource, SupportAgreement
from clef.territories.models import Department
from clef.utils import bounds
from clef.www.editing import MISSING_VERSION
from clef.www.forms import DateInput, DsfrFormMixin

NOT_IN_FUTURE = bounds.NotInFuture("la date")
ID_BOUNDS = {
    "min_value": 1,
    "max_value": 2**62,
}  # a record id or a version: never out of the database's range


def members_of(organisation_ids, roles):
    """Users with an active membership of these organisations in these roles (the choices offered)."""
    return (
        User.objects.filter(
            memberships__organisation_id__in=organisation_ids,
            memberships__role__in=roles,
            memberships__is_active=True,
        )
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.email


class UsersChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.email


class AgreementForm(DsfrFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, **ID_BOUNDS)
    social_worker = UserChoiceField(label="Travailleur social", queryset=User.objects.none(), required=False)
    rental_manager = UserChoiceField(
        label="Gestionnaire locatif", queryset=User.objects.none(), required=False
    )

    class Meta:
        model = SupportAgreement
        fields = ["signed_on", "ends_on", "intensity", "social_worker", "rental_manager"]
        widgets = {"signed_on": DateInput(), "ends_on": DateInput()}
        help_texts = {"ends_on": "Laissez vide tant que l'accompagnement se poursuit."}

    def __init__(self, *args, support_organisation_id: int, owner_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["social_worker"].queryset = members_of(
            [support_organisation_id], [Role.SOCIAL_WORKER, Role.DIRECTOR]
        )
        self.fields["rental_manager"].queryset = members_of([owner_id], [Role.RENTAL_MANAGER, Role.DIRECTOR])


class ObjectiveForm(DsfrFormMixin, forms.Form):
    pk = forms.IntegerField(widget=forms.HiddenInput, required=False, **ID_BOUNDS)
    domain = forms.ChoiceField(
        label="Domaine", choices=[("", "Choisissez un domaine")] + Domain.choices, required=False
    )
    text = forms.CharField(
        label="Objectif", max_length=500, required=False, validators=[bounds.no_control_characters]
    )
    status = forms.ChoiceField(
        label="État", choices=ObjectiveStatus.choices, initial=ObjectiveStatus.EN_COURS
    )
    delete = forms.BooleanField(label="Retirer cet objectif", required=False)

    def objective(self) -> rules.ObjectiveData | None:
        data = self.cleaned_data
        if not data.get("pk") and not data.get("domain") and not data.get("text"):
            return None  # an empty extra line
        return rules.ObjectiveData(
            domain=data.get("domain") or "",
            text=data.get("text") or "",
            status=data.get("status") or ObjectiveStatus.EN_COURS,
            pk=data.get("pk"),
            delete=bool(data.get("delete")),
        )


ObjectiveFormSet = forms.formset_factory(
    ObjectiveForm, extra=2, max_num=rules.MAX_OBJECTIVES, absolute_max=60
)


class ReviewForm(DsfrFormMixin, forms.Form):
    reviewed_on = forms.DateField(
        label="Date du bilan",
        widget=DateInput(),
        validators=[bounds.date_bound("la date du bilan"), NOT_IN_FUTURE],
    )
    summary = forms.CharField(label="Synthèse", max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))


class ConsentForm(DsfrFormMixin, forms.Form):
    on = forms.DateField(label="Date", widget=DateInput(), validators=[bounds.DATE, NOT_IN_FUTURE])


class AppointmentForm(DsfrFormMixin, forms.Form):
    held_on = forms.DateField(
        label="Date", widget=DateInput(), validators=[bounds.date_bound("la date du rendez-vous")]
    )
    kind = forms.ChoiceField(label="Type", choices=AppointmentKind.choices)
    attendees = UsersChoiceField(
        label="Professionnels présents",
        queryset=User.objects.none(),
        required=False,
        help_text="Au moins un présent (ici ou dans « Autres présents ») ; une visite conjointe réunit un "
        "gestionnaire locatif et un travailleur social.",
        widget=forms.CheckboxSelectMultiple,
    )
    other_attendees = forms.CharField(
        label="Autres présents", max_length=200, required=False, validators=[bounds.no_control_characters]
    )
    note = forms.CharField(
        label="Note (lue par l'équipe qui accompagne le ménage seulement)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, organisation_ids, joint_visit_only: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = members_of(
            organisation_ids, [Role.SOCIAL_WORKER, Role.DIRECTOR, Role.RENTAL_MANAGER]
        )
        self.organisation_ids = set(organisation_ids)
        if joint_visit_only:  # the owner's rental manager: a joint visit, without a note
            self.fields["kind"].choices = [
                (AppointmentKind.VISITE_CONJOINTE, AppointmentKind.VISITE_CONJOINTE.label)
            ]
            del self.fields["note"]

    def clean(self):
        data = super().clean()
        if "kind" in data and "attendees" in data:
            try:
                rules.check_attendees(
                    kind=data["kind"],
                    attendee_ids=[user.pk for user in data["attendees"]],
                    other_attendees=data.get("other_attendees", ""),
                    organisation_ids=self.organisation_ids,
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    self.add_error(field, errors)
        return data


class NoteForm(DsfrFormMixin, forms.Form):
    text = forms.CharField(
        label="Nouvelle note", max_length=5000, widget=forms.Textarea(attrs={"rows": 5}), strip=True
    )


class RelayOrientationForm(DsfrFormMixin, forms.Form):
    resource = forms.ModelChoiceField(
        label="Ressource",
        queryset=RelayResource.objects.none(),
        empty_label="Choisissez une ressource",
        error_messages={"invalid_choice": "Choisissez une ressource de la liste."},
    )
    oriented_on = forms.DateField(
        label="Date de l'orientation", widget=DateInput(), validators=[bounds.DATE, NOT_IN_FUTURE]
    )
    reason = forms.CharField(
        label="Motif", max_length=500, required=False, validators=[bounds.no_control_characters]
    )

    def __init__(self, *args, resources, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resource"].queryset = resources


class RelayOutcomeForm(DsfrFormMixin, forms.Form):
    """The outcome of an orientation already recorded: always an edit, so its version is required."""

    orientation = forms.IntegerField(widget=forms.HiddenInput, **ID_BOUNDS)
    version = forms.IntegerField(
        widget=forms.HiddenInput, error_messages={"required": MISSING_VERSION}, **ID_BOUNDS
    )
    outcome = forms.ChoiceField(label="Suite", choices=RelayOutcome.choices)
    outcome_on = forms.DateField(
        label="Suite connue le", widget=DateInput(), required=False, validators=[bounds.DATE, NOT_IN_FUTURE]
    )


class DelegationForm(DsfrFormMixin, forms.Form):
    partner = forms.ModelChoiceField(
        label="Structure partenaire",
        queryset=Organisation.objects.none(),
        empty_label="Choisissez une structure",
        error_messages={"invalid_choice": "Choisissez une structure de la liste."},
    )
    starts_on = forms.DateField(
        label="À partir du", widget=DateInput(), validators=[bounds.DATE, NOT_IN_FUTURE]
    )
    ends_on = forms.DateField(
        label="Jusqu'au (inclus)",
        widget=DateInput(),
        required=False,
        validators=[bounds.DATE],
        help_text="Laissez vide : jusqu'à ce que vous y mettiez fin.",
    )
    intensity = forms.ChoiceField(
        label="Intensité de l'accompagnement", choices=Intensity.choices, initial=Intensity.MODEREE
    )
    reason = forms.CharField(
        label="Motif ou convention de partenariat", max_length=200, validators=[bounds.no_control_characters]
    )

    def __init__(self, *args, owner_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = (
            Organisation.objects.filter(kind=OrganisationKind.OPERATOR, is_active=True)
            .exclude(pk=owner_id)
            .order_by("name")
        )


class RelayResourceForm(DsfrFormMixin, forms.ModelForm):
    department = forms.ModelChoiceField(
        label="Département", queryset=Department.objects.order_by("code"), required=True
    )
    website = forms.URLField(label="Site internet", max_length=300, required=False, assume_scheme="https")

    class Meta:
        model = RelayResource
        fields = ["name", "category", "department", "description", "contact", "website"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class DirectoryFilterForm(DsfrFormMixin, forms.Form):
    department = forms.ModelChoiceField(
        label="Département", queryset=Department.objects.order_by("code"), required=False, empty_label="Tous"
    )
    category = forms.ChoiceField(
        label="Catégorie", choices=[("", "Toutes")] + RelayCategory.choices, required=False
    )
