"""The rules of captation, written once: forms, services, the owners' desk (guichet) and campaigns call
these functions. Each refusal is a ValidationError with the same French words wherever it is raised."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from clef.captation.enums import CLOSED_STAGES, CONTACT_KINDS, OPEN_STAGES, PIPELINE, Stage
from clef.organisations.models import Organisation, OrganisationKind

# Stages a lead may be at when its engagement is signed (from the contracts' signing page).
SIGNABLE_STAGES = [Stage.VISITE, Stage.PROPOSITION]


def do_not_contact_message(landlord) -> str:
    since = landlord.do_not_contact_since
    when = f" (depuis le {since:%d/%m/%Y})" if since else ""
    return f"Ce propriétaire a demandé à ne pas être contacté{when}."


def may_contact(landlord) -> bool:
    """THE do-not-contact rule: a landlord who asked not to be contacted gets no call, e-mail, letter,
    visit or appointment, no planned next action, no new lead, no forward move of a lead, is no target of
    a communication action, and the platform does not route a request to an operator for them. A lead
    without a landlord yet (a re-captation to fill in) may be worked on."""
    return landlord is None or not landlord.do_not_contact


def check_may_contact(landlord, field: str | None = None) -> None:
    """Raises the one French refusal when `may_contact(landlord)` is false (on `field` when given)."""
    if not may_contact(landlord):
        message = do_not_contact_message(landlord)
        raise ValidationError({field: message} if field else message, code="do_not_contact")


def is_contact(activity_kind: str) -> bool:
    """A call, an e-mail, a letter, a visit or an appointment reaches the landlord; a note or a document
    filed does not."""
    return activity_kind in CONTACT_KINDS


def check_activity(landlord, activity_kind: str) -> None:
    if is_contact(activity_kind):
        check_may_contact(landlord, "kind")


def rank(stage: str) -> int:
    """The position of a stage in the pipeline (closed stages rank after it)."""
    return PIPELINE.index(stage) if stage in PIPELINE else len(PIPELINE)


def next_stage(stage: str) -> str | None:
    """The stage a lead moves on to from `stage` by hand (the signature is not reached by hand)."""
    if stage not in OPEN_STAGES:
        return None
    following = PIPELINE[rank(stage) + 1]
    return None if following == Stage.ENGAGEMENT_SIGNE else following


def allowed_moves(stage: str) -> list[str]:
    """Where a lead at `stage` may go by hand: forward one or more open stages, or closed."""
    if stage not in OPEN_STAGES:
        return []
    return [s for s in OPEN_STAGES if rank(s) > rank(stage)] + list(CLOSED_STAGES)


def check_transition(from_stage: str, to_stage: str) -> None:
    """A lead moves forward one or more steps or is closed from any open stage; a closed or signed lead
    stays so; the engagement is signed only through the contract signing (services.mark_signed)."""
    labels = dict(Stage.choices)
    if from_stage not in OPEN_STAGES:
        raise ValidationError(
            f"Ce dossier est clos (« {labels.get(from_stage, from_stage)} ») : il ne change plus d'étape. "
            "Ouvrez un nouveau dossier si le propriétaire revient.",
            code="closed",
        )
    if to_stage == Stage.ENGAGEMENT_SIGNE:
        raise ValidationError(
            "L'engagement se signe avec le contrat (« Signer l'engagement » sur la page du dossier) : "
            "le logement entre alors dans le parc.",
            code="sign_with_contract",
        )
    if to_stage not in labels:
        raise ValidationError("Choisissez une étape de la liste.", code="unknown_stage")
    if to_stage == from_stage:
        raise ValidationError(f"Le dossier est déjà à l'étape « {labels[to_stage]} ».", code="same")
    if to_stage not in allowed_moves(from_stage):
        raise ValidationError(
            f"Un dossier ne revient pas en arrière : de « {labels[from_stage]} », il passe à une étape "
            "suivante ou il est clos.",
            code="backwards",
        )


def check_close(to_stage: str, reason: str) -> None:
    """Closing (abandoned, refused) needs its reason; moving on has none."""
    if to_stage in CLOSED_STAGES and not reason:
        raise ValidationError({"reason": "Indiquez le motif de clôture du dossier."}, code="reason")


def check_signable(lead) -> None:
    """The contract signing takes a lead at « visite » or « proposition » whose landlord is known and may
    be contacted."""
    labels = dict(Stage.choices)
    if lead.stage not in SIGNABLE_STAGES:
        raise ValidationError(
            f"Un engagement se signe sur un dossier à l'étape « Visite » ou « Proposition » (celui-ci est à "
            f"l'étape « {labels.get(lead.stage, lead.stage)} »).",
            code="not_signable",
        )
    if lead.landlord_id is None:
        raise ValidationError(
            "Renseignez d'abord le propriétaire de ce dossier de re-captation.", code="no_landlord"
        )
    check_may_contact(lead.landlord)


def contactable_q(prefix: str = "") -> Q:
    """`may_contact` as a query condition (the audience of a communication action, the landlords the desk
    may route): the same rule over many landlords at once. `prefix` reaches the landlord from another
    model (`"landlord__"`)."""
    return Q(**{f"{prefix}do_not_contact": False})


PHONE_MESSAGE = "Saisissez un numéro de téléphone (chiffres, espaces ou points ; par exemple 06 12 34 56 78)."
PHONE_NUMBERS = (
    re.compile(r"0[1-9][0-9]{8}"),  # 06 12 34 56 78
    re.compile(r"\+33[1-9][0-9]{8}"),  # +33 6 12 34 56 78
    re.compile(r"\+(?!33)[1-9][0-9]{7,14}"),  # another country (E.164)
)


def validate_phone(value: str) -> None:
    """THE phone rule (landlords, their contacts, the owners' desk): a French number of ten digits, or an
    international one starting with +, written with digits, spaces, dots or dashes. Empty: no phone."""
    if not value:
        return
    compact = re.sub(r"[ .\-]", "", value)
    if not re.fullmatch(r"\+?[0-9 .\-]+", value) or not any(p.fullmatch(compact) for p in PHONE_NUMBERS):
        raise ValidationError(PHONE_MESSAGE, code="phone")


def managing_operators(organisation: Organisation) -> QuerySet[Organisation]:
    """THE managing-operator rule: an operator manages what it captates (itself only); a captation platform
    names an active operator working in its territory's departments (those of its EPCIs and communes, or its
    departments of activity). Naming an operator opens nothing to it: a lead and its landlord stay the
    captating organisation's (the one sharing rule is `perms.share_rights`)."""
    operators = Organisation.objects.operators().active()
    if organisation.kind == OrganisationKind.OPERATOR:
        return operators.filter(pk=organisation.pk)
    if organisation.kind != OrganisationKind.CAPTATION_PLATFORM:
        return operators.none()
    territory = (
        Q(departments__organisations=organisation)
        | Q(departments__communes__in=organisation.territory_communes.all())
        | Q(departments__communes__epci__in=organisation.territory_epcis.all())
    )
    return operators.filter(pk__in=Organisation.objects.filter(territory).values("pk")).order_by("name")


def check_managing_operator(organisation: Organisation, operator: Organisation | None) -> None:
    if operator is not None and not managing_operators(organisation).filter(pk=operator.pk).exists():
        raise ValidationError(
            {"managing_operator": "Choisissez votre structure ou une structure agréée de votre territoire."},
            code="managing_operator",
        )
