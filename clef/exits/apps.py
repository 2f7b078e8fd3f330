from django.apps import AppConfig


class ExitsConfig(AppConfig):
    name = "clef.exits"
    label = "exits"
    verbose_name = "Sorties accompagnées"

    def ready(self) -> None:
        # The exit of a stay closes its rent account and takes its losses from the accounts, in the exit's
        # transaction: clef.stays is below clef.rental, so it calls back through this registration.
        from clef.damages.services import on_claim_changed
        from clef.exits.losses import damage_found_after_exit, settle_at_exit
        from clef.stays.services import on_stay_ended

        on_stay_ended(settle_at_exit)
        on_claim_changed(damage_found_after_exit)
