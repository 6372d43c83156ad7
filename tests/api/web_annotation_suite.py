"""The W3C Web Annotation test suite's MUST assertions (JSON Schema, draft-04), run over an
annotation we export. The suite lives beside the clone (``../shared/…``), as in CI."""

import json
from functools import cache
from pathlib import Path

from django.conf import settings

SUITE = Path(settings.BASE_DIR).parent / "shared" / "w3c-web-annotation-tests"
MUSTS = "annotations/annotationMusts.test"


@cache
def _assertions():
    from jsonschema import Draft4Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    # Every file under its base name: the suite's $refs name files, not paths.
    registry = Registry()
    for path in SUITE.rglob("*.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        registry = registry.with_resource(path.name, Resource.from_contents(schema, DRAFT4))
    registry = registry.crawl()
    listed = json.loads((SUITE / MUSTS).read_text(encoding="utf-8"))["assertions"]
    assertions = []
    for name in listed:
        schema = json.loads((SUITE / name).read_text(encoding="utf-8"))
        validator = Draft4Validator(schema, registry=registry)
        assertions.append((name, schema, validator))
    return assertions


def must_assertions() -> int:
    return len(_assertions())


def failed_musts(annotation: dict) -> list[str]:
    """The MUST assertions the annotation fails, each with the suite's error message."""
    failed = []
    for name, schema, validator in _assertions():
        valid = validator.is_valid(annotation)
        if valid != (schema.get("expectedResult", "valid") == "valid"):
            failed.append(f"{name}: {schema.get('errorMessage', '')}")
    return failed
