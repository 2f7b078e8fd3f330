"""Forms of the inventories and damage-claims pages. They collect input; the rules are clef.damages.rules,
applied by the models' validators and the services (their French errors come back on the fields)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from clef.damages import bounds
from clef.damages.enums import Condition, DocumentKind
from clef.damages.models import DamageClaim, Inventory, InventoryRoom
from clef.www.forms import DateInput, DsfrFormMixin

MAX_VERSION = 2**31 - 1
EXTRA_ROOMS = 2  # empty rows after the proposed rooms, to add some without script


def version_field() -> forms.IntegerField:
    return forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=MAX_VERSION)


class InventoryForm(DsfrFormMixin, forms.ModelForm):
    version = version_field()

    class Meta:
        model = Inventory
        fields = ["done_on", "attendees", "joint_visit", "comments"]
        widgets = {"done_on": DateInput(), "comments": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "attendees": "Par exemple : la gestionnaire locative, le travailleur social, le ménage.",
            "joint_visit": "Cochez quand la gestion locative et le travailleur social font la visite ensemble.",
        }


class RoomForm(DsfrFormMixin, forms.ModelForm):
    """One room of the inventory. An extra row left without a name is ignored."""

    room_id = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=MAX_VERSION)

    class Meta:
        model = InventoryRoom
        fields = ["name", "condition", "repair_cost", "comments"]
        localized_fields = ["repair_cost"]
        help_texts = {"repair_cost": "À l'état des lieux de sortie seulement, en euros."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["condition"].choices = [("", "— choisir —"), *Condition.choices]


class BaseRoomFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        if not self.rooms():
            raise ValidationError("Indiquez au moins une pièce.")

    def rooms(self) -> list[InventoryRoom]:
        """The rooms as the service takes them (existing ones keep their pk), in the form's order."""
        rooms = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or form.cleaned_data.get("DELETE") or not data.get("name"):
                continue
            room = InventoryRoom(
                pk=data.get("room_id"),
                name=data["name"],
                condition=data["condition"],
                repair_cost=data.get("repair_cost"),
                comments=data.get("comments", ""),
            )
            rooms.append(room)
        return rooms


RoomFormSet = forms.formset_factory(
    RoomForm,
    formset=BaseRoomFormSet,
    extra=0,
    can_delete=True,
    max_num=bounds.MAX_ROOMS,
    validate_max=True,
    absolute_max=bounds.MAX_ROOMS + EXTRA_ROOMS,
)


ERROR_MESSAGES = {"too_many_forms": f"Un état des lieux compte au plus {bounds.MAX_ROOMS} pièces."}


def room_formset(data, *, initial: list[dict]) -> BaseRoomFormSet:
    """The rooms' formset, with EXTRA_ROOMS empty rows after the proposed ones (unbound form)."""
    if data is None:
        initial = [*initial, *({} for _ in range(EXTRA_ROOMS))]
        formset = RoomFormSet(initial=initial, prefix="pieces", error_messages=ERROR_MESSAGES)
    else:  # what was sent is all that counts: a row left entirely blank is skipped
        formset = RoomFormSet(data, prefix="pieces", error_messages=ERROR_MESSAGES)
    for form in formset.forms:
        form.empty_permitted = True  # a blank row is ignored
        form.use_required_attribute = False
    return formset


class PhotoForm(DsfrFormMixin, forms.Form):
    room = forms.ModelChoiceField(queryset=InventoryRoom.objects.none(), label="Pièce")
    file = forms.FileField(label="Photo (JPEG ou PNG, 5 Mo au plus)")
    caption = forms.CharField(label="Légende", max_length=bounds.CAPTION_MAX, required=False)

    def __init__(self, *args, inventory: Inventory, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = InventoryRoom.objects.filter(inventory=inventory)
        self.fields["file"].widget.attrs["accept"] = "image/jpeg,image/png"


class ClaimForm(DsfrFormMixin, forms.ModelForm):
    version = version_field()

    class Meta:
        model = DamageClaim
        fields = ["assessed_on", "amount", "covered_by", "status", "comments"]
        widgets = {"assessed_on": DateInput(), "comments": forms.Textarea(attrs={"rows": 3})}
        localized_fields = ["amount"]
        help_texts = {
            "amount": "Laissé vide : la somme des coûts de remise en état de l'état des lieux de sortie.",
            "status": "« Constaté » ou « chiffré » suit le montant ; « imputé » s'obtient par le bouton "
            "« Imputer au compte du ménage ».",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"].required = False


class ChargeForm(DsfrFormMixin, forms.Form):
    amount = forms.DecimalField(
        label="Montant imputé au ménage (€)",
        max_digits=10,
        decimal_places=2,
        localize=True,
        validators=[bounds.CHARGED_AMOUNT],
    )
    on = forms.DateField(label="Date de l'écriture", widget=DateInput())
    version = version_field()


class DocumentForm(DsfrFormMixin, forms.Form):
    kind = forms.ChoiceField(label="Type de document", choices=DocumentKind.choices)
    file = forms.FileField(label="Document (PDF, JPEG ou PNG, 5 Mo au plus)")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = "application/pdf,image/jpeg,image/png"
