"""Migrations are history: they must not import our application code, whose later changes
would otherwise change what an old migration does on a database that has not yet run it."""

import ast
import importlib
from pathlib import Path

import pytest
from django.apps import apps

from tests.factories import SourceFactory

ROOT = Path(__file__).resolve().parent.parent
OUR_PACKAGES = {"claims", "sources", "pipeline", "jobs", "config", "accounts", "monitoring"}


def imported_modules(path):
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module


def test_no_migration_imports_application_code():
    # An app's models module is the exception Django writes itself: a field default that is a
    # callable (monitoring's token) is referenced by its path, and copying it would make
    # makemigrations see a change.
    offenders = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in sorted(ROOT.glob("*/migrations/*.py"))
        for module in imported_modules(path)
        if module.split(".")[0] in OUR_PACKAGES and not module.endswith(".models")
    ]
    assert offenders == []


@pytest.mark.django_db
def test_the_frozen_language_migration_normalises_and_detects_stored_languages():
    migration = importlib.import_module("sources.migrations.0004_source_language_iso")
    tagged = SourceFactory(language="en-US")
    untagged = SourceFactory(language="")
    garbage = SourceFactory(language="not a language", text="12 34")

    migration.detect_missing_languages(apps, None)

    for source in (tagged, untagged, garbage):
        source.refresh_from_db()
    assert (tagged.language, untagged.language, garbage.language) == ("en", "en", "")
