from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = "Monitoring"

    def ready(self):
        # The job queue knows nothing of feeds: monitoring registers its job kind here.
        from jobs.kinds import register
        from monitoring.polling import poll_feed_job

        register("poll_feed", poll_feed_job)
