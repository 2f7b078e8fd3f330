from clef.guarantees.models.fund import (
    FundClaim,
    FundClaimDocument,
    FundContribution,
    FundContributor,
    SecurityFund,
)

__all__ = [
    "FundClaim",
    "FundClaimDocument",
    "FundContribution",
    "FundContributor",
    "SecurityFund",
]
