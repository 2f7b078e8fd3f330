import time

from django.core.management.base import BaseCommand

from clef.demo.loader import DEMO_PASSWORD, DEMO_TRY, DEMO_USERS, demo_loaded, load_demo


class Command(BaseCommand):
    help = "Charge la région de démonstration (Auvergne-Rhône-Alpes fictive, bilan 2024). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="Ne pas afficher les identifiants.")

    def handle(self, *args, **options):
        started = time.monotonic()
        already = demo_loaded()
        counts = load_demo()
        elapsed = time.monotonic() - started
        if already:
            self.stdout.write("La région de démonstration était déjà chargée : rien n'a été dupliqué.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Région de démonstration chargée en {elapsed:.1f} s."))
        self.stdout.write(
            f"{counts['structures']} structures, {counts['logements']} logements, "
            f"{counts['menages']} ménages, {counts['sejours']} séjours."
        )
        if counts["quotidien"]:
            daily = ", ".join(f"{n} {label}" for label, n in counts["quotidien"].items())
            self.stdout.write(f"Travail quotidien des deux structures de démonstration : {daily}.")
        if counts["captation"]:
            captation = ", ".join(f"{n} {label}" for label, n in counts["captation"].items())
            self.stdout.write(f"Captation (structures de démonstration, guichet de la Savoie) : {captation}.")
        if counts.get("gestion_locative"):
            rental = ", ".join(f"{n} {label}" for label, n in counts["gestion_locative"].items())
            self.stdout.write(f"Gestion locative (structures de démonstration, fonds régional) : {rental}.")
        if not options["quiet_logins"]:
            self.stdout.write(f"\nComptes de démonstration (mot de passe commun : {DEMO_PASSWORD})")
            for email, _first, _last, roles, _superuser in DEMO_USERS:
                role_text = ", ".join(str(role.label) for _, role in roles)
                self.stdout.write(f"  {email:<34} {role_text} → {DEMO_TRY[email]}")
