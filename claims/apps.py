from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims"

    def ready(self):
        post_migrate.connect(_ensure_roles_after_migrate, sender=self)


def _ensure_roles_after_migrate(sender, using, **kwargs):
    from claims.roles import ensure_roles

    ensure_roles()
