"""The one-stop owner platform (« guichet unique des propriétaires »): a captation platform's desk, its
routing rules, the owners' requests and their history.

A request belongs to the platform (`OwnerRequest.platform`, its owner organisation, also read as
`organisation_id` by the journal and the sharing services); routed to an operator, it is shared with it
(`Share.Access.CAPTATION`, the one sharing rule of `clef.organisations.perms`)."""

from datetime import date

from django.conf import settings
from django.core.validators import MaxLengthValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from clef.dwellings.enums import Typology
from clef.dwellings.models import within
from clef.guichet.enums import EventKind, Outcome, PreferredMode, RoutingMethod, Status
from clef.organisations.models import OrganisationKind
from clef.utils import bounds
from clef.utils.bounds import CONTROL_CHARACTERS, Bound, no_control_characters

ACKNOWLEDGE_DAYS = Bound("la valeur du délai de prise en charge", 1, 60, "jours")
CAPACITY = Bound("la valeur de la capacité mensuelle", 1, 1000)
POSITION = Bound("la valeur du rang", 1, 100)
AVAILABLE_FROM = bounds.date_bound("la date de disponibilité")
SURFACE = bounds.SURFACE_M2
RENT = bounds.RENT
PHONE = RegexValidator(
    r"^\+?[0-9][0-9 .\-]{7,19}$",
    message="Saisissez un numéro de téléphone (chiffres, espaces ou points ; par exemple 06 12 34 56 78).",
    code="phone",
)
multiline_text = RegexValidator(
    CONTROL_CHARACTERS,
    inverse_match=True,
    message="Ce texte contient un caractère de contrôle invisible : retirez-le.",
    code="control_character",
)


def long_text(label: str, limit: int, **kwargs) -> models.TextField:
    """A multi-line text of at most `limit` characters (model, form and database)."""
    return models.TextField(
        label, blank=True, max_length=limit, validators=[MaxLengthValidator(limit), multiline_text], **kwargs
    )


def default_acknowledge_days() -> int:
    """The platform-wide default (`settings.CLEF_GUICHET`), never a constant."""
    return settings.CLEF_GUICHET["acknowledge_days"]


