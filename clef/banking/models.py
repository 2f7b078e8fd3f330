"""Bank statements imported by an operator (`BankStatement`) and their lines (`BankLine`), each matched
to a household's lease (a payment posted on its ledger), queued for a person to assign, or ignored."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from clef.banking import bounds as bb
from clef.banking.enums import LineStatus, MatchRule, PaymentKind, StatementFormat
from clef.dwellings.models import within
from clef.rental.models import LedgerEntry
from clef.utils.bounds import no_control_characters


class BankStatementQuerySet(models.QuerySet):
    def for_organisation(self, organisation_id: int):
        return self.filter(organisation_id=organisation_id)


class BankStatement(models.Model):
    """One imported file. The same file (same SHA-256) is never imported twice by an organisation."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name="structure"
    )
    file_name = models.CharField(
        "nom du fichier", max_length=bb.FILE_NAME_MAX, validators=[no_control_characters]
    )
    file_sha256 = models.CharField("empreinte SHA-256", max_length=64)
    format = models.CharField("format", max_length=10, choices=StatementFormat.choices)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="importé par"
    )
    imported_at = models.DateTimeField("importé le", auto_now_add=True)
    lines_count = models.PositiveIntegerField("lignes", default=0)
    matched_count = models.PositiveIntegerField("lignes rapprochées", default=0)
    known_count = models.PositiveIntegerField(
        "opérations déjà importées",
        default=0,
        help_text="Opérations du fichier déjà importées par un relevé précédent : non reprises.",
    )
    not_booked_count = models.PositiveIntegerField(
        "opérations non comptabilisées",
        default=0,
        help_text="Opérations CAMT.053 au statut autre que BOOK (en attente, pour information) : non reprises.",
    )

    objects = BankStatementQuerySet.as_manager()

    class Meta:
        verbose_name = "relevé bancaire"
        verbose_name_plural = "relevés bancaires"
        ordering = ["-imported_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "file_sha256"], name="bankstatement_file_once"),
            models.CheckConstraint(
                condition=Q(format__in=StatementFormat.values), name="bankstatement_format"
            ),
            models.CheckConstraint(
                condition=Q(lines_count__lte=bb.MAX_LINES)
                & Q(matched_count__lte=models.F("lines_count"))
                & Q(known_count__lte=bb.MAX_LINES)
                & Q(not_booked_count__lte=bb.MAX_LINES),
                name="bankstatement_counts",
            ),
        ]

    def __str__(self) -> str:
        return self.file_name

    def get_absolute_url(self) -> str:
        return reverse("www:bank_statement", args=[self.pk])


class BankLineQuerySet(models.QuerySet):
    def for_organisation(self, organisation_id: int):
        return self.filter(organisation_id=organisation_id)

    def queued(self):
        return self.filter(status=LineStatus.A_TRAITER)

    def with_entry_reversed(self):
        """Annotates `entry_reversed`: the payment entry of a matched line was counter-passed."""
        return self.annotate(
            entry_reversed=Exists(LedgerEntry.objects.filter(reverses_id=OuterRef("entry_id")))
        )

    def to_handle(self):
        """The queue: lines to handle, and matched lines whose entry was counter-passed by hand (to put back)."""
        return self.with_entry_reversed().filter(
            Q(status=LineStatus.A_TRAITER) | Q(status=LineStatus.RAPPROCHEE, entry_reversed=True)
        )


class BankLine(models.Model):
    """One operation of a statement. Credits are matched; debits are ignored (reason « débit »)."""

    statement = models.ForeignKey(
        BankStatement, on_delete=models.PROTECT, related_name="lines", verbose_name="relevé"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name="structure"
    )
    line_number = models.PositiveIntegerField("ligne du fichier")
    natural_key = models.CharField(
        "identité de l'opération",
        max_length=64,
        null=True,
        blank=True,
        editable=False,
        help_text="Empreinte de l'opération (rules.natural_keys) : une opération n'est importée qu'une fois "
        "par structure, quel que soit le relevé qui l'apporte. Vide pour les lignes importées avant.",
    )
    booked_on = models.DateField("date de l'opération", validators=[bb.BOOKED_ON])
    amount = models.DecimalField("montant", max_digits=10, decimal_places=2, validators=[bb.LINE_AMOUNT])
    label = models.CharField("libellé", max_length=bb.LABEL_MAX, blank=True)
    counterparty = models.CharField("contrepartie", max_length=bb.COUNTERPARTY_MAX, blank=True)
    reference = models.CharField("référence", max_length=bb.REFERENCE_MAX, blank=True)
    status = models.CharField("état", max_length=12, choices=LineStatus.choices, default=LineStatus.A_TRAITER)
    ignored_reason = models.CharField(
        "motif", max_length=bb.IGNORED_REASON_MAX, blank=True, validators=[no_control_characters]
    )
    queue_reason = models.CharField("pourquoi à traiter", max_length=300, blank=True)
    lease = models.ForeignKey(
        "rental.Lease",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bank_lines",
        verbose_name="titre d'occupation",
    )
    entry = models.OneToOneField(
        "rental.LedgerEntry",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bank_line",
        verbose_name="écriture",
    )
    kind = models.CharField(
        "nature", max_length=15, choices=PaymentKind.choices, default=PaymentKind.PAIEMENT
    )
    matched_rule = models.CharField(
        "rapprochement", max_length=12, choices=MatchRule.choices, default=MatchRule.NONE, blank=True
    )
    matched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="rapprochée par",
    )
    matched_at = models.DateTimeField("rapprochée le", null=True, blank=True)
    requeued_count = models.PositiveIntegerField(
        "remises à traiter",
        default=0,
        help_text="Nombre de fois où la ligne rapprochée a été remise à traiter.",
    )
    version = models.PositiveIntegerField(default=1)

    objects = BankLineQuerySet.as_manager()

    class Meta:
        verbose_name = "ligne de relevé"
        verbose_name_plural = "lignes de relevé"
        ordering = ["statement_id", "line_number"]
        constraints = [
            models.UniqueConstraint(fields=["statement", "line_number"], name="bankline_number_once"),
            models.UniqueConstraint(fields=["organisation", "natural_key"], name="bankline_operation_once"),
            models.CheckConstraint(condition=Q(status__in=LineStatus.values), name="bankline_status_valid"),
            models.CheckConstraint(condition=Q(kind__in=PaymentKind.values), name="bankline_kind_valid"),
            models.CheckConstraint(
                condition=~Q(amount=0) & within("amount", bb.LINE_AMOUNT), name="bankline_amount"
            ),
            models.CheckConstraint(
                condition=~Q(status=LineStatus.RAPPROCHEE)
                | (Q(lease__isnull=False) & Q(entry__isnull=False)),
                name="bankline_matched_has_entry",
            ),
            models.CheckConstraint(
                condition=Q(status=LineStatus.RAPPROCHEE) | Q(entry__isnull=True),
                name="bankline_entry_only_when_matched",
            ),
            models.CheckConstraint(
                condition=~Q(status=LineStatus.IGNOREE) | ~Q(ignored_reason=""),
                name="bankline_ignored_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status=LineStatus.RAPPROCHEE) | Q(amount__gt=0),
                name="bankline_matched_is_credit",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "status"], name="bankline_org_status_idx")]

    def __str__(self) -> str:
        return f"Ligne {self.line_number} du relevé {self.statement_id}"

    def get_absolute_url(self) -> str:
        return reverse("www:bank_line", args=[self.pk])

    @property
    def is_credit(self) -> bool:
        return self.amount > 0
