"""French labels and report sections of the bilan indicators (for pages, exports and the PDF)."""

from datetime import date

from clef.dwellings.enums import ManagementMode
from clef.exits.enums import Judgement, Perspective, RelayKind, SolicitationSubject
from clef.households.enums import Composition, OriginGroup
from clef.stays.enums import Destination

RESOURCE_LABELS = {
    "rsa_seul": "RSA seul",
    "salaire_sans_rsa": "Salaire (sans RSA)",
    "rsa_et_salaire": "RSA et salaire",
    "aah": "AAH",
    "chomage": "Allocations chômage",
    "sans_ressources": "Sans ressources",
    "autres": "Autres ressources",
}
AGE_LABELS = {
    "moins_25": "Moins de 25 ans",
    "25_30": "25 à 30 ans",
    "31_59": "31 à 59 ans",
    "60_plus": "60 ans et plus",
}
LOSS_LABELS = {
    "aucun": "Aucun sinistre",
    "impaye_seul": "Impayé seul",
    "degradation_seule": "Dégradation seule",
    "multiple": "Impayé et dégradation",
}
TYPOLOGY_LABELS = {"t1": "T1", "t2": "T2", "t3": "T3", "t4": "T4", "t5_plus": "T5 et plus"}

FIXED = {
    "structures.actives": "Structures actives dans l'année",
    "parc.logements": "Logements dans le parc au 31/12",
    "parc.places": "Places théoriques au 31/12",
    "parc.logements_evolution_pct": "Évolution du parc sur un an",
    "parc.places_evolution_pct": "Évolution des places sur un an",
    "parc.prive_pct": "Parc privé",
    "parc.public_pct": "Parc public",
    "parc.prive.conventionne_pct": "Logements privés conventionnés Anah",
    "parc.prive.conventionne_sans_travaux_pct": "dont conventionnés sans travaux",
    "parc.prive.conventionne_avec_travaux_pct": "dont conventionnés avec travaux",
    "logements_entres.nombre": "Logements entrés dans le parc dans l'année",
    "logements_sortis.nombre": "Logements sortis du parc dans l'année",
    "menages.presents": "Ménages présents dans l'année",
    "menages.entres": "Ménages entrés dans l'année",
    "menages.sortis": "Sorties du dispositif dans l'année",
    "menages.entres.orientation_siao_pct": "Ménages entrés orientés par le SIAO",
    "menages.presents.dalo_pct": "Ménages reconnus prioritaires DALO",
    "menages.presents.reference_homme_pct": "Personne de référence : homme",
    "sorties.duree_moyenne_dispositif_mois": "Durée moyenne dans le dispositif (mois)",
    "sorties.duree_mediane_dispositif_mois": "Durée médiane dans le dispositif (mois)",
    "sorties.duree_moyenne_logement_mois": "Durée moyenne dans le logement (mois)",
    "sorties.duree_moins_6_mois_pct": "Sorties après moins de 6 mois",
    "sorties.duree_plus_18_mois_pct": "Sorties après plus de 18 mois",
    "sorties.logement_perenne_pct": "Sorties vers un logement pérenne",
    # Pathway sections (issue 8)
    "orientation.mises_a_disposition": "Logements mis à disposition du SIAO",
    "orientation.propositions": "Candidats proposés par le SIAO",
    "orientation.decisions": "Propositions décidées",
    "orientation.refus_menage_pct": "Propositions refusées par le ménage (sans pénalité)",
    "orientation.delai_moyen_proposition_jours": "Délai moyen mise à disposition → proposition (jours)",
    "orientation.delai_median_proposition_jours": "Délai médian mise à disposition → proposition (jours)",
    "orientation.delai_moyen_decision_jours": "Délai moyen première proposition → acceptation (jours)",
    "orientation.delai_median_decision_jours": "Délai médian première proposition → acceptation (jours)",
    "orientation.delai_moyen_entree_jours": "Délai moyen acceptation → entrée (jours)",
    "orientation.delai_median_entree_jours": "Délai médian acceptation → entrée (jours)",
    "orientation.vacance_moyenne_jours": "Vacance moyenne mise à disposition → entrée ou retrait (jours)",
    "orientation.vacance_mediane_jours": "Vacance médiane mise à disposition → entrée ou retrait (jours)",
    "choix.visite_avant_signature_pct": "Ménages entrés ayant visité le logement avant de signer",
    "choix.alternative_proposee_pct": "Ménages entrés à qui une autre proposition a été faite",
    "choix.sortie.choisie_pct": "Sorties : logement choisi",
    "choix.sortie.subie_pct": "Sorties : logement subi",
    "choix.sortie.ne_sait_pas_pct": "Sorties : le ménage ne sait pas",
    "occupation.sejours": "Séjours en sous-location ou bail glissant",
    "occupation.sejours_avec_echeances_pct": "dont avec des périodes d'occupation enregistrées",
    "occupation.echeances": "Périodes d'occupation arrivées à échéance",
    "occupation.renouvellements": "Renouvellements commencés dans l'année",
    "occupation.au_dela_duree_preconisee_pct": "Séjours au-delà de la durée préconisée (18 mois par défaut)",
    "regards_sortie.evaluees_pct": "Sorties accompagnées d'un bilan de sortie",
    "regards_sortie.desaccord_pct": "Sorties où les points de vue divergent",
    "relais_sortie.avec_relais_pct": "Sorties avec un relais établi",
    "sollicitations.nombre": "Sollicitations après la sortie",
    "sollicitations.menages": "Ménages ayant sollicité la structure après leur sortie",
    "sollicitations.temps_heures": "Temps passé (heures)",
    "sollicitations.temps_moyen_minutes": "Temps moyen par sollicitation (minutes)",
    # Captation (issue 9)
    "captation.nouveaux_logements": "Nouveaux logements captés (entrés dans le parc)",
    "captation.nouveaux.mandat_gestion_pct": "Nouveaux logements en mandat de gestion",
    "captation.nouveaux.sous_location_pct": "Nouveaux logements en location / sous-location (bail glissant compris)",
    "captation.nouveaux.prive_pct": "Nouveaux logements dans le parc privé",
    "captation.objectif.mandat_gestion_pct": "Objectif : part des nouvelles captations en mandat de gestion",
    "captation.objectif.structures": "Structures ayant un objectif de captation",
    "captation.objectif.logements": "Objectif de nouveaux logements (total)",
    "captation.objectif.realisation_pct": "Réalisation de l'objectif (structures ayant un objectif)",
    "captation.demandes_confiees": "Demandes de propriétaires confiées par une plateforme",
    "captation.demandes.prises_en_charge_pct": "Demandes confiées prises en charge",
    "captation.demandes.delai_moyen_prise_en_charge_jours": "Délai moyen de prise en charge d'une demande (jours)",
    "captation.engagements_signes": "Engagements signés avec des propriétaires",
    "captation.conventions_signees": "Conventions Anah signées",
    "captation.conventions.sans_travaux_pct": "dont sans travaux",
    "captation.conventions.avec_travaux_pct": "dont avec travaux",
    "captation.conventions_fin_dans_un_an": "Conventions Anah arrivant à échéance dans l'année qui suit",
}
DECISION_LABELS = {
    "acceptee": "Acceptée",
    "refusee": "Refusée par la commission",
    "declinee": "Déclinée par le ménage",
    "retiree": "Retirée par le SIAO",
}
TERM_LABELS = {
    "a_decider": "À décider",
    "renouvelee": "Renouvelée",
    "fin_occupation": "Fin d'occupation",
    "bail_glisse": "Bail glissé",
}

