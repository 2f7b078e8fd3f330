from django.apps import AppConfig
from django.core import checks


class AccountsConfig(AppConfig):
    name = "clef.accounts"
    label = "accounts"
    verbose_name = "Comptes"

    def ready(self) -> None:
        from clef.accounts.checks import (
            check_field_encryption_keys,
            check_otp_required_roles,
            check_secret_key,
        )

        checks.register(check_otp_required_roles)
        checks.register(check_secret_key, checks.Tags.security, deploy=True)
        checks.register(check_field_encryption_keys, checks.Tags.security, deploy=True)
