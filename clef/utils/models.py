from django.db import models


class ExternalIdMixin(models.Model):
    """Records keep a stable exchange-format id: the operator's own one, or `clef-<pk>` when created in
    Clef, so that an export re-imported into the same database updates instead of duplicating."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if not self.external_id:
            self.external_id = f"clef-{self.pk}"
            type(self).objects.filter(pk=self.pk).update(external_id=self.external_id)
