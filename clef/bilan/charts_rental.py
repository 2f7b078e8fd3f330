"""Charts of the rental-management sections of the bilan (issue 10): losses by management mode, the
resources of the households with a loss."""

from __future__ import annotations

from clef.bilan.charts import BARS, COLUMNS, Chart
from clef.bilan.labels import LOSS_LABELS, RESOURCE_LABELS
from clef.dwellings.enums import ManagementMode


def loss_charts(v: dict) -> list[Chart]:
    modes = list(ManagementMode)
    return [
        Chart(
            "sinistres_modes",
            "Sinistres à la sortie par mode de gestion",
            COLUMNS,
            [m.label for m in modes],
            [
                (LOSS_LABELS[k], [v.get(f"sinistres.par_mode.{m.value}.{k}_pct") for m in modes])
                for k in LOSS_LABELS
            ],
            "%",
            full_width=True,
            category_title="Mode de gestion",
        ),
        Chart(
            "sinistres_ressources",
            "Ressources des ménages sortis avec un sinistre",
            BARS,
            list(RESOURCE_LABELS.values()),
            [("Part des ménages (%)", [v.get(f"sinistres.par_ressource.{k}_pct") for k in RESOURCE_LABELS])],
            "%",
            category_title="Ressources",
        ),
    ]


def rental_charts(v: dict) -> list[Chart]:
    """Arrears at 31/12 by age, the fund's contributions by contributor, the cost per person-day against
    the reference cost."""
    from clef.bilan.labels import AGE_OF_ARREARS, CONTRIBUTOR_LABELS

    return [
        Chart(
            "impayes_anciennete",
            "Ménages ayant un impayé au 31/12, par ancienneté de l'impayé",
            BARS,
            [label.capitalize() for label in AGE_OF_ARREARS.values()],
            [("Part des ménages (%)", [v.get(f"impayes.anciennete.{k}_pct") for k in AGE_OF_ARREARS])],
            "%",
            category_title="Ancienneté",
        ),
        Chart(
            "fonds_contributions",
            "Contributions au fonds de sécurisation dans l'année (€)",
            BARS,
            [label.capitalize() for label in CONTRIBUTOR_LABELS.values()],
            [("Contributions (€)", [v.get(f"fonds.contributions.{k}_euros") for k in CONTRIBUTOR_LABELS])],
            "€",
            category_title="Contributeur",
        ),
        Chart(
            "financement_cout",
            "Coût par personne et par jour, face au coût de référence (€)",
            COLUMNS,
            ["Coût par personne et par jour"],
            [
                ("Observé (€)", [v.get("financement.cout_personne_jour_euros")]),
                ("Référence (€)", [v.get("financement.cout_reference_personne_jour_euros")]),
            ],
            "€",
            category_title="Coût",
        ),
    ]