SECTIONS = [
    ("parc", "Le parc"),
    ("modes", "Modes de gestion"),
    ("menages", "Les ménages"),
    ("sorties", "Parcours et sorties"),
    ("sinistralite", "Sinistralité"),
    ("orientation", "Orientation par le SIAO"),
    ("choix", "Le choix du ménage"),
    ("occupation", "Occupation en sous-location"),
    ("regards_sortie", "La sortie vue par chacun"),
    ("relais_sortie", "Relais à la sortie"),
    ("sollicitations", "Sollicitations après la sortie"),
    ("captation", "Captation"),
    ("impayes", "Impayés au 31 décembre"),
    ("fonds", "Fonds de sécurisation"),
    ("financement", "Financement de la mesure"),
]
RENTAL_SECTIONS = ("impayes", "fonds", "financement")
PATHWAY_SECTIONS = ("orientation", "choix", "occupation", "regards_sortie", "relais_sortie", "sollicitations")


def section_of(key: str) -> str:
    prefix = key.split(".", 1)[0]
    if prefix in PATHWAY_SECTIONS or prefix in RENTAL_SECTIONS or prefix == "captation":
        return prefix
    if key.startswith(("parc.mode.", "logements_entres.mode.")):
        return "modes"
    if key.startswith(("structures.", "parc.", "logements_")):
        return "parc"
    if key.startswith("menages."):
        return "menages" if key != "menages.sortis" else "sorties"
    if key.startswith(("sorties.sinistre.", "sinistres.")):
        return "sinistralite"
    return "sorties"


