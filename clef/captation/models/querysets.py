"""Which captation records an organisation works on: the one scoping rule of the pages and queries."""

from django.db import models

from clef.captation.enums import OPEN_STAGES


class LandlordQuerySet(models.QuerySet):
    def for_organisation(self, organisation_id: int):
        """A landlord is seen by the captating organisation only: naming another organisation as the
        managing operator of a lead opens nothing to it (the one sharing rule, `perms.share_rights`, is the
        only way across organisations)."""
        return self.filter(organisation_id=organisation_id)


class LeadQuerySet(models.QuerySet):
    def for_organisation(self, organisation_id: int):
        """A lead is seen by the organisation that captates it only (not by its managing operator)."""
        return self.filter(organisation_id=organisation_id)

    def open(self):
        return self.filter(stage__in=OPEN_STAGES)
