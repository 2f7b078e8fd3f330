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


class AppendOnlyError(Exception):
    pass


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Le journal est en ajout seul.")

    def delete(self):
        raise AppendOnlyError("Le journal est en ajout seul.")


class AppendOnlyModel(models.Model):
    """Rows that are written once and never changed or deleted through the ORM (journals, logs): save()
    refuses an update; delete() and queryset update/delete refuse. Databases may add triggers on top."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("Le journal est en ajout seul.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Le journal est en ajout seul.")
