from django.conf import settings
from django.core.checks import Error
from django.core.exceptions import ImproperlyConfigured


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


SECRET_KEY_HINT = (
    "Définissez SECRET_KEY dans l'environnement (.env) : 50 caractères aléatoires, par exemple "
    '`python3 -c "import secrets; print(secrets.token_urlsafe(50))"`.'
)


def public_secret_key() -> bool:
    """SECRET_KEY is the development key written in config/settings.py (also used when the variable is
    empty), known to anyone."""
    return settings.SECRET_KEY == settings.INSECURE_DEV_SECRET_KEY


def check_secret_key(app_configs=None, **kwargs) -> list[Error]:
    """Deployment check (`manage.py check --deploy`): no public SECRET_KEY without DEBUG."""
    if settings.DEBUG or not public_secret_key():
        return []
    return [
        Error(
            "SECRET_KEY est vide ou vaut la clé de développement publique alors que DEBUG est faux : "
            "n'importe qui pourrait forger des sessions et des liens de réinitialisation.",
            hint=SECRET_KEY_HINT,
            id="accounts.E002",
        )
    ]


def ensure_safe_to_serve() -> None:
    """Called by config/wsgi.py: refuse to serve real users (DEBUG off) with a public SECRET_KEY.

    Management commands (migrate, collectstatic, check…) do not load config/wsgi.py and keep working.
    """
    if not settings.DEBUG and public_secret_key():
        raise ImproperlyConfigured(
            "Clef refuse de démarrer : SECRET_KEY est vide ou vaut la clé de développement publique, "
            f"et DEBUG est faux. {SECRET_KEY_HINT} Pour une démonstration locale seulement : DEBUG=true."
        )


ENCRYPTION_KEYS_HINT = (
    "Définissez CLEF_FIELD_ENCRYPTION_KEYS dans l'environnement (.env) : une clé Fernet, par exemple "
    '`python3 -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"`, '
    "puis, lors d'un changement de clé, « nouvelle,ancienne »."
)


def check_field_encryption_keys(app_configs=None, **kwargs) -> list[Error]:
    """Deployment check: owners' bank details are encrypted with keys of their own, never with a key
    derived from SECRET_KEY (changing SECRET_KEY would make them unreadable); every key is a Fernet key."""
    from cryptography.fernet import Fernet

    keys = settings.CLEF_FIELD_ENCRYPTION_KEYS
    errors = []
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key.encode())
        except (ValueError, TypeError):
            errors.append(
                Error(
                    f"CLEF_FIELD_ENCRYPTION_KEYS : la clé n° {position} n'est pas une clé Fernet valide.",
                    hint=ENCRYPTION_KEYS_HINT,
                    id="accounts.E004",
                )
            )
    if not keys and not settings.DEBUG:
        errors.append(
            Error(
                "CLEF_FIELD_ENCRYPTION_KEYS est vide alors que DEBUG est faux : les coordonnées bancaires des "
                "propriétaires seraient chiffrées avec une clé dérivée de SECRET_KEY.",
                hint=ENCRYPTION_KEYS_HINT,
                id="accounts.E003",
            )
        )
    return errors
