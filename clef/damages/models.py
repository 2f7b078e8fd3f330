"""Inventories (« états des lieux ») with their rooms and photos, and damage claims (« sinistres :
dégradations ») with their documents. Amounts charged to a household's account are posted by the web layer
through clef.rental (a sibling app): this app only records the claim and what was charged."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from clef.damages import bounds as damage_bounds
from clef.damages.enums import ClaimStatus, Condition, Cover, DocumentKind, InventoryKind
from clef.damages.files import claim_document_path, photo_path, validate_document, validate_photo
from clef.dwellings.models import within
from clef.utils import bounds
from clef.utils.bounds import no_control_characters


def in_choices(field: str, choices) -> Q:
    return Q(**{f"{field}__in": choices.values})


class InventoryQuerySet(models.QuerySet):
    def for_organisation(self, organisation_id: int):
        return self.filter(organisation_id=organisation_id)


class Inventory(models.Model):
    """« État des lieux » of a stay's dwelling, at the entry or at the exit (one of each per stay)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name="structure"
    )
    stay = models.ForeignKey(
        "stays.Stay", on_delete=models.PROTECT, related_name="inventories", verbose_name="séjour"
    )
    dwelling = models.ForeignKey(
        "dwellings.Dwelling", on_delete=models.PROTECT, related_name="inventories", verbose_name="logement"
    )
    kind = models.CharField("type", max_length=10, choices=InventoryKind.choices)
    done_on = models.DateField("réalisé le", validators=[bounds.DATE])
    attendees = models.CharField(
        "personnes présentes",
        max_length=damage_bounds.ATTENDEES_MAX,
        blank=True,
        validators=[no_control_characters],
    )
    joint_visit = models.BooleanField(
        "visite conjointe (gestion locative et travailleur social)", default=False
    )
    comments = models.TextField(
        "observations",
        max_length=damage_bounds.COMMENTS_MAX,
        blank=True,
        validators=[MaxLengthValidator(damage_bounds.COMMENTS_MAX)],
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="saisi par"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField("version", default=1, editable=False)

    objects = InventoryQuerySet.as_manager()

    class Meta:
        verbose_name = "état des lieux"
        verbose_name_plural = "états des lieux"
        ordering = ["-done_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["stay", "kind"],
                name="inventory_one_per_stay_and_kind",
                violation_error_message="Ce séjour a déjà un état des lieux de ce type.",
            ),
            models.CheckConstraint(condition=in_choices("kind", InventoryKind), name="inventory_kind_values"),
            models.CheckConstraint(condition=within("done_on", bounds.DATE), name="inventory_done_on_bounds"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} du {self.done_on:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("www:inventory_detail", args=[self.pk])


class InventoryRoom(models.Model):
    """One room of an inventory: its condition and, at the exit, the cost of putting it back in order."""

    inventory = models.ForeignKey(
        Inventory, on_delete=models.CASCADE, related_name="rooms", verbose_name="état des lieux"
    )
    position = models.PositiveSmallIntegerField("position", validators=[damage_bounds.ROOM_POSITION])
    name = models.CharField(
        "pièce", max_length=damage_bounds.ROOM_NAME_MAX, validators=[no_control_characters]
    )
    condition = models.CharField("état", max_length=20, choices=Condition.choices)
    comments = models.CharField("observations", max_length=damage_bounds.ROOM_COMMENTS_MAX, blank=True)
    repair_cost = models.DecimalField(
        "coût de remise en état (€)",
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[damage_bounds.REPAIR_COST],
    )

    class Meta:
        verbose_name = "pièce de l'état des lieux"
        verbose_name_plural = "pièces de l'état des lieux"
        ordering = ["inventory", "position"]
        constraints = [
            models.UniqueConstraint(fields=["inventory", "position"], name="inventory_room_position_unique"),
            models.CheckConstraint(
                condition=within("position", damage_bounds.ROOM_POSITION),
                name="inventory_room_position_bounds",
            ),
            models.CheckConstraint(
                condition=in_choices("condition", Condition), name="inventory_room_condition_values"
            ),
            models.CheckConstraint(
                condition=within("repair_cost", damage_bounds.REPAIR_COST, nullable=True),
                name="inventory_room_repair_cost_bounds",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class InventoryPhoto(models.Model):
    room = models.ForeignKey(
        InventoryRoom, on_delete=models.CASCADE, related_name="photos", verbose_name="pièce"
    )
    file = models.FileField(
        "photo (JPEG ou PNG, 5 Mo au plus)", upload_to=photo_path, max_length=200, validators=[validate_photo]
    )
    caption = models.CharField(
        "légende", max_length=damage_bounds.CAPTION_MAX, blank=True, validators=[no_control_characters]
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="déposée par"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "photo d'état des lieux"
        verbose_name_plural = "photos d'état des lieux"
        ordering = ["room", "pk"]

    def __str__(self) -> str:
        return self.caption or f"Photo {self.pk}"


class DamageClaimQuerySet(models.QuerySet):
    def for_organisation(self, organisation_id: int):
        return self.filter(organisation_id=organisation_id)

    def counted(self):
        """Claims whose amount counts as a loss (not abandoned)."""
        return self.exclude(status=ClaimStatus.ABANDONNE)


class DamageClaim(models.Model):
    """« Sinistre : dégradations »: damage found at (or after) the exit, its amount, the part charged to the
    household's account and who covers the rest."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name="structure"
    )
    stay = models.ForeignKey(
        "stays.Stay", on_delete=models.PROTECT, related_name="damage_claims", verbose_name="séjour"
    )
    exit_inventory = models.ForeignKey(
        Inventory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
        verbose_name="état des lieux de sortie",
    )
    assessed_on = models.DateField("constaté le", validators=[bounds.DATE])
    amount = models.DecimalField(
        "montant des dégradations (€)",
        max_digits=10,
        decimal_places=2,
        validators=[damage_bounds.CLAIM_AMOUNT],
    )
    charged_amount = models.DecimalField(
        "montant imputé au ménage (€)",
        max_digits=10,
        decimal_places=2,
        default=0,
        validators=[damage_bounds.CHARGED_AMOUNT],
    )
    charged_on = models.DateField("imputé le", null=True, blank=True, validators=[bounds.DATE])
    covered_by = models.CharField(
        "prise en charge", max_length=20, choices=Cover.choices, default=Cover.AUCUN
    )
    status = models.CharField(
        "statut", max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.CONSTATE
    )
    comments = models.TextField(
        "observations",
        max_length=damage_bounds.COMMENTS_MAX,
        blank=True,
        validators=[MaxLengthValidator(damage_bounds.COMMENTS_MAX)],
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="saisi par"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField("version", default=1, editable=False)

    objects = DamageClaimQuerySet.as_manager()

    class Meta:
        verbose_name = "sinistre (dégradations)"
        verbose_name_plural = "sinistres (dégradations)"
        ordering = ["-assessed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=within("amount", damage_bounds.CLAIM_AMOUNT), name="damage_claim_amount_bounds"
            ),
            models.CheckConstraint(
                condition=Q(charged_amount__gte=0) & Q(charged_amount__lte=F("amount")),
                name="damage_claim_charged_within_amount",
            ),
            models.CheckConstraint(
                condition=Q(charged_amount=0, charged_on__isnull=True)
                | Q(charged_amount__gt=0, charged_on__isnull=False),
                name="damage_claim_charged_with_date",
            ),
            models.CheckConstraint(
                condition=in_choices("covered_by", Cover), name="damage_claim_cover_values"
            ),
            models.CheckConstraint(
                condition=in_choices("status", ClaimStatus), name="damage_claim_status_values"
            ),
            models.CheckConstraint(
                condition=within("assessed_on", bounds.DATE), name="damage_claim_assessed_on_bounds"
            ),
        ]

    def __str__(self) -> str:
        return f"Sinistre du {self.assessed_on:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("www:claim_detail", args=[self.pk])


class ClaimDocument(models.Model):
    claim = models.ForeignKey(
        DamageClaim, on_delete=models.CASCADE, related_name="documents", verbose_name="sinistre"
    )
    file = models.FileField(
        "document (PDF, JPEG ou PNG, 5 Mo au plus)",
        upload_to=claim_document_path,
        max_length=200,
        validators=[validate_document],
    )
    kind = models.CharField("type de document", max_length=20, choices=DocumentKind.choices)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="déposé par"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "document du sinistre"
        verbose_name_plural = "documents du sinistre"
        ordering = ["claim", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=in_choices("kind", DocumentKind), name="claim_document_kind_values"
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()