class Desk(models.Model):
    """« Guichet unique » of a captation platform: one public page for its territory."""

    platform = models.OneToOneField(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="desk",
        limit_choices_to={"kind": OrganisationKind.CAPTATION_PLATFORM},
        verbose_name="plateforme de captation",
    )
    slug = models.SlugField("adresse de la page publique", max_length=60, unique=True)
    title = models.CharField("titre", max_length=200, validators=[no_control_characters])
    intro = long_text("présentation", 2000)
    acknowledge_days = models.PositiveSmallIntegerField(
        "délai de prise en charge (jours)", default=default_acknowledge_days, validators=[ACKNOWLEDGE_DAYS]
    )
    is_open = models.BooleanField("ouvert aux demandes", default=True)
    contact_email = models.EmailField("adresse de contact", blank=True)
    # Automatic routing at submission has no user: the share it creates is recorded in the name of the
    # desk's responsible animator (Share.created_by is required); without one, requests stay « reçue ».
    animator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="animateur responsable (confie automatiquement en son nom)",
    )
    version = models.PositiveIntegerField("version", default=1, editable=False)

    class Meta:
        verbose_name = "guichet unique"
        constraints = [
            models.CheckConstraint(
                condition=within("acknowledge_days", ACKNOWLEDGE_DAYS), name="desk_acknowledge_days_bounds"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("www:guichet_public", args=[self.slug])

    @property
    def organisation_id(self) -> int:
        return self.platform_id


class RoutingRule(models.Model):
    """Requests of one EPCI or one commune go to these operators (a commune rule wins over its EPCI's)."""

    desk = models.ForeignKey(Desk, on_delete=models.PROTECT, related_name="rules", verbose_name="guichet")
    epci = models.ForeignKey(
        "territories.Epci",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="EPCI",
    )
    commune = models.ForeignKey(
        "territories.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="commune",
    )
    method = models.CharField(
        "répartition", max_length=10, choices=RoutingMethod.choices, default=RoutingMethod.ROTATION
    )

    class Meta:
        verbose_name = "règle de répartition"
        constraints = [
            models.CheckConstraint(
                condition=(Q(epci__isnull=True) & Q(commune__isnull=False))
                | (Q(epci__isnull=False) & Q(commune__isnull=True)),
                name="routing_rule_epci_xor_commune",
            ),
            models.UniqueConstraint(
                fields=["desk", "epci"], condition=Q(epci__isnull=False), name="routing_rule_unique_epci"
            ),
            models.UniqueConstraint(
                fields=["desk", "commune"],
                condition=Q(commune__isnull=False),
                name="routing_rule_unique_commune",
            ),
        ]

    def __str__(self) -> str:
        return f"Commune : {self.commune}" if self.commune_id else f"EPCI : {self.epci}"

    @property
    def organisation_id(self) -> int:
        return self.desk.platform_id


class RoutingTarget(models.Model):
    """An operator a rule routes to, in its order of rotation, with its monthly capacity (method
    « capacité »)."""

    rule = models.ForeignKey(
        RoutingRule, on_delete=models.CASCADE, related_name="targets", verbose_name="règle"
    )
    operator = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": OrganisationKind.OPERATOR},
        verbose_name="structure",
    )
    capacity_per_month = models.PositiveSmallIntegerField(
        "demandes par mois", null=True, blank=True, validators=[CAPACITY]
    )
    position = models.PositiveSmallIntegerField("rang", default=1, validators=[POSITION])

    class Meta:
        verbose_name = "structure de la règle"
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "operator"], name="routing_target_unique_operator"),
            models.CheckConstraint(
                condition=within("capacity_per_month", CAPACITY, nullable=True),
                name="routing_target_capacity_bounds",
            ),
            models.CheckConstraint(
                condition=within("position", POSITION), name="routing_target_position_bounds"
            ),
        ]

    def __str__(self) -> str:
        return str(self.operator)


class OwnerRequestQuerySet(models.QuerySet):
    def of_desk(self, desk):
        return self.filter(desk=desk)

    def overdue_on(self, day: date):
        """Confided to a structure that did not take it in charge by its deadline (`acknowledge_by`
        included: the structure has the whole day)."""
        return self.filter(status=Status.CONFIEE, acknowledge_by__lt=day)

    def returned_once(self):
        """Came back to the desk at least once because no structure took it in charge in time (still
        with the animator, or confided again since)."""
        return self.filter(
            models.Exists(RequestEvent.objects.filter(request=models.OuterRef("pk"), kind=EventKind.REVENUE))
        )


