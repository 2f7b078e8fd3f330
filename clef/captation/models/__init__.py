"""Captation: the landlords an operator or a platform approaches, the dwellings they offer, the pipeline of
leads (« dossiers de captation ») from first contact to the signed engagement, its history, exchanges and
the communication actions that brought the leads."""

from clef.captation.models.landlords import Campaign, Landlord, LandlordContact, OfferedDwelling
from clef.captation.models.leads import Activity, Lead, StageChange

__all__ = [
    "Activity",
    "Campaign",
    "Landlord",
    "LandlordContact",
    "Lead",
    "OfferedDwelling",
    "StageChange",
]
