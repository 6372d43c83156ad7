"""What every endpoint of the REST API shares: permissions, pagination, the error shape.

DRF's settings import this module while rest_framework.views is loading, so it imports
no DRF views; the OpenAPI schema class lives in config/api_schema.py.
"""

import functools
from datetime import UTC

import django_filters
import orjson
from django import forms
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, pagination, parsers, permissions, renderers, status
from rest_framework.response import Response

from config.errors import ServiceError, error_envelope
from config.limits import validate_search

MAX_ID = 2**63 - 1  # the databases' bigint primary keys
# No request the API takes nests deeper than a few levels; Python's json gives up (with a
# RecursionError, a 500) somewhere near 1,000, and code walking what it parsed sooner.
API_MAX_JSON_DEPTH = 32


class RolePermissions(permissions.DjangoModelPermissions):
    """Model permissions from the user's role, reads included: analysts read, others write.

    DRF's DjangoModelPermissions lets any authenticated user read; Claimtrail asks for the
    model's ``view`` permission too, so an account without a role sees nothing.
    """

    perms_map = {
        **permissions.DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
    }


class RoleCanRead(RolePermissions):
    """Any method, if the role may read the model: for actions that check rights themselves
    (review transitions ask claims.review, which knows who may move what where)."""

    perms_map = {method: RolePermissions.perms_map["GET"] for method in RolePermissions.perms_map}


def count_of(reverse) -> Coalesce:
    """``Count()`` of a reverse relation (``count_of(Source.statements)``) as a subquery.

    ``annotate(n=Count("statements"))`` joins and groups the whole table, so a page sorted on
    any other column than the id aggregates every row before it can pick its 50; the
    subquery is evaluated for the rows on the page only, through the foreign key's index.
    """
    model, field = reverse.rel.related_model, reverse.field.name
    rows = model._base_manager.filter(**{field: OuterRef("pk")}).order_by().values(field)
    return Coalesce(Subquery(rows.annotate(n=Count("*")).values("n")), 0)


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, refusing a body nested deeper than ``API_MAX_JSON_DEPTH`` with 400."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            data = None  # deeper than Python's json reads: certainly too deep
        else:
            if json_depth(data) <= API_MAX_JSON_DEPTH:
                return data
        raise exceptions.ParseError(
            f"JSON parse error - the body is nested more than {API_MAX_JSON_DEPTH} levels deep.",
            code="json_too_deep",
        )


def json_depth(data) -> int:
    """How deeply lists and objects nest in ``data`` (a scalar is 0); a loop, no recursion."""
    deepest, pending = 0, [(data, 1)]
    while pending:
        value, depth = pending.pop()
        children = value.values() if isinstance(value, dict) else value
        if isinstance(value, dict | list):
            deepest = max(deepest, depth)
            pending.extend((child, depth + 1) for child in children)
    return deepest


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, which builds the view's FilterSet (a deep copy of every
    filter, a form with a field for each) on every request, building it of the filters the
    request names only — none, when it names none: a filter without a value filters
    nothing. (Each of our filters reads the parameter of its own name; none has a default.)"""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class and not request.query_params.keys() & filterset_class.base_filters:
            return queryset
        return super().filter_queryset(request, queryset, view)

    def get_filterset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None:
            return None
        named = frozenset(request.query_params.keys() & filterset_class.base_filters)
        kwargs = self.get_filterset_kwargs(request, queryset, view)
        return filterset_of(filterset_class, named)(**kwargs)


@functools.lru_cache(maxsize=512)
def filterset_of(filterset_class, names: frozenset):
    """``filterset_class`` with only the filters ``names``: what FilterBackend validates and
    applies for a request naming those. (The OpenAPI schema reads the whole class.)"""
    narrowed = type(filterset_class.__name__, (filterset_class,), {})
    narrowed.base_filters = {
        name: each for name, each in filterset_class.base_filters.items() if name in names
    }
    return narrowed


def moment_writer():
    """A function writing an aware datetime as DRF's ``DateTimeField`` does (ISO 8601 in the
    current time zone, UTC as "Z"), without its per-value checks: the lists read as values
    write 50 to 150 of them a page (tests/api/test_reading.py compares the two)."""
    zone = timezone.get_current_timezone()

    def moment(value) -> str:
        text = value.astimezone(zone).isoformat()
        return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text

    return moment


class CursorPagination(pagination.CursorPagination):
    """Stable pages over a changing collection: no item missed or repeated between pages."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    ordering = "-id"

    def paginate_queryset(self, queryset, request, view=None):
        # A cursor is base64 a client can forge; a position that is not a value of the
        # ordering field is a cursor that points nowhere, not a server error.
        try:
            return super().paginate_queryset(queryset, request, view)
        except (ValueError, TypeError, DjangoValidationError, DataError):
            raise exceptions.NotFound(self.invalid_cursor_message) from None


