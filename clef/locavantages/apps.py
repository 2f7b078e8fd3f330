from django.apps import AppConfig


class LocavantagesConfig(AppConfig):
    name = "clef.locavantages"
    label = "locavantages"
    verbose_name = "Loc'Avantages et primes"