def is_percentage(key: str) -> bool:
    return key.endswith("_pct")


def unit(key: str) -> str:
    """The unit a value of `key` is shown in, the one formatting rule of the page, the PDF and the exports:
    « % » (one decimal), « € » (euros and cents: every `*_euros` key), or none (a count, a duration)."""
    if is_percentage(key):
        return "%"
    return "€" if key.endswith("_euros") else ""


def arrears_title(day: date) -> str:
    """The arrears section's title: at 31 December once the year is over, at `day` while it runs."""
    if (day.month, day.day) == (12, 31):
        return "Impayés au 31 décembre"
    return f"Impayés au {day:%d/%m/%Y} (année en cours)"


def label(key: str, scheme_labels: dict[str, str] | None = None, *, arrears_on: date | None = None) -> str:
    """French label of an indicator key; `scheme_labels` maps "scheme.category" to readable names;
    `arrears_on`: the day the arrears are read at when it is not 31/12 (a year still running)."""
    text = _label(key, scheme_labels)
    if (
        arrears_on is not None
        and key.startswith("impayes.")
        and (arrears_on.month, arrears_on.day) != (12, 31)
    ):
        return text.replace("au 31/12", f"au {arrears_on:%d/%m/%Y}")
    return text


def _label(key: str, scheme_labels: dict[str, str] | None = None) -> str:
    if key in FIXED:
        return FIXED[key]
    stem = key.removesuffix("_pct")
    last = stem.rsplit(".", 1)[-1]
    if stem.startswith("parc.mode."):
        return f"Parc : {ManagementMode(last).label.lower()}"
    if stem.startswith("logements_entres.mode."):
        return f"Logements entrés : {ManagementMode(last).label.lower()}"
    if stem.startswith("parc.typologie."):
        return f"Typologie {TYPOLOGY_LABELS[last]}"
    if stem.startswith("menages.entres.origine."):
        return f"Origine : {OriginGroup(last).label.lower()}"
    if stem.startswith("menages.presents.ressources."):
        return f"Ressources : {RESOURCE_LABELS[last]}"
    if stem.startswith("menages.presents.composition."):
        return Composition(last).label
    if stem.startswith("menages.presents.age."):
        return f"Âge de la personne de référence : {AGE_LABELS[last].lower()}"
    if stem.startswith("sorties.destination."):
        return f"Destination : {Destination(last).label}"
    if stem.startswith("sorties.categorisation."):
        scheme_category = stem.removeprefix("sorties.categorisation.")
        return (scheme_labels or {}).get(scheme_category, scheme_category.replace(".", " — "))
    if stem.startswith("sorties.sinistre."):
        return LOSS_LABELS[last]
    return _pathway_label(stem, last) or _rental_label(stem, last) or key


