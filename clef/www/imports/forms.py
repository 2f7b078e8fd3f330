"""The form that sends a file in the exchange format."""

from django import forms
from django.conf import settings

from clef.exchange.reader import DatasetError, uncompressed_size
from clef.organisations.models import Organisation
from clef.www.forms import DsfrFormMixin


class ImportForm(DsfrFormMixin, forms.Form):
    file = forms.FileField(
        label="Fichier au format d'échange",
        help_text="Un classeur .xlsx (une feuille par fichier) ou un fichier .csv nommé d'après sa table "
        "(logements.csv…). Taille maximale : 100 Mo.",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    organisation = forms.ModelChoiceField(
        label="Structure concernée",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="Les structures décrites dans le fichier (créées si elles n'existent pas)",
    )
    dry_run = forms.BooleanField(label="Vérifier seulement, sans rien enregistrer", required=False)

    def __init__(self, *args, operators=None, **kwargs):
        super().__init__(*args, **kwargs)
        if operators is None:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = operators

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError("Déposez un classeur .xlsx ou un fichier .csv.")
        if upload.size > settings.IMPORT_MAX_BYTES:
            limit = settings.IMPORT_MAX_BYTES // 1_000_000
            raise forms.ValidationError(
                f"Ce fichier dépasse {limit} Mo : découpez-le ou contactez la plateforme."
            )
        if upload.name.lower().endswith(".xlsx"):
            try:
                uncompressed_size(upload.name, upload.read())
            except DatasetError as exc:
                raise forms.ValidationError(str(exc)) from exc
            finally:
                upload.seek(0)
        return upload
