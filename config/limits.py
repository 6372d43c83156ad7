"""Request limits, refused with an answer that names the limit: JSON in the API's error shape
for API clients, a readable page for people.

- ``RequestSizeMiddleware``: a request body over its limit is refused with 413 before
  anything reads it (``REQUEST_MAX_BYTES`` with files, ``DATA_UPLOAD_MAX_MEMORY_SIZE``
  without: Django checks form data itself, but DRF reads a JSON body without that check).
- ``bad_request``: Django's own refusals of a request body (form fields over
  ``DATA_UPLOAD_MAX_MEMORY_SIZE``, too many fields or files) are answered the same way,
  instead of Django's bare 400 page.
- ``validate_search``: a search box or ``q`` filter is refused over ``SEARCH_MAX_LENGTH``
  characters or ``SEARCH_MAX_TERMS`` words (a NUL character is refused by every form field).
- ``IngestUrlThrottle``: ingesting by URL makes the server fetch from elsewhere, so it has a
  stricter rate of its own (scope ``ingest_url``), shared by the API and the upload page.
"""

from django.conf import settings
from django.core.exceptions import (
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
    ValidationError,
)
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from rest_framework.throttling import UserRateThrottle

from config.errors import json_error


class RequestSizeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        size = content_length(request)
        with_files = request.content_type == "multipart/form-data"
        setting = "REQUEST_MAX_BYTES" if with_files else "DATA_UPLOAD_MAX_MEMORY_SIZE"
        limit = getattr(settings, setting)
        if limit is not None and size > limit:
            kind = "a request with files" if with_files else "a request without files"
            message = (
                f"The request is {size:,} bytes, over the limit of {limit:,} bytes for {kind}."
            )
            return refused(request, 413, "request_too_large", message)
        return self.get_response(request)


def bad_request(request, exception):
    """``handler400``: Django's refusals of a request body, each named; other 400s as usual."""
    if isinstance(exception, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        message = f"The form's fields are over the limit of {limit:,} bytes."
        return refused(request, 413, "request_too_large", message)
    if isinstance(exception, TooManyFieldsSent):
        limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        message = f"The request has too many fields: the limit is {limit:,}."
        return refused(request, 400, "too_many_fields", message)
    if isinstance(exception, TooManyFilesSent):
        limit = settings.DATA_UPLOAD_MAX_NUMBER_FILES
        message = f"The request has too many files: the limit is {limit:,}."
        return refused(request, 400, "too_many_files", message)
    return refused(request, 400, "bad_request", "The request could not be understood.")


def refused(request, status: int, code: str, message: str):
    if request.path.startswith("/api/"):
        return json_error(status, code, message)
    # Middleware that would say whether this is an htmx request may not have run yet.
    fragment = request.headers.get("HX-Request") == "true"
    context = {
        "status": status,
        "message": message,
        "document_limit": settings.INGEST_MAX_BYTES,
        "fragment": fragment,
        "back_url": same_origin_path(request),
    }
    response = render(request, "limit_error.html", context, status=status)
    if fragment:
        # The page as the answer, not the form it was sent from: htmx shows it in <main>.
        response["HX-Retarget"] = "#main"
        response["HX-Reswap"] = "innerHTML"
    return response


def same_origin_path(request) -> str:
    """The path the refused request was sent to, to link "Back" to; "" if that path would
    leave the site (``//evil.example/`` is a path to the server, a host to a browser)."""
    path = request.path
    if path.startswith("/") and url_has_allowed_host_and_scheme(
        path, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return path
    return ""


def content_length(request) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


def validate_search(query: str) -> None:
    """A search the engines are asked: not longer than the limits, each named when refused."""
    most, length = settings.SEARCH_MAX_LENGTH, len(query)
    if length > most:
        raise ValidationError(
            f"Search with at most {most:,} characters (this search has {length:,}).",
            code="search_too_long",
        )
    most, terms = settings.SEARCH_MAX_TERMS, len(query.split())
    if terms > most:
        raise ValidationError(
            f"Search with at most {most:,} words (this search has {terms:,}).",
            code="search_too_many_words",
        )


class IngestUrlThrottle(UserRateThrottle):
    """Fetches per user (or address, signed out): ``API_THROTTLE_INGEST_URL``."""

    scope = "ingest_url"


def fetch_wait(request) -> float | None:
    """None if ``request``'s user may have one more URL fetched now, else seconds to wait
    (and the fetch is counted when allowed)."""
    throttle = IngestUrlThrottle()
    if throttle.allow_request(request, None):
        return None
    return throttle.wait() or 1.0
