"""Which captation records an organisation works on: the one scoping rule of the pages and queries."""

from django.db import models
from django.db.models import Exists, OuterRef, Q

from clef.captation.enums import OPEN_STAGES


class LandlordQuerySet(models.QuerySet):
    def for_organisation(self, organisation_id: int):
        """A landlord belongs to the captating organisation; the operator that will manage one of its
        leads (a platform's lead for an operator) sees it too."""
        from clef.captation.models import Lead

        managed = Lead.objects.filter(landlord=OuterRef("pk"), managing_operator_id=organisation_id)
        return self.filter(Q(organisation_id=organisation_id) | Exists(managed))


class LeadQuerySet(models.QuerySet):
    def for_organisation(self, organisation_id: int):
        """A lead belongs to the organisation that captates it and is worked on by the operator that will
        manage the dwelling."""
        return self.filter(Q(organisation_id=organisation_id) | Q(managing_operator_id=organisation_id))

    def open(self):
        return self.filter(stage__in=OPEN_STAGES)
