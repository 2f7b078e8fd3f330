from functools import partial

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from clef.utils.bounds import no_control_characters
from clef.utils.siret import normalise_siret, validate_siret


class OrganisationKind(models.TextChoices):
    OPERATOR = "operator", "Structure agréée (opérateur IML)"
    SIAO = "siao", "SIAO"
    STATE = "state", "Service de l'État (DDETS, DREETS, DIHAL)"
    CAPTATION_PLATFORM = "captation_platform", "Plateforme de captation"
    LOCAL_AUTHORITY = "local_authority", "Collectivité"
    NETWORK = "network", "Fédération ou réseau (gestionnaire d'un fonds de sécurisation)"


class Competence(models.TextChoices):
    """Territorial competence of a State service or SIAO: what its members oversee."""

    REGIONAL = "regionale", "Régionale (DREETS : toute la région)"
    DEPARTMENTAL = "departementale", "Départementale (DDETS : son département)"


class Role(models.TextChoices):
    DIRECTOR = "director", "Direction"
    SOCIAL_WORKER = "social_worker", "Travailleur social"
    RENTAL_MANAGER = "rental_manager", "Gestionnaire locatif"
    CAPTATION_OFFICER = "captation_officer", "Chargé de captation"
    READ_ONLY = "read_only", "Lecture seule"
    STATE_COORDINATOR = "state_coordinator", "Coordinateur État"
    SIAO_AGENT = "siao_agent", "Agent SIAO"
    PLATFORM_ADMIN = "platform_admin", "Administrateur de la plateforme"
    LITIGATION_OFFICER = "litigation_officer", "Chargé de contentieux"


OPERATOR_ROLES = {
    Role.DIRECTOR,
    Role.SOCIAL_WORKER,
    Role.RENTAL_MANAGER,
    Role.CAPTATION_OFFICER,
    Role.READ_ONLY,
    Role.LITIGATION_OFFICER,
}
ROLES_BY_KIND = {
    OrganisationKind.OPERATOR: OPERATOR_ROLES,
    OrganisationKind.SIAO: {Role.SIAO_AGENT, Role.READ_ONLY},
    OrganisationKind.STATE: {Role.STATE_COORDINATOR, Role.PLATFORM_ADMIN, Role.READ_ONLY},
    OrganisationKind.CAPTATION_PLATFORM: {Role.CAPTATION_OFFICER, Role.DIRECTOR, Role.READ_ONLY},
    OrganisationKind.LOCAL_AUTHORITY: {Role.READ_ONLY},
    OrganisationKind.NETWORK: {Role.DIRECTOR, Role.READ_ONLY},
}


class OrganisationQuerySet(models.QuerySet):
    def operators(self):
        return self.filter(kind=OrganisationKind.OPERATOR)

    def active(self):
        return self.filter(is_active=True)


