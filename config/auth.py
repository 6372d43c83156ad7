"""Who a request is and what they may do, in as few queries as the answers allow.

Every API request reads its token's user and checks a permission. DRF and Django's backend
take three queries for it (the token with its user; the user's own permissions; their
groups', that is their role's); here it is one, in plain SQL: the ORM took longer to build
those queries, and the database to plan them, than to answer them.
"""

from django.contrib.auth import backends
from django.contrib.auth.models import Permission, User
from django.db import connections, router
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

# Every permission a user holds, their own and their groups', as "app_label.codename"
# separated by spaces (codenames are identifiers), or NULL; {user} is the user's id, as a
# parameter or as a column of the outer query. PostgreSQL and SQLite name the aggregate
# differently, and that is all that differs.
PERMISSION_NAMES_SQL = """(
    SELECT {aggregate}(content_type.app_label || '.' || permission.codename, ' ')
    FROM auth_permission permission
    JOIN django_content_type content_type ON content_type.id = permission.content_type_id
    WHERE permission.id IN (
        SELECT permission_id FROM auth_user_user_permissions WHERE user_id = {user}
    ) OR permission.id IN (
        SELECT granted.permission_id FROM auth_group_permissions granted
        JOIN auth_user_groups member ON member.group_id = granted.group_id
        WHERE member.user_id = {user}
    )
)"""
STRING_AGGREGATE = {"postgresql": "STRING_AGG", "sqlite": "GROUP_CONCAT"}

# A token's user, with the token's creation time and the user's permissions.
TOKEN_USER_SQL = """
    SELECT auth_user.*, authtoken_token.created AS token_created,
        {permission_names} AS permission_names
    FROM authtoken_token JOIN auth_user ON auth_user.id = authtoken_token.user_id
    WHERE authtoken_token.key = %(key)s
"""


def permission_names_sql(database: str, user: str) -> str:
    vendor = connections[database].vendor
    return PERMISSION_NAMES_SQL.format(aggregate=STRING_AGGREGATE[vendor], user=user)


def remember_permissions(user, names: str | None) -> None:
    """Keep ``PERMISSION_NAMES_SQL``'s answer on the user, where ``ModelBackend`` keeps what
    it reads. A superuser holds every permission: the backend finds those itself."""
    if not user.is_superuser:
        user._perm_cache = set((names or "").split())


class ModelBackend(backends.ModelBackend):
    """``django.contrib.auth.backends.ModelBackend`` with the same answers, a user's own
    permissions and their role's read in one query, or none if ``TokenAuthentication`` read
    them with the user."""

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            if user_obj.is_superuser:
                pairs = Permission.objects.values_list("content_type__app_label", "codename")
                user_obj._perm_cache = {f"{app_label}.{codename}" for app_label, codename in pairs}
            else:
                database = router.db_for_read(Permission)
                with connections[database].cursor() as cursor:
                    sql = "SELECT " + permission_names_sql(database, user="%(user)s")
                    cursor.execute(sql, {"user": user_obj.pk})
                    remember_permissions(user_obj, cursor.fetchone()[0])
        return user_obj._perm_cache


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's ``Authorization: Token <key>``, with the same answers; the token's user and that
    user's permissions read in one query."""

    def authenticate_credentials(self, key):
        database = router.db_for_read(Token)  # the primary, with config.replica
        sql = TOKEN_USER_SQL.format(permission_names=permission_names_sql(database, "auth_user.id"))
        user = next(iter(User.objects.raw(sql, {"key": key}, using=database)), None)
        if user is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        remember_permissions(user, user.permission_names)
        token = Token.from_db(
            database, ["key", "user_id", "created"], [key, user.pk, user.token_created]
        )
        token.user = user
        return (user, token)
