from django.conf import settings
from django.core.checks import Error


def check_otp_required_roles(app_configs=None, **kwargs) -> list[Error]:
    """OTP_REQUIRED_ROLES names roles that exist: a typo must not silently drop the 2FA requirement."""
    from clef.organisations.models import Role

    unknown = sorted(set(settings.OTP_REQUIRED_ROLES) - set(Role.values))
    if unknown:
        return [
            Error(
                f"OTP_REQUIRED_ROLES contient des rôles inconnus : {', '.join(unknown)}.",
                hint=f"Rôles possibles : {', '.join(Role.values)}.",
                id="accounts.E001",
            )
        ]
    return []