class Organisation(models.Model):
    kind = models.CharField("type", max_length=30, choices=OrganisationKind.choices, db_index=True)
    name = models.CharField("nom", max_length=200, validators=[no_control_characters])
    external_id = models.CharField(
        "identifiant d'échange",
        max_length=100,
        unique=True,
        null=True,
        blank=True,
        help_text="Identifiant « structure_id » utilisé dans le format d'échange.",
    )
    siret = models.CharField("SIRET", max_length=14, blank=True)
    head_office_department = models.ForeignKey(
        "territories.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="head_offices",
        verbose_name="département du siège",
    )
    departments = models.ManyToManyField(
        "territories.Department",
        blank=True,
        related_name="organisations",
        verbose_name="départements d'activité",
    )
    region = models.ForeignKey(
        "territories.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name="région",
        help_text="Région de compétence (services de l'État, SIAO).",
    )
    competence = models.CharField(
        "compétence territoriale",
        max_length=20,
        choices=Competence.choices,
        blank=True,
        help_text="Services de l'État : régionale (DREETS) ou départementale (DDETS, département du siège).",
    )
    has_carte_professionnelle = models.BooleanField(
        "titulaire de la carte professionnelle (carte G)",
        default=False,
        help_text="Nécessaire pour signer un mandat de gestion.",
    )
    carte_pro_number = models.CharField("numéro de carte professionnelle", max_length=50, blank=True)
    carte_pro_issued_on = models.DateField(
        "date de délivrance de la carte professionnelle",
        null=True,
        blank=True,
        help_text="Un mandat de gestion signé avant cette date est refusé.",
    )
    carte_pro_expiry = models.DateField("fin de validité de la carte professionnelle", null=True, blank=True)
    territory_epcis = models.ManyToManyField(
        "territories.Epci",
        blank=True,
        related_name="+",
        verbose_name="territoire : intercommunalités",
        help_text="Collectivités et plateformes de captation : les EPCI de leur territoire.",
    )
    territory_communes = models.ManyToManyField(
        "territories.Commune",
        blank=True,
        related_name="+",
        verbose_name="territoire : communes",
        help_text="Collectivités et plateformes de captation : les communes de leur territoire (hors EPCI).",
    )
    is_active = models.BooleanField("active", default=True)
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = "organisation"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean_fields(self, exclude=None) -> None:
        if self.siret:
            self.siret = normalise_siret(self.siret)  # "732 829 320 00074" → 14 digits
        super().clean_fields(exclude=exclude)

    def clean(self) -> None:
        errors = {}
        if self.siret:
            try:
                validate_siret(self.siret)
            except ValidationError as exc:
                errors["siret"] = exc.messages
        if self.kind != OrganisationKind.OPERATOR and (
            self.carte_pro_number or self.carte_pro_expiry or self.has_carte_professionnelle
        ):
            errors["carte_pro_number"] = "La carte professionnelle ne concerne que les structures agréées."
        if self.kind == OrganisationKind.STATE:
            if self.competence == Competence.DEPARTMENTAL and not self.head_office_department_id:
                errors["head_office_department"] = "Un service départemental doit indiquer son département."
            if self.competence == Competence.REGIONAL and not self.region_id:
                errors["region"] = "Un service régional doit indiquer sa région."
            if not self.competence:
                errors["competence"] = "Indiquez la compétence territoriale de ce service de l'État."
        if errors:
            raise ValidationError(errors)

    @property
    def is_operator(self) -> bool:
        return self.kind == OrganisationKind.OPERATOR

    @property
    def has_valid_carte_pro(self) -> bool:
        """Carte G needed to sign a mandat de gestion, today."""
        return self.carte_pro_valid_on(timezone.localdate())

    def carte_pro_valid_on(self, day) -> bool:
        """THE rule of the carte professionnelle (carte G, loi Hoguet): a mandat de gestion signed on
        `day` needs a card held, already issued (`carte_pro_issued_on`, when known) and not expired."""
        return (
            self.has_carte_professionnelle
            and (self.carte_pro_issued_on is None or self.carte_pro_issued_on <= day)
            and (self.carte_pro_expiry is None or self.carte_pro_expiry >= day)
        )


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField("rôle", max_length=30, choices=Role.choices)
    is_active = models.BooleanField("active", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "appartenance"
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique_user_org")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.organisation} ({self.get_role_display()})"

    def clean(self) -> None:
        if self.organisation_id and self.role not in ROLES_BY_KIND.get(self.organisation.kind, set()):
            raise ValidationError({"role": "Ce rôle n'existe pas pour ce type d'organisation."})


class ShareQuerySet(models.QuerySet):
    def active_on(self, day):
        """Shares in force on `day`: started, not ended, not revoked."""
        return self.filter(revoked_at__isnull=True, starts_on__lte=day).filter(
            models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=day)
        )

    def of_model(self, model):
        """Shares of records of `model` (by app label and model name: a join, no content-type cache)."""
        return self.filter(
            content_type__app_label=model._meta.app_label, content_type__model=model._meta.model_name
        )


