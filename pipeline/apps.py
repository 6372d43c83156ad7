from django.apps import AppConfig


class PipelineConfig(AppConfig):
    name = "pipeline"
    verbose_name = "Ingestion pipeline"

    def ready(self):
        # jobs runs what it is given: the kinds of job are this app's to say.
        from jobs.kinds import register
        from pipeline.jobs import HANDLERS

        for kind, handler in HANDLERS.items():
            register(kind, handler)
