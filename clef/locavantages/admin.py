"""The administration of Loc'Avantages, for the platform administrator: the loaded ceilings and the files
loaded (read only: they change by loading a file, `/captation/simulation/plafonds/`), the local bonus
schemes and the bonuses granted (edited through the services: checked and journaled)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from clef.locavantages import rules, services
from clef.locavantages.models import BonusGrant, CeilingFile, LocalBonusScheme, RentCeiling
from clef.utils.admin import FrenchLabelsMixin


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RentCeiling)
class RentCeilingAdmin(FrenchLabelsMixin, ReadOnlyAdmin):
    list_display = ["commune", "year", "level", "eur_per_m2", "is_sample", "source", "loaded_at"]
    list_filter = ["year", "level", "is_sample", "commune__department"]
    list_select_related = ["commune"]
    search_fields = ["commune__code", "commune__name"]
    search_help_text = "Code INSEE ou nom de la commune."
    labels = {"commune": "commune"}


@admin.register(CeilingFile)
class CeilingFileAdmin(FrenchLabelsMixin, ReadOnlyAdmin):
    list_display = [
        "name",
        "years",
        "rows",
        "created",
        "updated",
        "unchanged",
        "is_sample",
        "loaded_by",
        "loaded_at",
    ]
    list_select_related = ["loaded_by"]


STALE = (
    "Cet enregistrement a été modifié depuis l'ouverture de ce formulaire (par un collègue, ou par vous dans "
    "un autre onglet) : rien n'a été enregistré. Rechargez la page, puis enregistrez à nouveau."
)
MISSING_VERSION = (
    "Ce formulaire est incomplet (sa version manque) : rechargez la page, puis enregistrez à nouveau."
)


class RuleCheckedForm(forms.ModelForm):
    """The app's rule checked in the form (errors on the fields); the service checks it again when saving.
    A change carries the version it was built from (optimistic lock: the authority edits its schemes on its
    page meanwhile); a missing or stale version is refused, nothing written."""

    rule = None
    edit_version = forms.IntegerField(  # not « version »: a non-editable model field cannot be a form's
        widget=forms.HiddenInput, required=False, min_value=1, max_value=2**63 - 1, label="version"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["edit_version"].required = True
            self.fields["edit_version"].error_messages["required"] = MISSING_VERSION
            if not self.is_bound:
                self.initial["edit_version"] = self.instance.version

    def clean_edit_version(self):
        version = self.cleaned_data.get("edit_version")
        if self.instance.pk and version is not None:
            stored = type(self.instance).objects.filter(pk=self.instance.pk).values_list("version", flat=True)
            if stored.first() != version:
                raise ValidationError(STALE, code="stale")
        return version

    def _post_clean(self):
        super()._post_clean()  # the instance now holds the input
        if not self.errors:
            try:
                type(self).rule(self.instance)
            except ValidationError as exc:
                self.add_error(None, exc)


class SchemeForm(RuleCheckedForm):
    rule = staticmethod(rules.check_scheme_territory)


class GrantForm(RuleCheckedForm):
    rule = staticmethod(rules.check_grant)

    def _post_clean(self):
        if self.cleaned_data.get("dwelling") is not None:  # the managing operator is the dwelling's
            self.instance.organisation_id = self.cleaned_data["dwelling"].organisation_id
        super()._post_clean()


class ServiceSavedAdmin(FrenchLabelsMixin, admin.ModelAdmin):
    """Saves through the app's service (rules and journal)."""

    def has_delete_permission(self, request, obj=None):
        return False  # schemes and grants carry history (PROTECT): end a scheme by its « jusqu'au » date


@admin.register(LocalBonusScheme)
class LocalBonusSchemeAdmin(ServiceSavedAdmin):
    form = SchemeForm
    list_display = ["name", "authority", "commune", "epci", "amount", "valid_from", "valid_until"]
    list_filter = ["valid_from", "authority"]
    list_select_related = ["authority", "commune", "epci"]
    search_fields = ["name"]
    autocomplete_fields = ["commune", "epci", "authority"]
    labels = {"authority": "collectivité qui la finance", "commune": "commune", "epci": "EPCI"}

    def save_model(self, request, obj, form, change):
        membership = getattr(request, "membership", None)
        services.save_scheme(
            scheme=obj,
            acting_user=request.user,
            organisation_id=obj.authority_id or (membership.organisation_id if membership else None),
            expected_version=form.cleaned_data.get("edit_version") if change else None,
        )


@admin.register(BonusGrant)
class BonusGrantAdmin(ServiceSavedAdmin):
    form = GrantForm
    list_display = ["scheme", "dwelling", "organisation", "amount", "granted_on", "paid_on"]
    list_filter = ["granted_on", "paid_on", "scheme"]
    list_select_related = ["scheme", "dwelling__commune", "organisation"]
    raw_id_fields = ["dwelling"]
    autocomplete_fields = ["scheme"]
    exclude = ["organisation"]
    labels = {"scheme": "prime locale", "dwelling": "logement", "organisation": "structure gestionnaire"}

    def save_model(self, request, obj, form, change):
        expected = form.cleaned_data.get("edit_version") if change else None
        services.save_grant(grant=obj, acting_user=request.user, expected_version=expected)
