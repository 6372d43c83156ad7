"""Django's model permissions backend, reading a user's permissions in one query."""

from django.contrib.auth import backends
from django.contrib.auth.models import Permission


class ModelBackend(backends.ModelBackend):
    """``django.contrib.auth.backends.ModelBackend`` with the same answers, but a user's own
    permissions and their groups' (their role's) read in one query instead of two: every API
    request checks a permission, so this is one database round trip less per request."""

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            names = ("content_type__app_label", "codename")
            if user_obj.is_superuser:
                pairs = Permission.objects.values_list(*names)
            else:
                own = Permission.objects.filter(user=user_obj).values_list(*names).order_by()
                role = Permission.objects.filter(group__user=user_obj).values_list(*names)
                pairs = own.union(role.order_by(), all=True).order_by()
            user_obj._perm_cache = {f"{app_label}.{codename}" for app_label, codename in pairs}
        return user_obj._perm_cache
