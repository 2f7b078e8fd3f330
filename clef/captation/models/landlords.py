"""Landlords, their contacts, the dwellings they offer and the communication actions that find them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from clef.captation.enums import (
    CampaignKind,
    DpeClass,
    LandlordKind,
)
from clef.captation.models.common import ANNEXES_M2, COST, TEXT_MAX, in_choices
from clef.captation.models.querysets import LandlordQuerySet
from clef.captation.rules import validate_phone
from clef.dwellings.enums import Typology
from clef.dwellings.models import within
from clef.utils import bounds
from clef.utils.bounds import no_control_characters


class Landlord(models.Model):
    """« Propriétaire bailleur »: a person or a company, known to the captating organisation."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="landlords",
        verbose_name="structure",
    )
    kind = models.CharField("type de propriétaire", max_length=20, choices=LandlordKind.choices)
    name = models.CharField("nom ou raison sociale", max_length=200, validators=[no_control_characters])
    first_name = models.CharField("prénom", max_length=100, blank=True, validators=[no_control_characters])
    email = models.EmailField("courriel", blank=True)
    phone = models.CharField("téléphone", max_length=30, blank=True, validators=[validate_phone])
    address = models.CharField("adresse", max_length=250, blank=True, validators=[no_control_characters])
    commune = models.ForeignKey(
        "territories.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="commune",
    )
    consent_to_contact = models.BooleanField("accepte d'être recontacté", default=False)
    consent_on = models.DateField(
        "consentement recueilli le", null=True, blank=True, validators=[bounds.DATE]
    )
    do_not_contact = models.BooleanField("ne pas contacter", default=False)
    do_not_contact_since = models.DateField(
        "ne pas contacter depuis le", null=True, blank=True, validators=[bounds.DATE]
    )
    notes = models.CharField("notes", max_length=TEXT_MAX, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="créé par",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField("version", default=1, editable=False)

    objects = LandlordQuerySet.as_manager()

    class Meta:
        verbose_name = "propriétaire bailleur"
        verbose_name_plural = "propriétaires bailleurs"
        ordering = ["name", "first_name", "pk"]
        constraints = [
            models.CheckConstraint(condition=in_choices("kind", LandlordKind), name="landlord_kind_values"),
            models.CheckConstraint(
                condition=Q(do_not_contact=False) | Q(do_not_contact_since__isnull=False),
                name="landlord_do_not_contact_since",
            ),
            models.CheckConstraint(
                condition=Q(consent_to_contact=False) | Q(consent_on__isnull=False),
                name="landlord_consent_dated",
            ),
            models.CheckConstraint(
                condition=Q(do_not_contact=False) | Q(consent_to_contact=False),
                name="landlord_do_not_contact_withdraws_consent",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "name"], name="landlord_org_name_idx")]

    def __str__(self) -> str:
        return f"{self.first_name} {self.name}".strip()

    def get_absolute_url(self) -> str:
        return reverse("www:landlord_detail", args=[self.pk])

    def clean(self) -> None:
        """The French words of the database constraints, for every writer (forms, services, the desk)."""
        errors = {}
        if self.consent_to_contact and not self.consent_on:
            errors["consent_on"] = "Indiquez la date à laquelle le propriétaire a donné son accord."
        if self.do_not_contact and not self.do_not_contact_since:
            errors["do_not_contact_since"] = (
                "Indiquez depuis quand le propriétaire ne veut plus être contacté."
            )
        if errors:
            raise ValidationError(errors)


