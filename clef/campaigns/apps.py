from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "clef.campaigns"
    label = "campaigns"
    verbose_name = "Campagnes de collecte"

    def ready(self) -> None:
        # A file uploaded for a declaration validates it or flags it once imported: clef.campaigns depends
        # on clef.exchange, which calls back through this registration (no import the other way).
        from clef.campaigns.services import file_processed
        from clef.exchange.jobs import on_job_finished

        def declaration_file_processed(job) -> None:
            if job.declaration_id and not job.dry_run:
                file_processed(job=job)

        on_job_finished(declaration_file_processed)
