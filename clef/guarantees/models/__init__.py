from clef.guarantees.models.fund import (
    FundClaim,
    FundClaimDocument,
    FundContribution,
    FundContributor,
    SecurityFund,
)
from clef.guarantees.models.visale import VisaleClaim, VisaleGuarantee

__all__ = [
    "FundClaim",
    "FundClaimDocument",
    "FundContribution",
    "FundContributor",
    "SecurityFund",
    "VisaleClaim",
    "VisaleGuarantee",
]
