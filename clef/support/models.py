"""The support of a household (accompagnement social): the tripartite agreement with its objectives and
reviews, the household's consent to home visits, appointments and visits, the support team's notes, and
the directory of relay resources with the orientations made to them.

Who sees and writes what is decided once, in `clef.support.perms` (the support-team rule); writes go
through `clef.support.services` (one journaled transaction each); rules are in `clef.support.rules`.
Every record of a household goes with it when the household is purged after retention (CASCADE); its
journal and access-log rows carry the household id and are purged with it.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from clef.dwellings.models import within
from clef.support.enums import (
    AppointmentKind,
    Domain,
    Intensity,
    ObjectiveStatus,
    RelayCategory,
    RelayOutcome,
)
from clef.support.validators import text_validators
from clef.utils import bounds
from clef.utils.bounds import no_control_characters

USER = settings.AUTH_USER_MODEL
SIGNED_NOT_IN_FUTURE = bounds.NotInFuture("la date de signature")
CONSENT_NOT_IN_FUTURE = bounds.NotInFuture("la date du recueil de l'accord")
WITHDRAWAL_NOT_IN_FUTURE = bounds.NotInFuture("la date du retrait de l'accord")
REVIEW_NOT_IN_FUTURE = bounds.NotInFuture("la date du bilan")
ORIENTED_NOT_IN_FUTURE = bounds.NotInFuture("la date de l'orientation")
OUTCOME_NOT_IN_FUTURE = bounds.NotInFuture("la date de la suite donnée")


class SupportAgreement(models.Model):
    """The support agreement (« contrat d'accompagnement »), tripartite: the household, the social worker
    of the organisation doing the support, the rental manager of the managing operator. `organisation`
    owns it (the household's operator); `support_organisation` does the support (the owner, or a partner
    to which the support is delegated by a SUPPORT share, `share`)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name="structure"
    )
    household = models.ForeignKey(
        "households.Household",
        on_delete=models.CASCADE,
        related_name="support_agreements",
        verbose_name="ménage",
    )
    support_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="structure qui accompagne",
    )
    share = models.ForeignKey(
        "organisations.Share",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="délégation à la structure partenaire",
    )
    signed_on = models.DateField(
        "signé le", validators=[bounds.date_bound("la date de signature"), SIGNED_NOT_IN_FUTURE]
    )
    ends_on = models.DateField(
        "fin le", null=True, blank=True, validators=[bounds.date_bound("la date de fin")]
    )
    intensity = models.CharField("intensité", max_length=20, choices=Intensity.choices)
    social_worker = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="travailleur social",
    )
    rental_manager = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="gestionnaire locatif",
    )
    version = models.PositiveIntegerField("version", default=1, editable=False)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name="créé par")
    created_at = models.DateTimeField("créé le", auto_now_add=True)

    class Meta:
        verbose_name = "contrat d'accompagnement"
        verbose_name_plural = "contrats d'accompagnement"
        ordering = ["-signed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(ends_on__isnull=True),
                name="support_one_open_agreement_per_household",
                violation_error_message="Ce ménage a déjà un contrat d'accompagnement sans date de fin : mettez-y fin avant d'en signer un nouveau.",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("signed_on")),
                name="support_agreement_ends_after_signing",
                violation_error_message="La fin du contrat ne peut pas précéder sa signature.",
            ),
            models.CheckConstraint(
                condition=within("signed_on", bounds.DATE),
                name="support_agreement_signed_bounds",
                violation_error_message="La date de signature doit être comprise entre le 01/01/1900 et le 31/12/2100.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} du {self.signed_on:%d/%m/%Y}"

    def in_force_on(self, day) -> bool:
        return self.signed_on <= day and (self.ends_on is None or self.ends_on >= day)


class SupportObjective(models.Model):
    agreement = models.ForeignKey(
        SupportAgreement, on_delete=models.CASCADE, related_name="objectives", verbose_name="contrat"
    )
    domain = models.CharField("domaine", max_length=20, choices=Domain.choices)
    text = models.CharField("objectif", max_length=500, validators=[no_control_characters])
    status = models.CharField(
        "état", max_length=20, choices=ObjectiveStatus.choices, default=ObjectiveStatus.EN_COURS
    )

    class Meta:
        verbose_name = "objectif d'accompagnement"
        verbose_name_plural = "objectifs d'accompagnement"
        ordering = ["domain", "pk"]

    def __str__(self) -> str:
        return f"{self.get_domain_display()} : {self.text}"


class SupportReview(models.Model):
    agreement = models.ForeignKey(
        SupportAgreement, on_delete=models.CASCADE, related_name="reviews", verbose_name="contrat"
    )
    reviewed_on = models.DateField(
        "date du bilan", validators=[bounds.date_bound("la date du bilan"), REVIEW_NOT_IN_FUTURE]
    )
    summary = models.TextField("synthèse", max_length=2000, validators=text_validators(2000))

    class Meta:
        verbose_name = "bilan d'accompagnement"
        verbose_name_plural = "bilans d'accompagnement"
        ordering = ["-reviewed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} du {self.reviewed_on:%d/%m/%Y}"


class HomeVisitConsent(models.Model):
    """The household's agreement to home visits (the « cadre du ménage »), which it can withdraw."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name="structure"
    )
    household = models.ForeignKey(
        "households.Household",
        on_delete=models.CASCADE,
        related_name="home_visit_consents",
        verbose_name="ménage",
    )
    given_on = models.DateField(
        "accord donné le",
        validators=[bounds.date_bound("la date du recueil de l'accord"), CONSENT_NOT_IN_FUTURE],
    )
    withdrawn_on = models.DateField(
        "accord retiré le",
        null=True,
        blank=True,
        validators=[bounds.date_bound("la date du retrait de l'accord"), WITHDRAWAL_NOT_IN_FUTURE],
    )
    recorded_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", verbose_name="enregistré par"
    )
    created_at = models.DateTimeField("enregistré le", auto_now_add=True)

    class Meta:
        verbose_name = "accord pour les visites à domicile"
        verbose_name_plural = "accords pour les visites à domicile"
        ordering = ["-given_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(withdrawn_on__isnull=True),
                name="support_one_open_consent_per_household",
                violation_error_message="L'accord du ménage est déjà enregistré et n'a pas été retiré.",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=F("given_on")),
                name="support_consent_withdrawn_after_given",
                violation_error_message="Le retrait de l'accord ne peut pas précéder la date où il a été donné.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} du {self.given_on:%d/%m/%Y}"


class AppointmentQuerySet(models.QuerySet):
    def held_by(self, day):
        return self.filter(held_on__lte=day)


class Appointment(models.Model):
    """An interview or a visit. `organisation` is the organisation doing the support that day; the note
    is read by its support team only (`clef.support.perms`)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name="structure"
    )
    household = models.ForeignKey(
        "households.Household", on_delete=models.CASCADE, related_name="appointments", verbose_name="ménage"
    )
    held_on = models.DateField("date", validators=[bounds.date_bound("la date du rendez-vous")])
    kind = models.CharField("type", max_length=20, choices=AppointmentKind.choices)
    attendees = models.ManyToManyField(USER, related_name="+", blank=True, verbose_name="présents")
    other_attendees = models.CharField(
        "autres présents", max_length=200, blank=True, validators=[no_control_characters]
    )
    note = models.TextField("note", max_length=2000, blank=True, validators=text_validators(2000))
    recorded_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", verbose_name="enregistré par"
    )
    created_at = models.DateTimeField("enregistré le", auto_now_add=True)

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        verbose_name = "rendez-vous"
        verbose_name_plural = "rendez-vous"
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["household", "kind", "held_on"], name="support_appt_hh_kind_idx")]
        constraints = [
            models.CheckConstraint(
                condition=within("held_on", bounds.DATE),
                name="support_appointment_date_bounds",
                violation_error_message="La date du rendez-vous doit être comprise entre le 01/01/1900 et le 31/12/2100.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} du {self.held_on:%d/%m/%Y}"


class SupportNote(models.Model):
    """A note of the support team: read by that team only, each read in the access log."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="structure de l'auteur",
    )
    household = models.ForeignKey(
        "households.Household", on_delete=models.CASCADE, related_name="support_notes", verbose_name="ménage"
    )
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name="auteur")
    written_at = models.DateTimeField("écrite le", auto_now_add=True)
    text = models.TextField("note", max_length=5000, validators=text_validators(5000))

    class Meta:
        verbose_name = "note d'accompagnement"
        verbose_name_plural = "notes d'accompagnement"
        ordering = ["-written_at", "-pk"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} n° {self.pk}"


class RelayResourceQuerySet(models.QuerySet):
    def visible_to(self, organisation_id: int, department_id: str | None):
        """The platform's directory (national entries and the department's) and the operator's own."""
        territory = Q(department__isnull=True) | Q(department_id=department_id)
        return self.filter(is_active=True).filter(
            (Q(organisation__isnull=True) & territory) | Q(organisation_id=organisation_id)
        )


class RelayResource(models.Model):
    """A resource households are oriented to (« relais »): national (no department), a department's, or
    an operator's own local entry (`organisation`)."""

    name = models.CharField("nom", max_length=200, validators=[no_control_characters])
    category = models.CharField("catégorie", max_length=20, choices=RelayCategory.choices)
    code = models.SlugField("code", max_length=50, blank=True)
    description = models.TextField(
        "description", max_length=1000, blank=True, validators=text_validators(1000)
    )
    contact = models.CharField("contact", max_length=200, blank=True, validators=[no_control_characters])
    website = models.URLField("site internet", max_length=300, blank=True)
    department = models.ForeignKey(
        "territories.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="département",
        help_text="Vide : ressource nationale.",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="structure",
        help_text="Vide : annuaire de la plateforme ; sinon, une entrée propre à la structure.",
    )
    is_active = models.BooleanField("active", default=True)
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    objects = RelayResourceQuerySet.as_manager()

    class Meta:
        verbose_name = "ressource relais"
        verbose_name_plural = "ressources relais"
        ordering = ["category", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(organisation__isnull=True) & ~Q(code=""),
                name="support_relay_platform_code_unique",
                violation_error_message="Une ressource de l'annuaire porte déjà ce code.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class RelayOrientation(models.Model):
    """A household oriented to a relay resource, and what came of it."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name="structure"
    )
    household = models.ForeignKey(
        "households.Household",
        on_delete=models.CASCADE,
        related_name="relay_orientations",
        verbose_name="ménage",
    )
    resource = models.ForeignKey(
        RelayResource, on_delete=models.PROTECT, related_name="orientations", verbose_name="ressource"
    )
    oriented_on = models.DateField(
        "orienté le", validators=[bounds.date_bound("la date de l'orientation"), ORIENTED_NOT_IN_FUTURE]
    )
    reason = models.CharField("motif", max_length=500, blank=True, validators=[no_control_characters])
    outcome = models.CharField(
        "suite", max_length=20, choices=RelayOutcome.choices, default=RelayOutcome.EN_ATTENTE
    )
    outcome_on = models.DateField(
        "suite connue le",
        null=True,
        blank=True,
        validators=[bounds.date_bound("la date de la suite donnée"), OUTCOME_NOT_IN_FUTURE],
    )
    recorded_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", verbose_name="enregistré par"
    )
    version = models.PositiveIntegerField("version", default=1, editable=False)

    class Meta:
        verbose_name = "orientation vers un relais"
        verbose_name_plural = "orientations vers un relais"
        ordering = ["-oriented_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(outcome=RelayOutcome.EN_ATTENTE) & Q(outcome_on__isnull=True))
                | (~Q(outcome=RelayOutcome.EN_ATTENTE) & Q(outcome_on__gte=F("oriented_on"))),
                name="support_relay_outcome_dated",
                violation_error_message="Une suite autre que « En attente » est datée, au plus tôt le jour de l'orientation ; « En attente » ne l'est pas.",
            )
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} : {self.resource}"
