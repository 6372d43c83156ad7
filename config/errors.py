"""The one shape of an error in JSON, and the errors that carry their own answer.

Every JSON error, from the API's exception handler, a view, the 404/500 handlers or a
refused request body, is ``{"error": {"status", "code", "message", …}}``, built here.
Domain code raises a ``ServiceError`` subclass (``claims.review.ReviewError``) that says
its status, stable code and details, so this module never imports domain code.
"""

from django.http import JsonResponse


def error_envelope(status: int, code: str, message: str, **extra) -> dict:
    """``code`` is stable (clients branch on it); ``message`` is for people."""
    return {"error": {"status": status, "code": code, "message": message, **extra}}


def json_error(status: int, code: str, message: str, **extra) -> JsonResponse:
    return JsonResponse(error_envelope(status, code, message, **extra), status=status)


class ServiceError(Exception):
    """A refusal that knows its HTTP answer: ``status_code``, ``code`` and ``details()``."""

    status_code = 400
    code = "error"

    def __init__(self, message: str, *, status_code: int | None = None):
        super().__init__(message)
        self.message = message
        if status_code is not None:
            self.status_code = status_code

    def details(self) -> dict:
        """Fields added to the error envelope besides status, code and message."""
        return {}


def refusal(error: Exception) -> tuple[int, str]:
    """The status and message with which an HTML form answers a refused write.

    One rule for every page and fragment: 403 when the user's role may not, 409 when someone
    else's newer save or review claim is in the way, 422 for anything the user can fix in the
    form (a ``ValidationError``, or a move the review table lacks). JSON gets ``json_error``.
    """
    if isinstance(error, ServiceError):
        return (error.status_code if error.status_code in (403, 409) else 422), error.message
    return 422, " ".join(getattr(error, "messages", [str(error)]))