class LandlordContact(models.Model):
    """A contact person of a company, an SCI or a social landlord."""

    landlord = models.ForeignKey(Landlord, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField("nom", max_length=200, validators=[no_control_characters])
    role = models.CharField("fonction", max_length=100, blank=True, validators=[no_control_characters])
    email = models.EmailField("courriel", blank=True)
    phone = models.CharField("téléphone", max_length=30, blank=True, validators=[validate_phone])

    class Meta:
        verbose_name = "contact du propriétaire"
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class OfferedDwelling(models.Model):
    """« Logement proposé » by a landlord; `dwelling` is set when it enters the park (contract signed)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name="structure"
    )
    landlord = models.ForeignKey(
        Landlord, on_delete=models.PROTECT, related_name="offered_dwellings", verbose_name="propriétaire"
    )
    commune = models.ForeignKey(
        "territories.Commune", on_delete=models.PROTECT, related_name="+", verbose_name="commune"
    )
    address = models.CharField("adresse", max_length=250, blank=True, validators=[no_control_characters])
    typology = models.CharField("typologie", max_length=3, choices=Typology.choices)
    surface_m2 = models.DecimalField(
        "surface habitable (m²)",
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[bounds.SURFACE_M2],
    )
    annexes_m2 = models.DecimalField(
        "surface des annexes (m²)",
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[ANNEXES_M2],
    )
    dpe_class = models.CharField("classe énergie (DPE)", max_length=1, choices=DpeClass.choices, blank=True)
    rent_asked = models.DecimalField(
        "loyer demandé hors charges (€/mois)",
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[bounds.RENT],
    )
    charges_asked = models.DecimalField(
        "charges (€/mois)", max_digits=8, decimal_places=2, null=True, blank=True, validators=[bounds.CHARGES]
    )
    available_from = models.DateField(
        "disponible à partir du", null=True, blank=True, validators=[bounds.DATE]
    )
    comments = models.CharField("commentaires", max_length=TEXT_MAX, blank=True)
    dwelling = models.ForeignKey(
        "dwellings.Dwelling",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="offers",
        verbose_name="logement du parc",
    )
    version = models.PositiveIntegerField("version", default=1, editable=False)

    class Meta:
        verbose_name = "logement proposé"
        verbose_name_plural = "logements proposés"
        ordering = ["commune__name", "address", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=within("surface_m2", bounds.SURFACE_M2, nullable=True),
                name="offered_surface_bounds",
            ),
            models.CheckConstraint(
                condition=within("annexes_m2", ANNEXES_M2, nullable=True), name="offered_annexes_bounds"
            ),
            models.CheckConstraint(
                condition=within("rent_asked", bounds.RENT, nullable=True), name="offered_rent_bounds"
            ),
            models.CheckConstraint(
                condition=within("charges_asked", bounds.CHARGES, nullable=True),
                name="offered_charges_bounds",
            ),
            models.CheckConstraint(
                condition=in_choices("typology", Typology), name="offered_typology_values"
            ),
            models.CheckConstraint(
                condition=Q(dpe_class="") | in_choices("dpe_class", DpeClass), name="offered_dpe_values"
            ),
        ]

    def __str__(self) -> str:
        where = self.address or "Adresse non renseignée"
        return f"{where}, {self.commune.name} ({self.get_typology_display()})"


class Campaign(models.Model):
    """« Action de communication » that brings landlords (a newsletter, posters, an event, referrals…)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name="structure"
    )
    kind = models.CharField("type d'action", max_length=20, choices=CampaignKind.choices)
    name = models.CharField("nom", max_length=200, validators=[no_control_characters])
    started_on = models.DateField("début", validators=[bounds.DATE])
    ended_on = models.DateField("fin", null=True, blank=True, validators=[bounds.DATE])
    authority = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "local_authority"},
        verbose_name="collectivité partenaire",
    )
    cost = models.DecimalField(
        "coût (€)", max_digits=9, decimal_places=2, null=True, blank=True, validators=[COST]
    )
    comments = models.CharField("commentaires", max_length=TEXT_MAX, blank=True)
    version = models.PositiveIntegerField("version", default=1, editable=False)

    class Meta:
        verbose_name = "action de communication"
        verbose_name_plural = "actions de communication"
        ordering = ["-started_on", "name", "pk"]
        constraints = [
            models.CheckConstraint(condition=in_choices("kind", CampaignKind), name="campaign_kind_values"),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="campaign_ends_after_start",
            ),
            models.CheckConstraint(
                condition=within("cost", COST, nullable=True), name="campaign_cost_bounds"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": "La fin ne peut pas précéder le début."})
