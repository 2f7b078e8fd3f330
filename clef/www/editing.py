"""Edit forms of the register: optimistic concurrency (version), what changed since the form was
opened (journal), three-way merge after a refused save, and the service's errors shown on the fields.
Rules live in the domain (models, services, rules); these helpers only carry input and show French errors.
"""

from datetime import date
from decimal import Decimal

from django import forms
from django.core import signing
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models

from clef.journal.models import JournalEntry

MAX_ID = 2**63 - 1  # the largest primary key: beyond, a database refuses the value itself


BASE_SALT = "clef.www.register_forms.base"  # unchanged since the module was split: forms in flight stay valid
BOOKKEEPING = {"version", "seen", "base"}


def norm(value):
    """A comparable, JSON-able form of a field value (form input, cleaned value or stored value)."""
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, bool):
        return value
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple | set):
        return sorted(str(norm(v)) for v in value)
    return str(value)


class VersionedFormMixin:
    """Hidden fields of an edit form: the record's version when the form was built (optimistic
    concurrency, checked by the service), the last journal entry then shown (to list what changed
    since), and the values then shown, signed ("base": for a three-way merge after a refused save)."""

    def add_version_fields(self, *, seen_journal_id: int):
        self.fields["version"] = forms.IntegerField(
            widget=forms.HiddenInput, min_value=1, max_value=MAX_ID, required=bool(self.instance.pk)
        )
        self.fields["seen"] = forms.IntegerField(
            widget=forms.HiddenInput, min_value=0, max_value=MAX_ID, required=False
        )
        self.fields["base"] = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20_000)
        self.fields["version"].error_messages["required"] = self.fields["version"].error_messages[
            "invalid"
        ] = "Le formulaire est incomplet : rechargez la page."
        if not self.is_bound:
            self.initial["version"] = self.instance.version
            self.initial["seen"] = seen_journal_id
            self.seal_base()

    def merged_fields(self) -> list[str]:
        return [name for name in self.fields if name not in BOOKKEEPING]

    def seal_base(self, **extra) -> None:
        """Sign the values this (unbound) form shows, with `extra` ones (a household's members)."""
        values = {name: norm(self[name].value()) for name in self.merged_fields()}
        values.update({key: norm(value) for key, value in extra.items()})
        self.initial["base"] = signing.dumps(values, salt=BASE_SALT, compress=True)

    def base_values(self) -> dict | None:
        try:
            return signing.loads(self.data.get("base") or "", salt=BASE_SALT)
        except signing.BadSignature:
            return None

    def merge_after_conflict(self, current_form) -> list[str]:
        """After a refused stale save: a three-way merge of the values the form showed (base), the user's
        input (mine) and the stored record (current, `current_form` is an unbound form on it). A field the
        user did not touch takes the stored value (the colleague's change is kept, not undone); a field
        only the user changed keeps the input; a field both changed differently keeps the input and is
        flagged. Returns the flagged fields."""
        base = self.base_values() or {}
        data = self.data.copy()
        conflicts = []
        for name in self.merged_fields():
            current_field = current_form[name]
            mine, current = norm(self.data_value(name)), norm(current_field.value())
            if mine == current:
                continue
            if name in base and mine == base[name]:
                put_value(data, current_field)  # untouched here: the colleague's value
            elif name in base and current == base[name]:
                continue  # only this user changed it
            else:
                conflicts.append(name)
        self.data = data
        return conflicts

    def data_value(self, name: str):
        """The user's input for a field, cleaned when possible."""
        if hasattr(self, "cleaned_data") and name in self.cleaned_data:
            return self.cleaned_data[name]
        return self[name].value()

    def refresh_version(self, version: int, seen_journal_id: int) -> None:
        """After a refused stale save: the form keeps the user's input and now carries the current
        version (and, as base, what is stored now), so that saving again is accepted."""
        self.data = self.data.copy()
        self.data["version"], self.data["seen"] = str(version), str(seen_journal_id)


def put_value(data, bound_field) -> None:
    """Write a stored value into form data, as the browser would send it."""
    name, value, field = bound_field.html_name, bound_field.value(), bound_field.field
    if isinstance(field, forms.BooleanField):
        if value:
            data[name] = "on"
        else:
            data.pop(name, None)
    elif isinstance(field, forms.MultipleChoiceField):
        data.setlist(name, [str(v) for v in value or []])
    elif isinstance(field, forms.ChoiceField):
        data[name] = "" if value is None else str(value)
    else:
        shown = field.widget.format_value(field.prepare_value(value))
        data[name] = "" if shown is None else str(shown)


def last_journal_id(**scope) -> int:
    """The newest journal entry of a household or dwelling (the edit form remembers it, so that a
    refused stale save can list what changed since)."""
    return JournalEntry.objects.filter(**scope).order_by("-pk").values_list("pk", flat=True).first() or 0


def changes_since(form, **scope) -> list[JournalEntry]:
    """Journal entries of the record written after the edit form was built (its hidden `seen` id)."""
    seen = form.cleaned_data.get("seen") or 0
    entries = JournalEntry.objects.filter(pk__gt=seen, **scope).select_related("actor")
    return list(entries.order_by("-pk")[:20])


def conflict_message(bound_field) -> str:
    """The error shown on a field that the user and a colleague both changed."""
    value, field = bound_field.value(), bound_field.field
    if isinstance(field, forms.BooleanField):
        shown = "oui" if value else "non"
    elif isinstance(field, forms.MultipleChoiceField):
        labels = dict(field.choices)
        shown = ", ".join(str(labels.get(v, v)) for v in value or []) or "aucune"
    elif isinstance(field, forms.ChoiceField):
        shown = str(dict(field.choices).get(value, value or "—"))
    else:
        shown = field.widget.format_value(field.prepare_value(value)) or "—"
    return f"Modifié aussi entre-temps : la valeur enregistrée est « {shown} ». Votre saisie est gardée ; vérifiez-la."


def attach_errors(form, exc: ValidationError, *, fields: dict[str, str] | None = None) -> None:
    """Show a service's ValidationError on the form: each message once, on its field. `fields` maps the
    service's field names to the form's (a move's exit and entry dates are the form's move date); a
    message for no field of the form goes to the top of the form."""
    fields = fields or {}
    if not hasattr(exc, "error_dict"):
        _add_once(form, None, exc.messages)
        return
    for name, errors in exc.error_dict.items():
        target = fields.get(name, name)
        messages = [m for error in errors for m in error.messages]
        _add_once(form, target if target in form.fields else None, messages)


def _add_once(form, field: str | None, messages: list[str]) -> None:
    shown = set(form.errors.get(field or NON_FIELD_ERRORS, []))
    fresh = [m for m in dict.fromkeys(messages) if m not in shown]
    if fresh:
        form.add_error(field, fresh)


MISSING_VERSION = (
    "Ce formulaire est incomplet (sa version manque) : rechargez la page, puis enregistrez à nouveau."
)


def require_version_when_editing(form, editing: bool, field: str = "version") -> None:
    """A form that edits a stored record must carry the version it was built from (optimistic lock): a
    post without it is refused, never written over a colleague's change."""
    if editing:
        form.fields[field].required = True
        form.fields[field].error_messages["required"] = MISSING_VERSION


def form_status(form) -> int:
    """400 for a form sent back with errors (tests and tools see the refusal), else 200."""
    return 400 if form.is_bound and form.errors else 200
