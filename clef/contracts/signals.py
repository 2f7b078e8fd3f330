"""Re-captation: when a dwelling leaves the park (any writer that saves it: the dwelling form, the lease
slide, a service), `services.on_dwelling_exit` runs in the writer's transaction. Connected in
ContractsConfig.ready; the rule and the writes are in the service, not here.

The exit date the instance was loaded with is remembered at load time (post_init, no query), so only a
save that sets a new exit date calls the service. Bulk updates (`QuerySet.update`, `bulk_update`) send no
signal: they do not open a re-captation lead."""

from django.db.models.signals import post_init, post_save

from clef.dwellings.models import Dwelling

LOADED_EXIT = "_contracts_loaded_exit_date"


def remember_exit(sender, instance: Dwelling, **kwargs) -> None:
    # A deferred exit_date (`.only(...)`) is not read: reading it would cost a query.
    setattr(instance, LOADED_EXIT, instance.__dict__.get("exit_date"))


def dwelling_saved(sender, instance: Dwelling, created: bool, raw: bool = False, **kwargs) -> None:
    if raw or instance.exit_date is None:
        return
    if getattr(instance, LOADED_EXIT, None) == instance.exit_date:
        return  # the exit was already known: nothing new
    setattr(instance, LOADED_EXIT, instance.exit_date)
    from clef.contracts.services import on_dwelling_exit

    on_dwelling_exit(instance)


def connect() -> None:
    post_init.connect(remember_exit, sender=Dwelling, dispatch_uid="contracts_remember_exit")
    post_save.connect(dwelling_saved, sender=Dwelling, dispatch_uid="contracts_dwelling_saved")
