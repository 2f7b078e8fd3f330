import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from clef.accounts.models import User


class Command(BaseCommand):
    help = (
        "Démonstration seulement (DEBUG=true) : affiche le code à 6 chiffres du moment pour un compte "
        "qui configure ou a configuré la double authentification, à la place d'une application."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="Adresse électronique du compte.")

    def handle(self, *args, email: str, **options):
        if not settings.DEBUG:
            raise CommandError("Réservé à la démonstration : lancez-la avec DEBUG=true.")
        user = User.objects.filter(email=email.strip().lower()).first()
        if user is None:
            raise CommandError("Aucun compte avec cette adresse.")
        device = TOTPDevice.objects.filter(user=user).order_by("-confirmed", "pk").first()
        if device is None:
            raise CommandError(
                "Ce compte n'a pas encore commencé à configurer la double authentification : "
                "connectez-vous d'abord, la page « Activer la double authentification » s'affiche."
            )
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        totp.time = time.time()
        remaining = device.step - int(totp.time - device.t0) % device.step
        self.stdout.write(f"{totp.token():06d}  (valable encore {remaining} s)")