def exception_handler(exc, context):
    """Every error is ``{"error": {"status", "code", "message", "fields"?}}``.

    Clients branch on ``code`` (stable) and show ``message`` (for people); ``fields`` maps a
    request field to its problems on validation errors.
    """
    if isinstance(exc, ServiceError):  # a review refusal: 403, 400, 409 with its details
        return error_response(exc.status_code, exc.code, exc.message, **exc.details())
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    # Imported here: settings name this module, and rest_framework.views reads settings.
    from rest_framework.views import exception_handler as drf_exception_handler

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    message, extra = _message(exc), {}
    if isinstance(exc, exceptions.ValidationError):
        message = "The request has invalid fields."
        extra["fields"] = _flat_field_errors(exc.detail)
    response.data = error_envelope(response.status_code, _code(exc), message, **extra)
    return response


def _flat_field_errors(detail, prefix="") -> dict[str, list[str]]:
    """{"aliases": {"2": ["…"]}} becomes {"aliases.2": ["…"]}: one level, lists of strings."""
    if isinstance(detail, dict):
        flat = {}
        for key, value in detail.items():
            flat.update(_flat_field_errors(value, f"{prefix}.{key}" if prefix else str(key)))
        return flat
    if isinstance(detail, list) and any(isinstance(item, dict | list) for item in detail):
        flat = {}
        for index, value in enumerate(detail):
            flat.update(_flat_field_errors(value, f"{prefix}.{index}" if prefix else str(index)))
        return flat
    messages = detail if isinstance(detail, list) else [detail]
    return {prefix or "non_field_errors": [str(message) for message in messages]}


def _code(exc) -> str:
    codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else None
    if isinstance(codes, str):
        return codes
    return getattr(exc, "default_code", "error")


def _message(exc) -> str:
    detail = getattr(exc, "detail", None)
    if isinstance(detail, str):
        return str(detail)
    return str(getattr(exc, "default_detail", "Error."))


def error_response(status_code: int, code: str, message: str, **extra) -> Response:
    """An error built by a view itself, in the same shape as the handler's."""
    return Response(error_envelope(status_code, code, message, **extra), status=status_code)


CONFLICT = status.HTTP_409_CONFLICT


# Datetimes to DRF's encoder ("Z" for UTC, microseconds as isoformat writes them); integer
# and other non-string keys written as strings, as Python's json does.
ORJSON_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_NON_STR_KEYS


class JSONRenderer(renderers.JSONRenderer):
    """DRF's JSON renderer, writing with orjson: the same document (compact, UTF-8, U+2028
    and U+2029 escaped, dates and decimals as DRF's encoder writes them) in a third of the
    time: 0.11 ms for a page of 50 statements, where DRF's took 0.32. What orjson cannot
    write (indented JSON, as the browsable API asks for; integers past 64 bits; nesting past
    254 levels) is written by DRF's."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        indent = self.get_indent(accepted_media_type, renderer_context or {})
        if data is None or indent is not None:
            return super().render(data, accepted_media_type, renderer_context)
        default = self.encoder_class().default
        try:
            rendered = orjson.dumps(data, default=default, option=ORJSON_OPTIONS)
        except orjson.JSONEncodeError:
            return super().render(data, accepted_media_type, renderer_context)
        # As DRF does: JavaScript before ES2019 ends a string literal at either character.
        return rendered.replace(b"\xe2\x80\xa8", b"\\u2028").replace(b"\xe2\x80\xa9", b"\\u2029")


class JSONLDRenderer(JSONRenderer):
    """JSON-LD, with ``<``, ``>`` and ``&`` written as ``\\u003c``, ``\\u003e``, ``\\u0026``.

    The same JSON to a parser; but JSON-LD (ClaimReview above all) is made to be pasted into
    ``<script type="application/ld+json">``, where a ``</script>`` in a quoted document's
    text would close the script and run what follows in the consumer's page.
    """

    media_type = "application/ld+json"
    format = "jsonld"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        rendered = super().render(data, accepted_media_type, renderer_context)
        # Outside strings JSON has none of these characters, so this only touches strings.
        return (
            rendered.replace(b"<", b"\\u003c").replace(b">", b"\\u003e").replace(b"&", b"\\u0026")
        )


class CSVRenderer(renderers.BaseRenderer):
    """Lets a client ask for text/csv; the export views stream the CSV themselves."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        # Only errors reach a renderer here; they keep their JSON shape.
        return JSONRenderer().render(data)


class SearchFilter(django_filters.CharFilter):
    """A ``q`` text filter, refused (400 naming ``q``) over the search limits."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", [validate_search])
        super().__init__(*args, **kwargs)


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdFilter(django_filters.NumberFilter):
    """A filter on a row id: an unknown id filters to nothing instead of failing validation."""

    field_class = forms.IntegerField

    def filter(self, qs, value):
        if value is not None and not 1 <= value <= MAX_ID:
            return qs.none()
        return super().filter(qs, value)


class DateTimeFilter(django_filters.IsoDateTimeFilter):
    """An ISO 8601 date-time filter that compares in UTC.

    PostgreSQL refuses UTC offsets beyond ±15:59, which ISO 8601 allows; converting first
    keeps such a query a query instead of a database error.
    """

    def filter(self, qs, value):
        if value is not None:
            try:
                value = value.astimezone(UTC)
            except OverflowError:
                raise exceptions.ValidationError(
                    {self.field_name: ["Date-time out of range."]}
                ) from None
        return super().filter(qs, value)
