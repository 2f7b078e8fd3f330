"""The members formset of the household form: what it sends to the service, what it shows, and the
merge of members after a refused stale save."""

from clef.households.enums import PersonRole
from clef.households.models import Household
from clef.households.services import MemberData
from clef.utils.writes import StaleEditError
from clef.www.editing import conflict_message, last_journal_id, norm
from clef.www.households.forms import HouseholdForm, PersonFormSet

MEMBER_FIELDS = ("pk", "first_name", "last_name", "role", "sex", "birth_date")


def members_data(formset) -> list[MemberData]:
    """The members as the service takes them (deleted ones too, when they exist)."""
    return [
        MemberData(
            pk=f.cleaned_data.get("pk"),
            role=f.cleaned_data["role"],
            sex=f.cleaned_data["sex"],
            birth_date=f.cleaned_data["birth_date"],
            first_name=f.cleaned_data["first_name"],
            last_name=f.cleaned_data["last_name"],
            delete=bool(f.cleaned_data.get("DELETE")),
        )
        for f in formset.forms
        if f.cleaned_data and (f.cleaned_data.get("pk") or not f.cleaned_data.get("DELETE"))
    ]


def sorted_members(household: Household) -> list:
    """The reference person first, then by birth date."""
    return sorted(household.members.all(), key=lambda p: (p.role != PersonRole.REFERENCE, p.birth_date))


def members_initial(household: Household) -> list[dict]:
    return [{name: getattr(p, name) for name in MEMBER_FIELDS} for p in sorted_members(household)]


def merge_after_conflict(form: HouseholdForm, formset, household_id: int, exc: StaleEditError):
    """The save was refused (the household changed since the form was opened). Merge what changed
    meanwhile into the form where the user changed nothing, so that saving again does not undo a
    colleague's work; flag what both changed. Returns the members formset to show."""
    stored = Household.objects.prefetch_related("members", "resources").get(pk=household_id)
    current_members = members_initial(stored)
    current_form = HouseholdForm(instance=stored)
    current_form.seal_base(members=current_members)
    base = form.base_values() or {}
    conflicts = form.merge_after_conflict(current_form)
    mine = norm(
        [
            {name: f.cleaned_data.get(name) for name in MEMBER_FIELDS}
            for f in formset.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
    )
    current = norm(current_members)
    if mine != current and "members" in base and mine == base["members"]:
        formset = PersonFormSet(initial=current_members, prefix="membres")  # untouched here: theirs
    elif mine != current and base.get("members") != current:
        form.add_error(
            None,
            "Les personnes du ménage ont aussi été modifiées entre-temps : votre saisie est gardée, "
            "vérifiez-la avant d'enregistrer.",
        )
    form.refresh_version(exc.current_version, last_journal_id(household_id=household_id))
    form.data["base"] = current_form.initial["base"]
    form.add_error(None, exc)
    for name in conflicts:
        form.add_error(name, conflict_message(current_form[name]))
    return formset