RENTAL_FIXED = {
    "impayes.menages": "Ménages logés au 31/12 ayant un impayé",
    "impayes.montant": "Montant des impayés au 31/12",
    "fonds.fonds": "Fonds de sécurisation de la région",
    "fonds.contributions": "Contributions reçues dans l'année",
    "fonds.demandes_deposees": "Demandes d'intervention déposées",
    "fonds.montant_demande": "Montant demandé",
    "fonds.demandes_acceptees": "Demandes acceptées",
    "fonds.montant_accorde": "Montant accordé",
    "fonds.demandes_refusees": "Demandes refusées",
    "fonds.versements": "Versements",
    "fonds.montant_verse": "Montant versé",
    "fonds.solde_31_12": "Solde du fonds au 31/12",
    "financement.subvention": "Subvention IML",
    "financement.captation": "dont part captation",
    "financement.gla": "dont part gestion locative adaptée",
    "financement.accompagnement": "dont part accompagnement",
    "financement.journees_menages": "Journées accompagnées (ménages)",
    "financement.journees_personnes": "Journées accompagnées (personnes)",
    "financement.cout_personne_jour": "Coût par personne et par jour",
    "financement.cout_menage_jour": "Coût par ménage et par jour",
    "financement.cout_reference_personne_jour": "Coût de référence par personne et par jour",
}
AGE_OF_ARREARS = {
    "moins_1_mois": "moins d'un mois",
    "1_2_mois": "1 à 2 mois",
    "2_3_mois": "2 à 3 mois",
    "3_mois_et_plus": "3 mois et plus",
}
CONTRIBUTOR_LABELS = {
    "etat": "État",
    "operateur": "structures (cotisations)",
    "collectivite": "collectivités",
    "autre": "autres",
}
LEDGER_MODES = {"sous_location": "Location / sous-location", "mandat_gestion": "Mandat de gestion"}


def _rental_label(stem: str, last: str) -> str | None:
    """Labels of the keys of the rental-management sections (issue 10)."""
    stem = stem.removesuffix("_euros")
    last = last.removesuffix("_euros")
    if stem in RENTAL_FIXED:
        return RENTAL_FIXED[stem]
    if stem.startswith("impayes.anciennete."):
        return f"Impayés de {AGE_OF_ARREARS[last]} de loyer et charges"
    if stem.startswith("impayes.par_mode."):
        mode = LEDGER_MODES[stem.split(".")[2]]
        return f"{mode} : ménages ayant un impayé" if last == "menages" else f"{mode} : montant des impayés"
    if stem.startswith("fonds.contributions."):
        return f"Contributions : {CONTRIBUTOR_LABELS[last]}"
    if stem == "sinistres.menages_avec_sinistre":
        return "Ménages sortis avec un sinistre (impayé ou dégradation)"
    if stem.startswith("sinistres.par_mode."):
        mode = ManagementMode(stem.split(".")[2]).label
        if last == "sorties":
            return f"{mode} : sorties"
        if ".ressources." in stem:
            return f"{mode}, ménages sortis avec un sinistre : {RESOURCE_LABELS[last]}"
        return f"{mode} : {LOSS_LABELS[last].lower()}"
    if stem.startswith("sinistres.par_ressource."):
        parts = stem.split(".")
        if len(parts) == 4:
            return f"{RESOURCE_LABELS[parts[2]]} : part des ménages sortis avec un sinistre"
        return f"Ménages sortis avec un sinistre : {RESOURCE_LABELS[last]}"
    return None


def _pathway_label(stem: str, last: str) -> str | None:
    """Labels of the keys of the pathway sections built from a code list."""
    if stem.startswith("orientation.decision."):
        return f"Décision : {DECISION_LABELS[last].lower()}"
    if stem.startswith("occupation.echeance."):
        return f"Échéances : {TERM_LABELS[last].lower()}"
    if stem.startswith("regards_sortie."):
        perspective = stem.split(".")[1]
        return f"{Perspective(perspective).label} : sortie jugée {Judgement(last).label.lower()}"
    if stem.startswith("relais_sortie.type."):
        return f"Relais : {RelayKind(last).label.lower()}"
    if stem.startswith("sollicitations.objet."):
        return f"Objet : {SolicitationSubject(last).label.lower()}"
    return None


def scheme_labels() -> dict[str, str]:
    from clef.referential.models import ExitCategory

    return {
        f"{c.scheme.code}.{c.code}": f"{c.scheme.name} — {c.label}"
        for c in ExitCategory.objects.select_related("scheme")
    }
