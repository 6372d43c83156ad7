"""Reads from a PostgreSQL read replica, writes to the primary; off unless
``DATABASE_REPLICA_URL`` is set (config/settings.py then adds the ``replica`` database, the
router and the middleware below).

What goes where:

- **Writes** always go to the primary (``default``).
- **Reads in a web request** go to the replica, except where they could miss a write the
  replica has not received yet (it lags the primary by a moment):
  - a request that writes (``POST``, ``PUT``, ``PATCH``, ``DELETE``) reads from the primary
    throughout, and so does any request after its first write;
  - reads inside a transaction (``transaction.atomic()``) on the primary read the primary:
    a write path reads what it is about to change there;
  - sessions, API tokens and login throttling records are always read from the primary: a
    sign-in or a new token works at once, from any client;
  - after a request that wrote, the client gets a cookie (``primary_db``) that sends its
    reads to the primary for ``DATABASE_REPLICA_PIN_SECONDS`` (15): the page it is
    redirected to, and its next few requests, see its own writes. Clients that keep no
    cookies see their writes in the write's own response and, a moment later, everywhere.
- **Outside web requests** (background jobs, management commands) everything reads the
  primary: a job reads what it wrote a moment before.
"""

import contextvars

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
PIN_COOKIE = "primary_db"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}
# Read right after they are written, often by another client than the writer's.
PRIMARY_ONLY_APPS = {"sessions", "authtoken", "axes"}

# The current request's state: {"pinned": bool, "wrote": bool}; None outside a request.
_request = contextvars.ContextVar("claimtrail_replica_request", default=None)


class ReplicaRouter:
    """Django's database router: see the module's docstring."""

    def db_for_read(self, model, **hints):
        state = _request.get()
        if (
            state is None
            or state["pinned"]
            or model._meta.app_label in PRIMARY_ONLY_APPS
            or connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return DEFAULT_DB_ALIAS
        return REPLICA

    def db_for_write(self, model, **hints):
        state = _request.get()
        if state is not None and model._meta.app_label not in PRIMARY_ONLY_APPS:
            state["pinned"] = state["wrote"] = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, two copies

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS  # the replica follows the primary's schema by itself


class ReplicaPinMiddleware:
    """Opens each request's state for the router; pins the client to the primary for a
    while after a request that wrote (the ``primary_db`` cookie)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        pinned = request.method not in SAFE_METHODS or PIN_COOKIE in request.COOKIES
        state = {"pinned": pinned, "wrote": False}
        token = _request.set(state)
        try:
            response = self.get_response(request)
        finally:
            _request.reset(token)
        if state["wrote"]:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.DATABASE_REPLICA_PIN_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
