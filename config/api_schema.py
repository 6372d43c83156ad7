"""The OpenAPI schema: drf-spectacular's, with the error responses every endpoint can give."""

from drf_spectacular import openapi
from rest_framework import serializers


class ErrorDetailSerializer(serializers.Serializer):
    status = serializers.IntegerField()
    code = serializers.CharField(help_text="Stable, for programs: not_found, invalid, conflict…")
    message = serializers.CharField(help_text="For people.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Validation errors by request field.",
    )


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's schema, with the error responses every endpoint can give."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        codes = {
            "401": "Not authenticated.",
            "403": "Your role may not do this.",
            "429": "Too many requests; retry after the Retry-After header's seconds.",
        }
        if self.method in {"POST", "PUT", "PATCH"} or self._is_list_view():
            codes["400"] = "Invalid request or query parameter: see error.fields."
        if self.method in {"POST", "PUT", "PATCH"}:
            codes["413"] = "The request body is over its size limit: see error.message."
        if "{" in self.path or self.method != "GET":
            codes["404"] = "No such item."
        elif self._is_list_view():
            codes["404"] = "The cursor points to no page (it is opaque: use next/previous)."
        if "{" in self.path and self.method in {"PUT", "PATCH", "POST"}:
            codes.setdefault("409", "The item changed since the version you edited.")
        for code, description in codes.items():
            if code not in responses:
                response = self._get_response_for_code(ErrorSerializer, code, direction=direction)
                response["description"] = description
                responses[code] = response
        return responses