class OwnerRequest(models.Model):
    """« Demande d'un propriétaire » received through the public page of a desk."""

    desk = models.ForeignKey(Desk, on_delete=models.PROTECT, related_name="requests", verbose_name="guichet")
    platform = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="owner_requests",
        verbose_name="plateforme",
    )
    commune = models.ForeignKey(
        "territories.Commune", on_delete=models.PROTECT, related_name="+", verbose_name="commune du logement"
    )
    typology = models.CharField("typologie", max_length=3, choices=Typology.choices)
    surface_m2 = models.DecimalField(
        "surface habitable (m²)", max_digits=6, decimal_places=1, validators=[SURFACE]
    )
    rent_asked = models.DecimalField(
        "loyer souhaité hors charges (€/mois)", max_digits=8, decimal_places=2, validators=[RENT]
    )
    available_from = models.DateField("disponible à partir du", validators=[AVAILABLE_FROM])
    preferred_mode = models.CharField(
        "formule souhaitée", max_length=20, choices=PreferredMode.choices, default=PreferredMode.INDIFFERENT
    )
    first_name = models.CharField("prénom", max_length=100, validators=[no_control_characters])
    last_name = models.CharField("nom", max_length=100, validators=[no_control_characters])
    email = models.EmailField("adresse électronique", max_length=254)
    phone = models.CharField("téléphone", max_length=20, blank=True, validators=[PHONE])
    consent = models.BooleanField("accord pour être recontacté")
    message = long_text("message", 1000)
    status = models.CharField("statut", max_length=20, choices=Status.choices, default=Status.RECUE)
    outcome = models.CharField("issue", max_length=20, choices=Outcome.choices, blank=True)
    closed_on = models.DateField("close le", null=True, blank=True)
    assigned_operator = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owner_requests_assigned",
        verbose_name="structure",
    )
    assigned_on = models.DateField("confiée le", null=True, blank=True)
    acknowledge_by = models.DateField("à prendre en charge au plus tard le", null=True, blank=True)
    acknowledged_on = models.DateField("prise en charge le", null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="prise en charge par",
    )
    lead = models.ForeignKey(
        "captation.Lead",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owner_requests",
        verbose_name="dossier de captation",
    )
    token_hash = models.CharField("empreinte du lien de suivi", max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("reçue le", auto_now_add=True)
    version = models.PositiveIntegerField("version", default=1, editable=False)

    objects = OwnerRequestQuerySet.as_manager()

    class Meta:
        verbose_name = "demande d'un propriétaire"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(consent=True), name="owner_request_consent_required"),
            models.CheckConstraint(
                condition=within("surface_m2", SURFACE), name="owner_request_surface_bounds"
            ),
            models.CheckConstraint(condition=within("rent_asked", RENT), name="owner_request_rent_bounds"),
            models.CheckConstraint(
                condition=within("available_from", AVAILABLE_FROM), name="owner_request_available_bounds"
            ),
            models.CheckConstraint(
                condition=(Q(status=Status.CLOSE) & ~Q(outcome="") & Q(closed_on__isnull=False))
                | (~Q(status=Status.CLOSE) & Q(outcome="")),
                name="owner_request_outcome_iff_closed",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[Status.CONFIEE, Status.PRISE_EN_CHARGE])
                | (Q(assigned_operator__isnull=False) & Q(acknowledge_by__isnull=False)),
                name="owner_request_assigned_has_operator",
            ),
            models.CheckConstraint(
                condition=Q(acknowledge_by__isnull=True) | Q(acknowledge_by__gte=models.F("assigned_on")),
                name="owner_request_deadline_after_assignment",
            ),
        ]
        indexes = [
            models.Index(fields=["desk", "status", "created_at"], name="owner_request_desk_status"),
            models.Index(fields=["assigned_operator", "status"], name="owner_request_operator"),
            models.Index(fields=["status", "acknowledge_by"], name="owner_request_deadline"),
        ]

    def __str__(self) -> str:
        return f"Demande n° {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("www:guichet_request", args=[self.pk])

    @property
    def organisation_id(self) -> int:
        """The owner organisation, as the journal and the sharing services name it."""
        return self.platform_id


class RequestEvent(models.Model):
    """One step of a request's history (received, confided, taken in charge, returned, closed)."""

    request = models.ForeignKey(
        OwnerRequest, on_delete=models.PROTECT, related_name="events", verbose_name="demande"
    )
    kind = models.CharField("événement", max_length=20, choices=EventKind.choices)
    at = models.DateTimeField("le", auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="par",
    )
    operator = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="structure",
    )
    # The rule that confided the request automatically (the rotation reads the last one).
    rule = models.ForeignKey(
        RoutingRule,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="règle de répartition",
    )
    note = models.CharField("précision", max_length=300, blank=True, validators=[no_control_characters])

    class Meta:
        verbose_name = "étape d'une demande"
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["rule", "kind", "at"], name="request_event_rule")]

    def __str__(self) -> str:
        return self.get_kind_display()
