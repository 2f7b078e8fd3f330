"""The stay moves from clef.households to clef.stays, with its table."""

import clef.utils.bounds
import datetime
import django.db.models.deletion
from decimal import Decimal
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("dwellings", "0002_bounds_and_version"),
        ("households", "0002_bounds_version_search_occupancy"),
        ("organisations", "0002_competence_and_name"),
    ]

    operations = [
        # The stay moved from the households app (issue 7: one app per glossary term). Its table is kept
        # with its rows, constraints and indexes (the PostgreSQL exclusion constraints included), then
        # renamed to this app's name.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Stay",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "external_id",
                            models.CharField(
                                blank=True,
                                max_length=100,
                                validators=[clef.utils.bounds.NoControlCharacters()],
                                verbose_name="identifiant d'échange",
                            ),
                        ),
                        (
                            "entry_date",
                            models.DateField(
                                validators=[
                                    clef.utils.bounds.Bound(
                                        "la date d'entrée",
                                        datetime.date(1900, 1, 1),
                                        datetime.date(2100, 12, 31),
                                    ),
                                    clef.utils.bounds.NotInFuture("la date d'entrée"),
                                ],
                                verbose_name="date d'entrée",
                            ),
                        ),
                        (
                            "exit_date",
                            models.DateField(
                                blank=True,
                                null=True,
                                validators=[
                                    clef.utils.bounds.Bound(
                                        "la date de sortie",
                                        datetime.date(1900, 1, 1),
                                        datetime.date(2100, 12, 31),
                                    ),
                                    clef.utils.bounds.NotInFuture("la date de sortie"),
                                ],
                                verbose_name="date de sortie",
                            ),
                        ),
                        (
                            "destination",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("parc_social", "Accès au parc social (public)"),
                                    ("parc_prive", "Accès au parc privé (autre logement)"),
                                    (
                                        "maintien_glissement_bail",
                                        "Maintien dans le logement par glissement du bail",
                                    ),
                                    (
                                        "maintien_mandat",
                                        "Maintien dans le logement (fin de mesure, mandat de gestion)",
                                    ),
                                    (
                                        "logement_accompagne",
                                        "Logement accompagné (pension de famille, résidence sociale, FJT…)",
                                    ),
                                    (
                                        "mutation_parc_associatif",
                                        "Mutation dans le parc associatif (hors IML)",
                                    ),
                                    ("mutation_interne_iml", "Changement de logement au sein de l'IML"),
                                    ("institution", "Entrée en institution (EHPAD, soins, hôpital…)"),
                                    ("hebergement_tiers", "Hébergement chez des tiers"),
                                    (
                                        "hebergement_urgence_insertion",
                                        "Retour vers un hébergement d'urgence ou d'insertion",
                                    ),
                                    ("expulsion", "Expulsion"),
                                    ("depart_sans_adresse", "Départ sans laisser d'adresse"),
                                    ("deces", "Décès"),
                                    ("autre", "Autre"),
                                    ("inconnue", "Non renseignée"),
                                ],
                                max_length=40,
                                verbose_name="destination",
                            ),
                        ),
                        (
                            "loss_unpaid_rent",
                            models.BooleanField(default=False, verbose_name="impayé constaté à la sortie"),
                        ),
                        (
                            "loss_damage",
                            models.BooleanField(
                                default=False, verbose_name="dégradation constatée à la sortie"
                            ),
                        ),
                        (
                            "exit_debt",
                            models.DecimalField(
                                blank=True,
                                decimal_places=2,
                                max_digits=10,
                                null=True,
                                validators=[
                                    clef.utils.bounds.Bound("la dette", Decimal("0"), Decimal("1000000"), "€")
                                ],
                                verbose_name="dette à la sortie (€)",
                            ),
                        ),
                        ("pathway_start", models.DateField(editable=False, verbose_name="début du parcours")),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "dwelling",
                            models.ForeignKey(
                                db_index=False,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="stays",
                                to="dwellings.dwelling",
                                verbose_name="logement",
                            ),
                        ),
                        (
                            "household",
                            models.ForeignKey(
                                db_index=False,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="stays",
                                to="households.household",
                                verbose_name="ménage",
                            ),
                        ),
                        (
                            "organisation",
                            models.ForeignKey(
                                db_index=False,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="stays",
                                to="organisations.organisation",
                                verbose_name="structure",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "households_stay",
                        "verbose_name": "séjour",
                        "ordering": ["entry_date", "pk"],
                        "indexes": [
                            models.Index(
                                fields=["organisation", "entry_date", "exit_date"], name="stay_org_dates_idx"
                            ),
                            models.Index(fields=["entry_date", "exit_date"], name="stay_dates_idx"),
                            models.Index(fields=["exit_date", "destination"], name="stay_exit_idx"),
                            models.Index(fields=["pathway_start"], name="stay_pathway_idx"),
                            models.Index(fields=["dwelling", "entry_date"], name="stay_dwelling_idx"),
                            models.Index(fields=["household", "entry_date"], name="stay_household_idx"),
                        ],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("exit_date__isnull", True),
                                    ("exit_date__gte", models.F("entry_date")),
                                    _connector="OR",
                                ),
                                name="stay_exit_after_entry",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(("destination", ""), ("exit_date__isnull", True)),
                                    models.Q(
                                        ("exit_date__isnull", False),
                                        models.Q(("destination", ""), _negated=True),
                                    ),
                                    _connector="OR",
                                ),
                                name="stay_destination_iff_exit",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("pathway_start__lte", models.F("entry_date"))),
                                name="stay_pathway_starts_before_entry",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("entry_date__gte", datetime.date(1900, 1, 1)),
                                    ("entry_date__lte", datetime.date(2100, 12, 31)),
                                ),
                                name="stay_entry_bounds",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("exit_date__isnull", True),
                                    models.Q(
                                        ("exit_date__gte", datetime.date(1900, 1, 1)),
                                        ("exit_date__lte", datetime.date(2100, 12, 31)),
                                    ),
                                    _connector="OR",
                                ),
                                name="stay_exit_bounds",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("exit_debt__isnull", True),
                                    models.Q(
                                        ("exit_debt__gte", Decimal("0")),
                                        ("exit_debt__lte", Decimal("1000000")),
                                    ),
                                    _connector="OR",
                                ),
                                name="stay_exit_debt_bounds",
                            ),
                            models.UniqueConstraint(
                                condition=models.Q(("external_id", ""), _negated=True),
                                fields=("organisation", "external_id"),
                                name="stay_unique_external_id",
                            ),
                        ],
                    },
                ),
            ],
        ),
        migrations.AlterModelTable(name="stay", table=None),
    ]
