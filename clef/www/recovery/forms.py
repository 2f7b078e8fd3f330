"""Forms of the recovery pages. They collect input; the rules are clef.recovery.rules, applied by the models'
validators and the services (their French errors come back on the fields)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model

from clef.recovery import bounds as b
from clef.recovery import rules
from clef.recovery.enums import CaseStatus
from clef.recovery.models import CaseReview, LitigationCase, LitigationStep, Reminder, RepaymentPlan
from clef.www.forms import DateInput, DsfrFormMixin

MAX_VERSION = 2**31 - 1


def version_field() -> forms.IntegerField:
    return forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=MAX_VERSION)


class ReminderForm(DsfrFormMixin, forms.ModelForm):
    class Meta:
        model = Reminder
        fields = ["sent_on", "channel", "note"]
        widgets = {"sent_on": DateInput(), "note": forms.Textarea(attrs={"rows": 3})}


class PlanForm(DsfrFormMixin, forms.ModelForm):
    """The debt is pre-filled from the ledger (current household debt, or the debt at exit); the team may agree
    on another amount."""

    class Meta:
        model = RepaymentPlan
        fields = ["origin", "debt_amount", "instalments_count", "agreed_on", "first_due_on", "comments"]
        localized_fields = ["debt_amount"]  # « 900,00 » as French users write it
        widgets = {
            "agreed_on": DateInput(),
            "first_due_on": DateInput(),
            "comments": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "debt_amount": "Pré-remplie depuis le compte locatif ; en euros, par exemple 900,00.",
            "instalments_count": (
                "De 1 à 120 échéances mensuelles d'au moins 1 € ; la dernière, la plus élevée, absorbe l'arrondi."
            ),
        }

    def __init__(self, *args, household_debt=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.household_debt = household_debt  # the ledger's debt (now, or at exit): the plan's ceiling

    def clean(self):
        data = super().clean()
        try:
            rules.check_plan(
                debt_amount=data.get("debt_amount"),
                instalments_count=data.get("instalments_count"),
                first_due_on=data.get("first_due_on"),
                agreed_on=data.get("agreed_on"),
                household_debt=self.household_debt,
            )
        except forms.ValidationError as exc:
            for field, messages in exc.message_dict.items():
                if field not in self.errors:
                    self.add_error(field, messages)
        return data


class AbandonPlanForm(DsfrFormMixin, forms.Form):
    reason = forms.CharField(
        label="Motif de l'abandon", max_length=b.NOTE_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = version_field()


def _members(organisation_id: int, roles):
    users = get_user_model().objects.filter(
        memberships__organisation_id=organisation_id, memberships__is_active=True, memberships__role__in=roles
    )
    return users.order_by("last_name", "first_name", "pk")


class CaseForm(DsfrFormMixin, forms.ModelForm):
    class Meta:
        model = LitigationCase
        fields = ["opened_on", "decision", "officer", "social_worker"]
        widgets = {"opened_on": DateInput(), "decision": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "decision": "Qui a décidé et pourquoi : une procédure ne s'ouvre que sur décision de l'équipe "
            "(« il est rare de démarrer une procédure contentieuse quand le lien existe »).",
        }

    def __init__(self, *args, organisation_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = _members(organisation_id, rules.CASE_OFFICER_ROLES)
        self.fields["social_worker"].queryset = _members(organisation_id, rules.CASE_SOCIAL_WORKER_ROLES)
        for name in ("officer", "social_worker"):
            self.fields[name].label_from_instance = _user_label


def _user_label(user) -> str:
    return user.get_full_name() or user.email


class StepForm(DsfrFormMixin, forms.ModelForm):
    class Meta:
        model = LitigationStep
        fields = ["kind", "done_on", "comments"]
        widgets = {"done_on": DateInput(), "comments": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, allowed: tuple[str, ...], **kwargs):
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        kind.choices = [("", "— choisir l'étape —"), *((k, lbl) for k, lbl in kind.choices if k in allowed)]
        kind.error_messages["invalid_choice"] = (
            "Cette étape n'est pas possible ici : une procédure suit l'ordre des étapes et ne revient jamais en arrière."
        )


class ReviewForm(DsfrFormMixin, forms.ModelForm):
    class Meta:
        model = CaseReview
        fields = ["on", "notes"]
        widgets = {"on": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}


class CaseStatusForm(DsfrFormMixin, forms.Form):
    status = forms.ChoiceField(label="Nouveau statut", choices=CaseStatus.choices)
    closed_reason = forms.CharField(
        label="Motif (suspension ou clôture)",
        max_length=b.NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = version_field()