class Share(models.Model):
    """A record of one organisation (`organisation`, its owner) shared with another one (`partner`):
    a partner structure doing the support of the owner's household, the SIAO that made a proposal. What
    a share lets the partner's members do is decided in one place, `clef.organisations.perms`; it is
    written and revoked by `clef.organisations.services` (journaled)."""

    class Access(models.TextChoices):
        VIEW = "consultation", "Consultation"
        SUPPORT = "accompagnement", "Accompagnement (consultation et modification du ménage)"
        ORIENTATION = "orientation", "Orientation (mise à disposition, proposition du SIAO, réorientation)"
        CAPTATION = "captation", "Captation (demande d'un propriétaire confiée par la plateforme)"

    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, verbose_name="type d'enregistrement"
    )
    object_id = models.PositiveBigIntegerField("enregistrement")
    record = GenericForeignKey("content_type", "object_id")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="shares_given",
        verbose_name="organisation propriétaire",
    )
    partner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="shares_received",
        verbose_name="organisation partenaire",
    )
    access = models.CharField("droits accordés", max_length=20, choices=Access.choices)
    reason = models.CharField("motif", max_length=200, validators=[no_control_characters])
    starts_on = models.DateField("à partir du")
    ends_on = models.DateField("jusqu'au (inclus)", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="créé par"
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    revoked_at = models.DateTimeField("révoqué le", null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="révoqué par",
    )

    objects = ShareQuerySet.as_manager()

    class Meta:
        verbose_name = "partage"
        indexes = [models.Index(fields=["content_type", "object_id", "partner"], name="share_record_partner")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(organisation=models.F("partner")), name="share_partner_not_owner"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="share_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} avec {self.partner} ({self.get_access_display()})"


def practice_default(name: str):
    """The default of a practice setting: `settings.CLEF_PRACTICE_DEFAULTS` (the reference text's figure)."""
    return settings.CLEF_PRACTICE_DEFAULTS[name]


class PracticeSettings(models.Model):
    """An operator's own practice cadences and durations (a practice, not a law: each operator sets them;
    the defaults are the reference text's figures, `settings.CLEF_PRACTICE_DEFAULTS`). Read them with
    `clef.organisations.practice.practice_for(organisation)`, never from the settings directly."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="practice_settings", verbose_name="structure"
    )
    occupancy_term_months = models.PositiveSmallIntegerField(
        "durée d'une période d'occupation (mois)",
        default=partial(practice_default, "occupancy_term_months"),
        validators=[MinValueValidator(1), MaxValueValidator(36)],
        help_text="Convention d'occupation en sous-location : 6 mois selon l'instruction du 4 juin 2018.",
    )
    occupancy_max_renewals = models.PositiveSmallIntegerField(
        "nombre de renouvellements préconisé",
        default=partial(practice_default, "occupancy_max_renewals"),
        validators=[MaxValueValidator(10)],
        help_text="Deux renouvellements au plus (18 mois) selon l'instruction du 4 juin 2018.",
    )
    term_alert_days = models.PositiveSmallIntegerField(
        "alerte avant l'échéance d'une période (jours)",
        default=partial(practice_default, "term_alert_days"),
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    demand_validity_months = models.PositiveSmallIntegerField(
        "validité d'une demande de logement social (mois)",
        default=partial(practice_default, "demand_validity_months"),
        validators=[MinValueValidator(1), MaxValueValidator(36)],
        help_text="Propose la date de renouvellement à partir de la date de la demande.",
    )
    demand_alert_days = models.PositiveSmallIntegerField(
        "alerte avant le renouvellement de la demande (jours)",
        default=partial(practice_default, "demand_alert_days"),
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    meeting_every_months = models.PositiveSmallIntegerField(
        "rencontre du ménage par le travailleur social : tous les … mois",
        default=partial(practice_default, "meeting_every_months"),
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    joint_visit_every_months = models.PositiveSmallIntegerField(
        "visite conjointe gestionnaire et travailleur social : tous les … mois",
        default=partial(practice_default, "joint_visit_every_months"),
        validators=[MinValueValidator(1), MaxValueValidator(24)],
    )
    slide_review_every_months = models.PositiveSmallIntegerField(
        "point sur le glissement du bail : tous les … mois",
        default=partial(practice_default, "slide_review_every_months"),
        validators=[MinValueValidator(1), MaxValueValidator(24)],
    )
    contract_alert_days = models.PositiveSmallIntegerField(
        "alerte avant la fin d'une convention Anah, d'un mandat ou d'un bail (jours)",
        default=partial(practice_default, "contract_alert_days"),
        validators=[MinValueValidator(7), MaxValueValidator(730)],
        help_text="Une convention ou un contrat qui prend fin est un moment où le logement peut sortir du parc.",
    )
    management_fee_percent = models.DecimalField(
        "honoraires de gestion d'un mandat (% des loyers encaissés)",
        max_digits=4,
        decimal_places=2,
        default=partial(practice_default, "management_fee_percent"),
        validators=[MinValueValidator(0), MaxValueValidator(20)],
        help_text="Proposés par défaut dans les simulations et les nouveaux mandats de gestion.",
    )
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        verbose_name = "pratiques de la structure"
        verbose_name_plural = "pratiques des structures"

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} : {self.organisation}"
